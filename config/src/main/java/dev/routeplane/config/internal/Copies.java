package dev.routeplane.config.internal;

import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Unmodifiable copies that keep the file's order. {@code Map.copyOf}/{@code Set.copyOf} would scramble it, and
 * people read providers, models and tenants in the order they wrote them (error lists, dumps, CLI listings).
 */
public final class Copies {
    private Copies() {}

    public static <T> List<T> list(Collection<? extends T> source) {
        return List.copyOf(source);
    }

    public static <T> Set<T> orderedSet(Collection<? extends T> source) {
        return Collections.unmodifiableSet(new LinkedHashSet<>(source));
    }

    public static <K, V> Map<K, V> orderedMap(Map<? extends K, ? extends V> source) {
        Map<K, V> copy = new LinkedHashMap<>();
        source.forEach((k, v) -> copy.put(Objects.requireNonNull(k), Objects.requireNonNull(v)));
        return Collections.unmodifiableMap(copy);
    }
}
