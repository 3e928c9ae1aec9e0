package dev.routeplane.config;

/**
 * Router-wide limits and defaults (the {@code router:} section). Every field is optional in YAML; the defaults
 * are those of {@link #defaults()}.
 *
 * @param maxPromptBytes         largest accepted prompt in UTF-8 bytes; bigger requests are rejected (default 1 MiB)
 * @param maxRequestBytes        largest accepted request in bytes, every byte that travels with it (messages, tool
 *                               definitions, metadata, hints); bigger ones are refused with REQUEST_TOO_LARGE by the
 *                               API, {@code submit} and the router (default 921600 = 900 KiB: the routed task adds
 *                               the decision and, for fallbacks and cascades, attempts and stage answers, within
 *                               Kafka's default 1 MiB {@code max.request.size})
 * @param maxPromptTokens        largest accepted prompt in estimated tokens (default 200000)
 * @param defaultMaxOutputTokens output cap when neither the request nor the lane sets one (default 1024)
 * @param defaultDeadlineMs      deadline when an interactive or background request sets none (default 120000)
 * @param maxToolCalls           tool calls allowed per request (default 8)
 * @param explorationShare       share of traffic routed to a non-best eligible candidate so learned scores keep
 *                               getting evidence; 0..0.5 (default 0.05)
 * @param statsMaxAgeMs          learned route statistics older than this are ignored in favour of priors
 *                               (default 3600000 = 1 h)
 * @param minSamplesForStats     outcomes needed before a learned score replaces a model's priors (default 20)
 * @param defaultBatchDeadlineMs deadline when a request of latency class BATCH sets none (default 86400000 = 24 h,
 *                               OpenAI's batch completion window); batches submitted through the API or
 *                               {@code submit} carry their own completion window instead
 */
public record RouterSettings(
        long maxPromptBytes,
        long maxRequestBytes,
        int maxPromptTokens,
        int defaultMaxOutputTokens,
        long defaultDeadlineMs,
        int maxToolCalls,
        double explorationShare,
        long statsMaxAgeMs,
        int minSamplesForStats,
        long defaultBatchDeadlineMs) {

    /** The default deadline of a batch request: OpenAI's batch completion window. */
    public static final long DEFAULT_BATCH_DEADLINE_MS = 86_400_000L;

    /** Settings with the default batch deadline. */
    public RouterSettings(
            long maxPromptBytes,
            long maxRequestBytes,
            int maxPromptTokens,
            int defaultMaxOutputTokens,
            long defaultDeadlineMs,
            int maxToolCalls,
            double explorationShare,
            long statsMaxAgeMs,
            int minSamplesForStats) {
        this(
                maxPromptBytes,
                maxRequestBytes,
                maxPromptTokens,
                defaultMaxOutputTokens,
                defaultDeadlineMs,
                maxToolCalls,
                explorationShare,
                statsMaxAgeMs,
                minSamplesForStats,
                DEFAULT_BATCH_DEADLINE_MS);
    }

    /** The documented defaults. */
    public static RouterSettings defaults() {
        return new RouterSettings(1_048_576L, 921_600L, 200_000, 1024, 120_000L, 8, 0.05, 3_600_000L, 20);
    }
}
