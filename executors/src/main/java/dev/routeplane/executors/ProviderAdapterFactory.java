package dev.routeplane.executors;

/**
 * Creates adapters for one provider kind (a wire protocol such as {@code openai-compatible} or {@code anthropic}).
 * Discovered with {@link java.util.ServiceLoader}: list implementations in
 * {@code META-INF/services/dev.routeplane.executors.ProviderAdapterFactory}; they need a public no-argument
 * constructor.
 *
 * <p>Implementations must be stateless and thread-safe; {@link #create} is called once per worker at start.
 */
public interface ProviderAdapterFactory {

    /** The provider kind served, spelled as in {@code routeplane.yaml} (e.g. {@code openai-compatible}). */
    String kind();

    /** A new adapter for the provider in {@code context}. */
    ProviderAdapter create(AdapterContext context);
}
