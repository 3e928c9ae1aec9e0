package dev.routeplane.executors.internal;

import dev.routeplane.contract.CircuitState;
import dev.routeplane.contract.ProviderHealth;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes a provider's health to the compacted health topic: one report per key profile and then one for the
 * provider as a whole (keyProfile null, worst circuit state, summed in-flight), every interval and at once on any
 * circuit state transition. The provider-level report is written last so it is what compaction keeps.
 */
public final class HealthPublisher implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(HealthPublisher.class);

    private final String providerId;
    private final List<ProfileRuntime> profiles;
    private final OutputWriter out;
    private final Clock clock;
    private final ScheduledExecutorService scheduler;
    private final ScheduledFuture<?> periodic;

    public HealthPublisher(
            String providerId,
            List<ProfileRuntime> profiles,
            OutputWriter out,
            Clock clock,
            ScheduledExecutorService scheduler,
            Duration interval) {
        this.providerId = providerId;
        this.profiles = profiles;
        this.out = out;
        this.clock = clock;
        this.scheduler = scheduler;
        for (ProfileRuntime p : profiles) {
            p.breaker.getEventPublisher().onStateTransition(e -> {
                LOG.info("circuit {} {}", p.name, e.getStateTransition());
                scheduler.execute(this::publish);
            });
        }
        this.periodic = scheduler.scheduleAtFixedRate(this::publish, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Publishes every report now. */
    public void publish() {
        try {
            CircuitState worst = CircuitState.CLOSED;
            double errorSum = 0;
            long p50 = 0;
            long p95 = 0;
            int inFlight = 0;
            for (ProfileRuntime p : profiles) {
                ProviderHealth h = report(p);
                out.health(h);
                worst = worse(worst, h.getCircuitState());
                errorSum += h.getErrorRate();
                p50 = Math.max(p50, h.getLatencyP50Ms());
                p95 = Math.max(p95, h.getLatencyP95Ms());
                inFlight += h.getInFlight();
            }
            out.health(new ProviderHealth(
                    providerId,
                    null,
                    worst,
                    profiles.isEmpty() ? 0 : errorSum / profiles.size(),
                    p50,
                    p95,
                    inFlight,
                    clock.instant()));
        } catch (RuntimeException e) {
            LOG.warn("could not publish health of {}: {}", providerId, e.toString());
        }
    }

    private ProviderHealth report(ProfileRuntime p) {
        float failureRate = p.breaker.getMetrics().getFailureRate();
        return new ProviderHealth(
                providerId,
                p.profileId(),
                state(p.breaker.getState()),
                failureRate < 0 ? 0.0 : failureRate / 100.0,
                p.latency.quantile(0.5),
                p.latency.quantile(0.95),
                p.inFlight(),
                clock.instant());
    }

    static CircuitState state(CircuitBreaker.State s) {
        return switch (s) {
            case OPEN, FORCED_OPEN -> CircuitState.OPEN;
            case HALF_OPEN -> CircuitState.HALF_OPEN;
            default -> CircuitState.CLOSED;
        };
    }

    private static CircuitState worse(CircuitState a, CircuitState b) {
        return rank(a) >= rank(b) ? a : b;
    }

    private static int rank(CircuitState s) {
        return switch (s) {
            case OPEN -> 2;
            case HALF_OPEN -> 1;
            case CLOSED -> 0;
        };
    }

    @Override
    public void close() {
        periodic.cancel(false);
        publish();
    }
}
