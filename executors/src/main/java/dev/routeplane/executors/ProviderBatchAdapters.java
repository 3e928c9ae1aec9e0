package dev.routeplane.executors;

import dev.routeplane.executors.internal.FactoriesByKind;
import java.util.Map;
import java.util.Optional;

/** The batch adapter factories found on the class path, by provider kind. Immutable and thread-safe. */
public final class ProviderBatchAdapters {
    private final Map<String, ProviderBatchAdapterFactory> byKind;

    private ProviderBatchAdapters(Map<String, ProviderBatchAdapterFactory> byKind) {
        this.byKind = Map.copyOf(byKind);
    }

    /** Loads every {@link ProviderBatchAdapterFactory} visible to this class's loader. */
    public static ProviderBatchAdapters load() {
        return new ProviderBatchAdapters(
                FactoriesByKind.load(ProviderBatchAdapterFactory.class, ProviderBatchAdapterFactory::kind));
    }

    /** The factory for {@code kind}, if a batch adapter serves it. */
    public Optional<ProviderBatchAdapterFactory> forKind(String kind) {
        return Optional.ofNullable(byKind.get(kind));
    }
}
