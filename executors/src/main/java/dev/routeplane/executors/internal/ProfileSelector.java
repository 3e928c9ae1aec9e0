package dev.routeplane.executors.internal;

import dev.routeplane.config.LatencyClass;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.ratelimiter.RateLimiter;
import java.time.Instant;
import java.util.List;

/**
 * Picks the key profile with the most headroom, so traffic moves before any limit is hit. Headroom is the smallest
 * of: the provider's remaining-quota share from the last response's headers (until their reset), the local request
 * and token limiters' free share this period (negative once calls are queued ahead), and the free bulkhead share.
 * Profiles with an open circuit are used only when every profile's circuit is open. Only profiles serving the call's
 * latency class are considered, and batch work takes a key dedicated to it while that key can start it within a second.
 */
public final class ProfileSelector {
    /** How far ahead batch work books a key dedicated to it before it takes a shared key instead. */
    private static final long OWN_KEY_AHEAD_NANOS = java.util.concurrent.TimeUnit.SECONDS.toNanos(1);

    private ProfileSelector() {}

    public static ProfileRuntime pick(List<ProfileRuntime> profiles, Instant now) {
        return pick(profiles, null, now);
    }

    /**
     * As {@link #pick(List, Instant)} among the profiles that serve {@code latencyClass} (every profile when null): a
     * key dedicated to batch work is never picked for an interactive call. A provider's configuration keeps a key for
     * every class, so there is always one.
     */
    public static ProfileRuntime pick(List<ProfileRuntime> profiles, LatencyClass latencyClass, Instant now) {
        ProfileRuntime best = null;
        double bestScore = Double.NEGATIVE_INFINITY;
        for (ProfileRuntime p : profiles) {
            if (latencyClass != null && !p.serves(latencyClass)) {
                continue;
            }
            double score = headroom(p, now);
            if (latencyClass == LatencyClass.BATCH && p.profile.dedicated() && ownKeyReady(p, now)) {
                // Batch work uses its own keys first and what shared keys leave after: above any shared key's
                // headroom (at most 1), ordered among the own keys by theirs (a booked-ahead share may be below -1).
                score = 3 + Math.max(-1, score);
            }
            if (p.breaker.getState() == CircuitBreaker.State.OPEN) {
                score -= 10; // below every usable profile, still ordered among the open ones
            }
            if (score > bestScore) {
                best = p;
                bestScore = score;
            }
        }
        return best;
    }

    /**
     * Whether a key dedicated to batch work takes the next batch call itself: it has a free slot, the provider's
     * headers leave quota, and neither of its limiters is booked more than {@link #OWN_KEY_AHEAD_NANOS} ahead. Not
     * "headroom above zero": a key of a few hundred rpm gets one request permit per ~120 ms slice, and a poll's tasks
     * are dispatched together, so it would take one call of each poll and leave the rest to the shared key (bench
     * batch saw the bundled 500 rpm batch key at ~40 % of its rpm while the shared key ran at its token limit with
     * calls waiting for a slot). Booking it a second ahead costs a batch call at most that second.
     */
    private static boolean ownKeyReady(ProfileRuntime p, Instant now) {
        return p.bulkhead.getMetrics().getAvailableConcurrentCalls() > 0
                && p.snapshot().headroom(now) > 0
                && bookedAheadNanos(p.requests) < OWN_KEY_AHEAD_NANOS
                && bookedAheadNanos(p.tokens) < OWN_KEY_AHEAD_NANOS;
    }

    /** How far past the current period a limiter's permits are booked: zero while it has permits left. */
    static long bookedAheadNanos(RateLimiter limiter) {
        long available = limiter.getMetrics().getAvailablePermissions();
        if (available > 0) {
            return 0;
        }
        var config = limiter.getRateLimiterConfig();
        return (long) ((double) -available
                / config.getLimitForPeriod()
                * config.getLimitRefreshPeriod().toNanos());
    }

    /** The profile's headroom in (-inf, 1]; 1 is untouched. */
    public static double headroom(ProfileRuntime p, Instant now) {
        double remote = p.snapshot().headroom(now);
        double requests = share(
                p.requests.getMetrics().getAvailablePermissions(),
                p.requests.getRateLimiterConfig().getLimitForPeriod());
        double tokens = share(
                p.tokens.getMetrics().getAvailablePermissions(),
                p.tokens.getRateLimiterConfig().getLimitForPeriod());
        int max = p.bulkhead.getBulkheadConfig().getMaxConcurrentCalls();
        double slots = share(p.bulkhead.getMetrics().getAvailableConcurrentCalls(), max);
        return Math.min(Math.min(remote, requests), Math.min(tokens, slots));
    }

    private static double share(long available, long limit) {
        return limit <= 0 ? 1.0 : Math.min(1.0, (double) available / limit);
    }
}
