package dev.routeplane.executors;

import java.util.List;
import java.util.Map;

/**
 * Runs work through one provider's own batch API (OpenAI-compatible {@code /v1/files} + {@code /v1/batches},
 * Anthropic {@code /v1/messages/batches}), where it costs the batch price. Like {@link ProviderAdapter} it maps
 * requests and answers and classifies errors, and knows nothing of Kafka, budgets or policy: the caller checks those
 * before {@link #submit} (a submitted line is billable) and records the batch durably before relying on it.
 *
 * <p><b>Threading:</b> implementations must be thread-safe. Every method blocks until the provider answered (an
 * upload of a large batch may take a while): call them from a poller or gatherer thread, never from an I/O thread.
 *
 * <p><b>Errors:</b> every method throws {@link ProviderCallException} for a provider or transport failure, classified
 * like a synchronous call (a 5xx or a connection failure is retryable, a 4xx permanent), and nothing else.
 *
 * <p><b>Lifecycle:</b> created by a {@link ProviderBatchAdapterFactory}; {@link #close()} once, when the owner stops.
 */
public interface ProviderBatchAdapter extends AutoCloseable {

    /**
     * Creates one provider batch of {@code lines} (uploading its input first where the API needs a file).
     *
     * @param lines    at least one; custom ids unique and matching {@code [A-Za-z0-9_-]{1,64}} (both APIs accept
     *                 that); OpenAI-compatible batches take one model per batch
     * @param key      the key to bill, or null for a keyless provider
     * @param metadata labels kept with the batch where the API has them (OpenAI {@code metadata})
     * @return the batch as just created
     */
    ProviderBatchStatus submit(List<BatchLine> lines, ApiKey key, Map<String, String> metadata);

    /** The batch's current status and counts. */
    ProviderBatchStatus poll(String batchId, ApiKey key);

    /**
     * The per-line results of an ended batch ({@link ProviderBatchStatus#ended()}): every line that finished, and,
     * for an expired or cancelled batch, the lines that never ran, marked so. Lines are in no particular order.
     *
     * @throws IllegalArgumentException if the batch has not ended
     */
    List<BatchLineResult> results(ProviderBatchStatus ended, ApiKey key);

    /** Asks the provider to stop the batch; lines already done stay done (and billed). */
    ProviderBatchStatus cancel(String batchId, ApiKey key);

    @Override
    default void close() {}

    /**
     * One request of a provider batch.
     *
     * @param customId the line's id within the batch, {@code [A-Za-z0-9_-]{1,64}}; it maps the result back
     * @param call     the request, as for a synchronous call (its timeout is not used)
     */
    record BatchLine(String customId, ProviderCall call) {}
}
