package dev.routeplane.executors;

import java.time.Instant;
import java.util.OptionalLong;

/**
 * The provider's view of a key's remaining quota, read from its rate-limit headers on any response (success or
 * 429). Unknown values are empty. Immutable.
 *
 * @param limitRequests     requests allowed per window, if sent
 * @param remainingRequests requests left in the window, if sent
 * @param requestsResetAt   when the request quota is fully restored, or null
 * @param limitTokens       tokens allowed per window, if sent
 * @param remainingTokens   tokens left in the window, if sent
 * @param tokensResetAt     when the token quota is fully restored, or null
 * @param retryAfterMillis  the {@code retry-after} the provider asked for, or -1
 * @param observedAt        when the headers were read
 */
public record RateLimitSnapshot(
        OptionalLong limitRequests,
        OptionalLong remainingRequests,
        Instant requestsResetAt,
        OptionalLong limitTokens,
        OptionalLong remainingTokens,
        Instant tokensResetAt,
        long retryAfterMillis,
        Instant observedAt) {

    /** A snapshot that knows nothing (no headers seen yet). */
    public static RateLimitSnapshot unknown(Instant at) {
        return new RateLimitSnapshot(
                OptionalLong.empty(),
                OptionalLong.empty(),
                null,
                OptionalLong.empty(),
                OptionalLong.empty(),
                null,
                -1,
                at);
    }

    /**
     * Fraction of the request and token quotas left, the smaller of the two, in [0, 1]; 1 when the provider sent
     * no usable headers, and 1 again once both reset instants have passed at {@code now}.
     */
    public double headroom(Instant now) {
        double requests = fraction(remainingRequests, limitRequests, requestsResetAt, now);
        double tokens = fraction(remainingTokens, limitTokens, tokensResetAt, now);
        return Math.min(requests, tokens);
    }

    private static double fraction(OptionalLong remaining, OptionalLong limit, Instant resetAt, Instant now) {
        if (remaining.isEmpty() || limit.isEmpty() || limit.getAsLong() <= 0) {
            return 1.0;
        }
        if (resetAt != null && !now.isBefore(resetAt)) {
            return 1.0;
        }
        return Math.max(0.0, Math.min(1.0, (double) remaining.getAsLong() / limit.getAsLong()));
    }
}
