package dev.routeplane.executors.internal;

import dev.routeplane.config.LatencyClass;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import java.time.Instant;
import java.util.List;

/**
 * Picks the key profile with the most headroom, so traffic moves before any limit is hit. Headroom is the smallest
 * of: the provider's remaining-quota share from the last response's headers (until their reset), the local request
 * and token limiters' free share this period (negative once calls are queued ahead), and the free bulkhead share.
 * Profiles with an open circuit are used only when every profile's circuit is open. Only profiles serving the call's
 * latency class are considered, and batch work takes a key dedicated to it while that key has headroom.
 */
public final class ProfileSelector {
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
            if (latencyClass == LatencyClass.BATCH && p.profile.dedicated() && score > 0) {
                score += 1; // batch work uses its own keys first and what shared keys leave after
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
