package dev.routeplane.executors.internal;

import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeMap;
import java.util.function.Function;

/** Loads {@link ServiceLoader} factories keyed by the provider kind they serve; two for one kind is an error. */
public final class FactoriesByKind {
    private FactoriesByKind() {}

    public static <F> Map<String, F> load(Class<F> type, Function<F, String> kind) {
        Map<String, F> found = new TreeMap<>();
        for (F factory : ServiceLoader.load(type, type.getClassLoader())) {
            F previous = found.putIfAbsent(kind.apply(factory), factory);
            if (previous != null) {
                throw new IllegalStateException("two " + type.getSimpleName() + "s serve provider kind '"
                        + kind.apply(factory) + "': " + previous.getClass().getName() + " and "
                        + factory.getClass().getName());
            }
        }
        return found;
    }
}
