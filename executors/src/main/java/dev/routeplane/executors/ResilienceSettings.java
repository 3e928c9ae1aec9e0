package dev.routeplane.executors;

import java.time.Duration;
import java.util.Objects;

/**
 * Tuning of the per-key-profile resilience primitives. Immutable.
 *
 * @param maxTries               calls per task on one provider, first try included (Resilience4j maxAttempts)
 * @param initialBackoff         first retry delay before jitter; doubles per retry
 * @param maxBackoff             cap of the exponential backoff (a longer Retry-After is still honoured)
 * @param retryBudgetRatio       retries allowed per first try, e.g. 0.2: an outage adds at most 20 % load
 * @param retryBudgetBurst       retries the budget holds when full (and starts with)
 * @param failureRateThreshold   percent of recorded failures that opens a circuit
 * @param slowCallThreshold      a call slower than this counts as slow
 * @param slowCallRateThreshold  percent of slow calls that opens a circuit
 * @param breakerWindow          calls in the circuit breaker's sliding window
 * @param breakerMinimumCalls    calls needed before the breaker judges
 * @param openStateWait          how long an open circuit fails fast before probing
 * @param rateLimitUtilisation   share of a profile's rpm/tpm the local limiter admits, below 1 so a rolling provider
 *                               window never sees more than the limit
 * @param maxRateWait            longest a call may wait for a local rate permit before failing as rate limited
 */
public record ResilienceSettings(
        int maxTries,
        Duration initialBackoff,
        Duration maxBackoff,
        double retryBudgetRatio,
        int retryBudgetBurst,
        float failureRateThreshold,
        Duration slowCallThreshold,
        float slowCallRateThreshold,
        int breakerWindow,
        int breakerMinimumCalls,
        Duration openStateWait,
        double rateLimitUtilisation,
        Duration maxRateWait) {

    public ResilienceSettings {
        if (maxTries < 1) {
            throw new IllegalArgumentException("maxTries must be >= 1, got " + maxTries);
        }
        Objects.requireNonNull(initialBackoff, "initialBackoff");
        Objects.requireNonNull(maxBackoff, "maxBackoff");
        if (retryBudgetRatio < 0 || retryBudgetRatio > 1) {
            throw new IllegalArgumentException("retryBudgetRatio must be in [0, 1], got " + retryBudgetRatio);
        }
        if (rateLimitUtilisation <= 0 || rateLimitUtilisation > 1) {
            throw new IllegalArgumentException("rateLimitUtilisation must be in (0, 1], got " + rateLimitUtilisation);
        }
        Objects.requireNonNull(slowCallThreshold, "slowCallThreshold");
        Objects.requireNonNull(openStateWait, "openStateWait");
        Objects.requireNonNull(maxRateWait, "maxRateWait");
    }

    /**
     * 3 tries, 250 ms backoff doubling to 8 s, retry budget 20 % with a burst of 10, circuit opens at 75 % failures
     * (or 80 % calls slower than 30 s) over 50 calls (20 minimum) and probes after 10 s, 98 % of rpm/tpm used.
     *
     * <p>Why 75 %: the circuit is for a provider that is down, not one that is degraded. 429s and local refusals are
     * not recorded at all (see ErrorPolicy), so a provider answering 30 % 5xx and 5 % dropped calls shows about 39 %
     * recorded failures; at a 50 % threshold a 50-call window crosses that by chance every few hundred calls and the
     * open circuit then fails every task for the whole open wait, turning a 35 % error rate into mostly failed
     * requests. A down provider fails nearly 100 % of calls and still opens after the 20 minimum calls.
     */
    public static ResilienceSettings defaults() {
        return new ResilienceSettings(
                3,
                Duration.ofMillis(250),
                Duration.ofSeconds(8),
                0.2,
                10,
                75f,
                Duration.ofSeconds(30),
                80f,
                50,
                20,
                Duration.ofSeconds(10),
                0.98,
                Duration.ofSeconds(30));
    }

    /** A copy with a different open-state wait. */
    public ResilienceSettings withOpenStateWait(Duration wait) {
        return new ResilienceSettings(
                maxTries,
                initialBackoff,
                maxBackoff,
                retryBudgetRatio,
                retryBudgetBurst,
                failureRateThreshold,
                slowCallThreshold,
                slowCallRateThreshold,
                breakerWindow,
                breakerMinimumCalls,
                wait,
                rateLimitUtilisation,
                maxRateWait);
    }

    /** A copy with a different backoff. */
    public ResilienceSettings withBackoff(Duration initial, Duration max) {
        return new ResilienceSettings(
                maxTries,
                initial,
                max,
                retryBudgetRatio,
                retryBudgetBurst,
                failureRateThreshold,
                slowCallThreshold,
                slowCallRateThreshold,
                breakerWindow,
                breakerMinimumCalls,
                openStateWait,
                rateLimitUtilisation,
                maxRateWait);
    }
}
