package dev.routeplane.executors;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;

/**
 * One executor worker's Micrometer meters (thread-safe; tags are config ids, outcome and reason codes, never
 * prompt text, tenant content or keys):
 * <ul>
 *   <li>{@code routeplane.requests} terminal results by {@code lane}, {@code provider}, {@code model},
 *       {@code status};
 *   <li>{@code routeplane.provider.latency} timer with a histogram, per call, by {@code provider}, {@code model},
 *       {@code outcome};
 *   <li>{@code routeplane.cost.usd} billed cost by {@code provider}, {@code model};
 *   <li>{@code routeplane.fallbacks} tasks handed to another provider, by {@code provider} (from) and {@code to};
 *   <li>{@code routeplane.rate.limiter.wait} time a call waited for local permits, by {@code provider},
 *       {@code key_profile};
 *   <li>{@code routeplane.circuit.breaker.state} 1 for a key profile's current state, 0 for the others;
 *   <li>{@code routeplane.executor.cascade} cascades whose cheap stages ended, by {@code lane}, {@code cascade} (its
 *       config-bounded id) and {@code verdict}: {@code kept} (a cheap answer returned), {@code escalated} (the
 *       signal called the escalation route), {@code stage_failed} (a cheap stage failed, or the
 *       policy re-check stopped it before its call);
 *   <li>{@code routeplane.executor.provider.batch.undecodable} ownership records of provider batches skipped because
 *       they cannot be decoded, by {@code provider};
 *   <li>{@code routeplane.executor.in.flight} tasks being worked on.
 * </ul>
 */
public final class ExecutorMeters {
    private final MeterRegistry registry;
    private final String provider;
    private final String worker;
    private final Map<Tags, Counter> requests = new ConcurrentHashMap<>();
    private final Map<Tags, Timer> latency = new ConcurrentHashMap<>();
    private final Map<String, Counter> cost = new ConcurrentHashMap<>();
    private final Map<String, Counter> fallbacks = new ConcurrentHashMap<>();
    private final Map<String, Timer> waits = new ConcurrentHashMap<>();
    private final Map<Tags, Counter> cascades = new ConcurrentHashMap<>();
    private final Counter undecodableOwnership;

    private ExecutorMeters(MeterRegistry registry, String provider, String worker) {
        this.registry = Objects.requireNonNull(registry, "registry");
        this.provider = Objects.requireNonNull(provider, "provider");
        this.worker = Objects.requireNonNull(worker, "worker");
        this.undecodableOwnership = Counter.builder("routeplane.executor.provider.batch.undecodable")
                .description("Ownership records of provider batches skipped because they cannot be decoded")
                .tags("provider", provider)
                .register(registry);
    }

    /**
     * Meters of one worker for {@code provider}, registered in {@code registry}; {@code worker} (its client id)
     * tells apart the gauges of several workers in one process.
     */
    public static ExecutorMeters of(MeterRegistry registry, String provider, String worker) {
        return new ExecutorMeters(registry, provider, worker);
    }

    /** Meters that record nothing. */
    public static ExecutorMeters none(String provider) {
        return new ExecutorMeters(new CompositeMeterRegistry(), provider, "none");
    }

    /** A terminal result written for a request routed in {@code lane}. */
    public void terminal(String lane, String model, String status) {
        Tags tags = Tags.of(
                "lane", nz(lane), "provider", provider, "model", nz(model), "status", status.toLowerCase(Locale.ROOT));
        requests.computeIfAbsent(
                        tags,
                        t -> Counter.builder("routeplane.requests")
                                .description("Requests ended with a terminal result, by lane, route and status")
                                .tags(t)
                                .register(registry))
                .increment();
    }

    /** One provider call that took {@code millis} and ended with {@code outcome} (SUCCEEDED or an error code). */
    public void call(String model, String outcome, long millis) {
        Tags tags = Tags.of("provider", provider, "model", nz(model), "outcome", outcome);
        latency.computeIfAbsent(
                        tags,
                        t -> Timer.builder("routeplane.provider.latency")
                                .description("Provider call latency as the executor saw it")
                                .publishPercentileHistogram()
                                .minimumExpectedValue(Duration.ofMillis(5))
                                .maximumExpectedValue(Duration.ofMinutes(2))
                                .tags(t)
                                .register(registry))
                .record(millis, TimeUnit.MILLISECONDS);
    }

    /** Cost billed for one call, in micro-dollars. */
    public void billed(String model, long costMicros) {
        cost.computeIfAbsent(
                        nz(model),
                        m -> Counter.builder("routeplane.cost.usd")
                                .description("Billed provider cost in US dollars")
                                .tags("provider", provider, "model", m)
                                .register(registry))
                .increment(costMicros / 1_000_000.0);
    }

    /** An ownership record on {@code rp.provider-batches.v1} skipped because it cannot be decoded. */
    public void undecodableOwnershipRecord() {
        undecodableOwnership.increment();
    }

    /** A task handed on to {@code toProvider}. */
    public void fallback(String toProvider) {
        fallbacks
                .computeIfAbsent(
                        nz(toProvider),
                        to -> Counter.builder("routeplane.fallbacks")
                                .description("Tasks forwarded to a fallback provider")
                                .tags("provider", provider, "to", to)
                                .register(registry))
                .increment();
    }

    /** The cheap stages of cascade {@code cascadeId} ended with {@code verdict} (kept, escalated, stage_failed). */
    public void cascade(String lane, String cascadeId, String verdict) {
        Tags tags = Tags.of("lane", nz(lane), "provider", provider, "cascade", nz(cascadeId), "verdict", verdict);
        cascades.computeIfAbsent(
                        tags,
                        t -> Counter.builder("routeplane.executor.cascade")
                                .description("Cascades whose cheap stages ended, by verdict")
                                .tags(t)
                                .register(registry))
                .increment();
    }

    /** Time a call waited for the local rate limiters of {@code keyProfile}. */
    public void rateLimiterWait(String keyProfile, long millis) {
        waits.computeIfAbsent(
                        keyProfile,
                        k -> Timer.builder("routeplane.rate.limiter.wait")
                                .description("Time calls waited for local rate-limit permits")
                                .tags("provider", provider, "key_profile", k)
                                .register(registry))
                .record(Math.max(0, millis), TimeUnit.MILLISECONDS);
    }

    /** Gauges of one key profile's circuit: one time series per state, 1 for the current one. */
    public void watchCircuit(String keyProfile, CircuitBreaker breaker) {
        for (CircuitBreaker.State state : CircuitBreaker.State.values()) {
            Gauge.builder("routeplane.circuit.breaker.state", breaker, b -> b.getState() == state ? 1 : 0)
                    .description("1 when the key profile's circuit is in this state")
                    .tags(
                            "provider",
                            provider,
                            "key_profile",
                            keyProfile,
                            "worker",
                            worker,
                            "state",
                            state.name().toLowerCase(Locale.ROOT))
                    .register(registry);
        }
    }

    /** Gauge of the tasks this worker has in flight. */
    public void watchInFlight(IntSupplier inFlight) {
        Gauge.builder("routeplane.executor.in.flight", inFlight, IntSupplier::getAsInt)
                .description("Tasks being worked on")
                .tags("provider", provider, "worker", worker)
                .strongReference(true)
                .register(registry);
    }

    private static String nz(String s) {
        return s == null || s.isEmpty() ? "none" : s;
    }
}
