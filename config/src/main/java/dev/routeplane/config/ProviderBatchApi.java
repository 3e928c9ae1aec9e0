package dev.routeplane.config;

/**
 * A provider's own batch API (OpenAI-compatible {@code /v1/files} + {@code /v1/batches}, Anthropic
 * {@code /v1/messages/batches}, by the provider's kind): work that can wait a provider batch's turnaround may be
 * sent through it at the model's batch price.
 *
 * @param maxRequestsPerBatch most requests in one provider batch (OpenAI 50,000; Anthropic 100,000)
 * @param maxBytesPerBatch    most bytes of one batch input (OpenAI 200 MB file; Anthropic 256 MB request)
 * @param turnaroundMs        how long the provider may take to finish a batch (both: 24 h); a request goes through
 *                            the batch API only when its deadline leaves at least this long
 */
public record ProviderBatchApi(int maxRequestsPerBatch, long maxBytesPerBatch, long turnaroundMs) {

    public ProviderBatchApi {
        if (maxRequestsPerBatch <= 0 || maxBytesPerBatch <= 0 || turnaroundMs <= 0) {
            throw new IllegalArgumentException("batch API limits must be > 0, got " + maxRequestsPerBatch
                    + " requests, " + maxBytesPerBatch + " bytes, " + turnaroundMs + " ms");
        }
    }

    /** The documented limits of the kind's batch API and a 24 h turnaround. */
    public static ProviderBatchApi defaultsFor(ProviderKind kind) {
        return kind == ProviderKind.ANTHROPIC
                ? new ProviderBatchApi(100_000, 256L * 1024 * 1024, 86_400_000L)
                : new ProviderBatchApi(50_000, 200L * 1024 * 1024, 86_400_000L);
    }
}
