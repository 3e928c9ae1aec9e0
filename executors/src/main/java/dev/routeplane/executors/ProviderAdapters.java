package dev.routeplane.executors;

import dev.routeplane.executors.internal.FactoriesByKind;
import java.util.Map;

/** The adapter factories found on the class path, by kind. Immutable and thread-safe once built. */
public final class ProviderAdapters {
    private final Map<String, ProviderAdapterFactory> byKind;

    private ProviderAdapters(Map<String, ProviderAdapterFactory> byKind) {
        this.byKind = Map.copyOf(byKind);
    }

    /** Loads every {@link ProviderAdapterFactory} visible to this class's loader. */
    public static ProviderAdapters load() {
        return new ProviderAdapters(FactoriesByKind.load(ProviderAdapterFactory.class, ProviderAdapterFactory::kind));
    }

    /**
     * The factory for {@code kind}.
     *
     * @throws IllegalArgumentException naming the known kinds if none serves it
     */
    public ProviderAdapterFactory forKind(String kind) {
        ProviderAdapterFactory factory = byKind.get(kind);
        if (factory == null) {
            throw new IllegalArgumentException("no provider adapter for kind '" + kind + "'; available: "
                    + byKind.keySet() + " (add a ProviderAdapterFactory to META-INF/services)");
        }
        return factory;
    }

    /** Kinds available. */
    public java.util.Set<String> kinds() {
        return byKind.keySet();
    }
}
