package dev.routeplane.executors;

import java.util.concurrent.CompletableFuture;

/**
 * Calls one provider over its wire protocol. An adapter maps a {@link ProviderCall} to the provider's request,
 * sends it, and maps the answer to a {@link ProviderResponse} or classifies it as a {@link ProviderCallException}.
 * It knows nothing about Kafka, retries, rate limiting or policy: the worker does those around it.
 *
 * <p><b>Threading:</b> implementations must be thread-safe; one instance serves every call of its provider,
 * thousands concurrently. {@link #call} must not block: it returns at once and completes the future on an I/O
 * thread.
 *
 * <p><b>Lifecycle:</b> created by a {@link ProviderAdapterFactory} when a worker starts; {@link #close()} is called
 * once when the worker stops, after which no more calls are made.
 */
public interface ProviderAdapter extends AutoCloseable {

    /**
     * Starts the call. The future completes with the billable completion (HTTP 200 with usage, any finish), or
     * exceptionally with a {@link ProviderCallException} for every other outcome: error statuses, a 200 carrying an
     * error body, a cut-off or unparseable body, a timeout after {@link ProviderCall#timeout()}, a connection
     * failure. It never completes with any other exception type.
     */
    CompletableFuture<ProviderResponse> call(ProviderCall call);

    /** Releases what the adapter holds; the default holds nothing beyond the shared HTTP client. */
    @Override
    default void close() {}
}
