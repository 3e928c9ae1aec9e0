package dev.routeplane.executors;

/**
 * Creates batch adapters for one provider kind, as {@link ProviderAdapterFactory} does synchronous ones. Discovered
 * with {@link java.util.ServiceLoader} through
 * {@code META-INF/services/dev.routeplane.executors.ProviderBatchAdapterFactory}; implementations need a public
 * no-argument constructor and must be stateless.
 */
public interface ProviderBatchAdapterFactory {

    /** The provider kind served, spelled as in {@code routeplane.yaml}. */
    String kind();

    /** A new batch adapter for the provider in {@code context}. */
    ProviderBatchAdapter create(AdapterContext context);
}
