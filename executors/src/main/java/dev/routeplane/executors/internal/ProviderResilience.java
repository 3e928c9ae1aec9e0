package dev.routeplane.executors.internal;

import dev.routeplane.config.KeyProfile;
import dev.routeplane.config.Provider;
import dev.routeplane.executors.ProviderCallException;
import dev.routeplane.executors.ResilienceSettings;
import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.bulkhead.BulkheadConfig;
import io.github.resilience4j.bulkhead.BulkheadRegistry;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.core.IntervalBiFunction;
import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import io.github.resilience4j.ratelimiter.RateLimiterRegistry;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import io.github.resilience4j.retry.RetryRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Builds one RateLimiter (rpm), one token RateLimiter (tpm, permits = tokens), Bulkhead (maxInFlight),
 * CircuitBreaker and Retry per key profile of a provider, in name-keyed registries, with the error policy of
 * {@link ErrorPolicy}. Also owns the provider's {@link RetryBudget}.
 */
public final class ProviderResilience {
    private final RateLimiterRegistry rateLimiters = RateLimiterRegistry.ofDefaults();
    private final BulkheadRegistry bulkheads = BulkheadRegistry.ofDefaults();
    private final CircuitBreakerRegistry breakers = CircuitBreakerRegistry.ofDefaults();
    private final RetryRegistry retries = RetryRegistry.ofDefaults();
    private final List<ProfileRuntime> profiles = new ArrayList<>();
    private final RetryBudget budget;

    public ProviderResilience(Provider provider, ResilienceSettings settings, Executor executor, Clock clock) {
        this.budget = new RetryBudget(settings.retryBudgetRatio(), settings.retryBudgetBurst());
        for (KeyProfile p : provider.keyProfiles()) {
            String name = provider.id() + "/" + p.id();
            // Requests in 100 ms slices; tokens per second, since one call may need many tokens at once.
            RateLimiter requests = rateLimiters.rateLimiter(name, perMinute(p.rpm(), settings, Duration.ofMillis(100)));
            RateLimiter tokens =
                    rateLimiters.rateLimiter(name + "/tokens", perMinute(p.tpm(), settings, Duration.ofSeconds(1)));
            Bulkhead bulkhead = bulkheads.bulkhead(
                    name,
                    BulkheadConfig.custom()
                            .maxConcurrentCalls(p.maxInFlight())
                            .maxWaitDuration(Duration.ZERO)
                            .build());
            CircuitBreaker breaker = breakers.circuitBreaker(name, breakerConfig(settings));
            Retry retry = retries.retry(name, retryConfig(settings));
            profiles.add(
                    new ProfileRuntime(name, p, requests, tokens, bulkhead, breaker, retry, executor, clock.instant()));
        }
    }

    public List<ProfileRuntime> profiles() {
        return profiles;
    }

    public RetryBudget budget() {
        return budget;
    }

    /**
     * A limiter admitting exactly {@code utilisation × perMinute} per minute in periods of about {@code period}: the
     * permits per period are rounded and the period stretched to match, so no share of the limit is lost to integer
     * truncation (990 rpm in one-second periods would admit 16/s = 960 rpm). Short periods spread calls evenly
     * instead of releasing a second's worth at once.
     */
    static RateLimiterConfig perMinute(long perMinute, ResilienceSettings s, Duration period) {
        double admittedPerMinute = perMinute * s.rateLimitUtilisation();
        double perPeriod = admittedPerMinute * period.toNanos() / 60e9;
        int limit = (int) Math.max(1, Math.min(Integer.MAX_VALUE, Math.round(perPeriod)));
        long periodNanos = (long) Math.ceil(limit * 60e9 / Math.max(admittedPerMinute, 1e-3));
        return RateLimiterConfig.custom()
                .timeoutDuration(s.maxRateWait())
                .limitRefreshPeriod(Duration.ofNanos(Math.max(1, periodNanos)))
                .limitForPeriod(limit)
                .build();
    }

    static CircuitBreakerConfig breakerConfig(ResilienceSettings s) {
        return CircuitBreakerConfig.custom()
                .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                .slidingWindowSize(s.breakerWindow())
                .minimumNumberOfCalls(s.breakerMinimumCalls())
                .failureRateThreshold(s.failureRateThreshold())
                .slowCallDurationThreshold(s.slowCallThreshold())
                .slowCallRateThreshold(s.slowCallRateThreshold())
                .waitDurationInOpenState(s.openStateWait())
                .permittedNumberOfCallsInHalfOpenState(3)
                .automaticTransitionFromOpenToHalfOpenEnabled(false)
                .recordException(ErrorPolicy.TRIPS_BREAKER)
                .ignoreException(ErrorPolicy.IGNORED_BY_BREAKER)
                .build();
    }

    /** Exponential backoff with full jitter, never shorter than the provider's Retry-After. */
    static RetryConfig retryConfig(ResilienceSettings s) {
        IntervalBiFunction<Object> interval = (attempt, outcome) -> {
            long base = s.initialBackoff().toMillis() << Math.min(20, Math.max(0, attempt - 1));
            long capped = Math.min(s.maxBackoff().toMillis(), base);
            long jittered = capped / 2 + ThreadLocalRandom.current().nextLong(capped / 2 + 1);
            long retryAfter = outcome.isLeft() && outcome.getLeft() instanceof ProviderCallException p
                    ? p.retryAfterMillis()
                    : -1;
            return Math.max(jittered, retryAfter);
        };
        return RetryConfig.custom()
                .maxAttempts(s.maxTries())
                .retryOnException(ErrorPolicy.RETRYABLE)
                .intervalBiFunction(interval)
                .failAfterMaxAttempts(false)
                .build();
    }
}
