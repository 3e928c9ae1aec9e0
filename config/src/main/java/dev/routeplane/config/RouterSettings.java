package dev.routeplane.config;

/**
 * Router-wide limits and defaults (the {@code router:} section). Every field is optional in YAML; the defaults
 * are those of {@link #defaults()}.
 *
 * @param maxPromptBytes         largest accepted prompt in UTF-8 bytes; bigger requests are rejected (default 1 MiB)
 * @param maxPromptTokens        largest accepted prompt in estimated tokens (default 200000)
 * @param defaultMaxOutputTokens output cap when neither the request nor the lane sets one (default 1024)
 * @param defaultDeadlineMs      deadline when the request sets none (default 120000)
 * @param maxToolCalls           tool calls allowed per request (default 8)
 * @param explorationShare       share of traffic routed to a non-best eligible candidate so learned scores keep
 *                               getting evidence; 0..0.5 (default 0.05)
 * @param statsMaxAgeMs          learned route statistics older than this are ignored in favour of priors
 *                               (default 3600000 = 1 h)
 * @param minSamplesForStats     outcomes needed before a learned score replaces a model's priors (default 20)
 */
public record RouterSettings(
        long maxPromptBytes,
        int maxPromptTokens,
        int defaultMaxOutputTokens,
        long defaultDeadlineMs,
        int maxToolCalls,
        double explorationShare,
        long statsMaxAgeMs,
        int minSamplesForStats) {

    /** The documented defaults. */
    public static RouterSettings defaults() {
        return new RouterSettings(1_048_576L, 200_000, 1024, 120_000L, 8, 0.05, 3_600_000L, 20);
    }
}
