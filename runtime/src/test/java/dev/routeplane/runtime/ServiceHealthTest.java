package dev.routeplane.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.routeplane.runtime.ServiceHealth.Status;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Test;

class ServiceHealthTest {

    @Test
    void aStoppedServiceShowsAsDownInItsGaugeAndTheHealthAnswer() {
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        ServiceHealth health = new ServiceHealth(meters);
        AtomicReference<KafkaStreams.State> ledger = new AtomicReference<>(KafkaStreams.State.RUNNING);
        health.register("router", () -> Status.UP);
        health.register("ledger", () -> ServiceHealth.of(ledger.get()));

        assertThat(health.healthy()).isTrue();
        assertThat(gauge(meters, "ledger")).isEqualTo(1.0);
        assertThat(health.json()).isEqualTo("{\"status\":\"UP\",\"services\":{\"router\":\"UP\",\"ledger\":\"UP\"}}");

        ledger.set(KafkaStreams.State.ERROR);

        assertThat(health.healthy()).isFalse();
        assertThat(gauge(meters, "ledger")).isEqualTo(0.0);
        assertThat(gauge(meters, "router")).isEqualTo(1.0);
        assertThat(health.json())
                .isEqualTo("{\"status\":\"DOWN\",\"services\":{\"router\":\"UP\",\"ledger\":\"DOWN\"}}");
    }

    @Test
    void mapsStreamsStatesToUpStartingAndDown() {
        assertThat(ServiceHealth.of(KafkaStreams.State.REBALANCING)).isEqualTo(Status.UP);
        assertThat(ServiceHealth.of(KafkaStreams.State.CREATED)).isEqualTo(Status.STARTING);
        assertThat(ServiceHealth.of(KafkaStreams.State.PENDING_ERROR)).isEqualTo(Status.DOWN);
        assertThat(ServiceHealth.of(KafkaStreams.State.NOT_RUNNING)).isEqualTo(Status.DOWN);
    }

    private static double gauge(SimpleMeterRegistry meters, String service) {
        return meters.get("routeplane_service_up")
                .tag("service", service)
                .gauge()
                .value();
    }
}
