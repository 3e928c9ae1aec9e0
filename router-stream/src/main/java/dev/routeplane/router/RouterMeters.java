package dev.routeplane.router;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The router's Micrometer meters, registered once and shared by its stream threads (thread-safe):
 * <ul>
 *   <li>{@code routeplane.decisions} counter by {@code lane}, {@code provider}, {@code model};
 *   <li>{@code routeplane.rejections} counter by {@code reason} (the rejection's reason code);
 *   <li>{@code routeplane.decision.latency} timer with a histogram: the router's own time per request record,
 *       from decoding to the last record forwarded.
 * </ul>
 * Tags carry ids from the config and reason codes only, never prompt text or tenant content.
 */
public final class RouterMeters {
    private final MeterRegistry registry;
    private final Timer latency;
    /** lane → provider → model → counter: looked up without allocating, once per routed request. */
    private final Map<String, Map<String, Map<String, Counter>>> decisions = new ConcurrentHashMap<>();

    private final Map<String, Counter> rejections = new ConcurrentHashMap<>();

    private RouterMeters(MeterRegistry registry) {
        this.registry = Objects.requireNonNull(registry, "registry");
        this.latency = Timer.builder("routeplane.decision.latency")
                .description("Router processing time per request record, decode to last output")
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofNanos(5_000))
                .maximumExpectedValue(Duration.ofMillis(200))
                .register(registry);
    }

    /** Meters registered in {@code registry}. */
    public static RouterMeters of(MeterRegistry registry) {
        return new RouterMeters(registry);
    }

    /** Meters that record nothing (an empty composite registry), for tests and tools that export no metrics. */
    public static RouterMeters none() {
        return new RouterMeters(new CompositeMeterRegistry());
    }

    /** One request routed to {@code provider}/{@code model} in {@code lane}. */
    public void decided(String lane, String provider, String model) {
        Map<String, Map<String, Counter>> byProvider = decisions.get(lane);
        Map<String, Counter> byModel = byProvider == null ? null : byProvider.get(provider);
        Counter counter = byModel == null ? null : byModel.get(model);
        if (counter == null) {
            counter = decisions
                    .computeIfAbsent(lane, l -> new ConcurrentHashMap<>())
                    .computeIfAbsent(provider, p -> new ConcurrentHashMap<>())
                    .computeIfAbsent(
                            model,
                            m -> Counter.builder("routeplane.decisions")
                                    .description("Requests routed, by lane and chosen route")
                                    .tag("lane", lane)
                                    .tag("provider", provider)
                                    .tag("model", m)
                                    .register(registry));
        }
        counter.increment();
    }

    /** One record refused with {@code reasonCode}. */
    public void rejected(String reasonCode) {
        rejections
                .computeIfAbsent(
                        reasonCode,
                        r -> Counter.builder("routeplane.rejections")
                                .description("Requests refused by the router, by reason code")
                                .tag("reason", r)
                                .register(registry))
                .increment();
    }

    /** Time spent on one request record. */
    public void processed(long nanos) {
        latency.record(nanos, TimeUnit.NANOSECONDS);
    }
}
