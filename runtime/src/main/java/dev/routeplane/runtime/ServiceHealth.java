package dev.routeplane.runtime;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.kafka.streams.KafkaStreams;

/**
 * Whether each service of this process is doing its work: a Kafka Streams client that stopped (state ERROR or
 * NOT_RUNNING), executors whose share consumers all died, an API whose result reader stopped. A stopped service must
 * never go unnoticed while its process keeps running, so the state is exported as {@code routeplane_service_up}
 * (1 or 0, tagged by service) and answered on {@code GET /health} (503 when a service is down). Thread-safe.
 */
public final class ServiceHealth {

    /** A service's state. */
    public enum Status {
        /** Working. */
        UP,
        /** Not yet working (starting, restoring state); not a failure. */
        STARTING,
        /** Stopped while the process runs: its work is not being done. */
        DOWN
    }

    private final Map<String, Supplier<Status>> checks = new LinkedHashMap<>();
    private final MeterRegistry meters;

    /** Registers each service's {@code routeplane_service_up} gauge in {@code meters}. */
    public ServiceHealth(MeterRegistry meters) {
        this.meters = meters;
    }

    /** Adds a service; {@code status} is asked on every scrape and health check, so it must be cheap. */
    public void register(String service, Supplier<Status> status) {
        synchronized (checks) {
            checks.put(service, status);
        }
        Gauge.builder("routeplane_service_up", () -> status.get() == Status.UP ? 1 : 0)
                .description("1 while the service does its work, 0 while it is starting or stopped")
                .tag("service", service)
                .register(meters);
    }

    /** The state of a Kafka Streams client, as a service status. */
    public static Status of(KafkaStreams.State state) {
        return switch (state) {
            case RUNNING, REBALANCING -> Status.UP;
            case CREATED -> Status.STARTING;
            default -> Status.DOWN;
        };
    }

    /** Every service's status, in registration order. */
    public Map<String, Status> snapshot() {
        Map<String, Supplier<Status>> copy;
        synchronized (checks) {
            copy = new LinkedHashMap<>(checks);
        }
        Map<String, Status> out = new LinkedHashMap<>();
        copy.forEach((service, check) -> out.put(service, check.get()));
        return out;
    }

    /** True unless some service is DOWN. */
    public boolean healthy() {
        return snapshot().values().stream().noneMatch(s -> s == Status.DOWN);
    }

    /** The health answer: {@code {"status": "UP"|"DOWN", "services": {"ledger": "UP", ...}}}. */
    public String json() {
        Map<String, Status> snapshot = snapshot();
        StringBuilder out = new StringBuilder("{\"status\":\"")
                .append(snapshot.containsValue(Status.DOWN) ? "DOWN" : "UP")
                .append("\",\"services\":{");
        String sep = "";
        for (Map.Entry<String, Status> e : snapshot.entrySet()) {
            out.append(sep)
                    .append('"')
                    .append(e.getKey())
                    .append("\":\"")
                    .append(e.getValue())
                    .append('"');
            sep = ",";
        }
        return out.append("}}").toString();
    }
}
