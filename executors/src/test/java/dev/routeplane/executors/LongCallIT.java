package dev.routeplane.executors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.routeplane.config.EnvAndFileSecretResolver;
import dev.routeplane.config.RouteplaneConfig;
import dev.routeplane.contract.CostEvent;
import dev.routeplane.contract.ExecutionResult;
import dev.routeplane.contract.ExecutionTask;
import dev.routeplane.contract.ResultStatus;
import dev.routeplane.platform.testkit.RouteplanePlatformExtension;
import dev.routeplane.schemas.RouteplaneSerdes;
import dev.routeplane.schemas.TopicBootstrapper;
import dev.routeplane.schemas.Topics;
import dev.routeplane.simulator.LatencyProfile;
import dev.routeplane.simulator.SimulatorServer;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A provider call that runs longer than the share group's record lock: the worker renews the lock while the call runs
 * (KIP-1222), so the call is made once, answered once and billed once. The lock is the broker's minimum (15 s) so the
 * test takes about the call's 20 s.
 */
class LongCallIT {
    @RegisterExtension
    static final RouteplanePlatformExtension platform = new RouteplanePlatformExtension();

    static final Topics TOPICS = Topics.withPrefix("longcall", 1);
    static final Duration LOCK = Duration.ofSeconds(15);
    static final long CALL_MS = 20_000;

    @Test
    void aCallLongerThanTheRecordLockRunsOnceAndIsBilledOnce() {
        RouteplaneConfig config = TestTasks.config();
        RouteplaneSerdes serdes = new RouteplaneSerdes(Map.of("schema.registry.url", platform.registryUrl()));
        try (SimulatorServer sim = TestTasks.alphaSimulator(LatencyProfile.fixed(CALL_MS))) {
            WorkerSettings settings = WorkerSettings.builder(platform.bootstrapServers(), platform.registryUrl())
                    .topics(TOPICS)
                    .groupIdPrefix("longcall-exec-")
                    .recordLockDuration(LOCK)
                    .baseUrlOverride("alpha", URI.create(sim.baseUrl("alpha")))
                    .maxInFlight(8)
                    .lanes(2)
                    .secretResolver(new EnvAndFileSecretResolver(ExecutorIT.ENV::get))
                    .build();
            try (Admin admin = Admin.create(platform.adminConfig())) {
                new TopicBootstrapper(admin)
                        .ensure(TOPICS.all(config.providers().keySet()));
            }
            ExecutionTask task = TestTasks.task("acme", "long-1", "alpha", "alpha-mini", "us-east", 120_000, List.of());
            produce(serdes, task);

            try (ExecutorWorker worker = ExecutorWorker.start(config, "alpha", settings)) {
                // Until the answer is in, or a second call shows the lock ran out and the task was redelivered.
                await().atMost(Duration.ofSeconds(90))
                        .until(() ->
                                !results(serdes).isEmpty() || sim.received().size() > 1);
            }

            assertThat(sim.received()).as("provider calls").hasSize(1);
            List<ExecutionResult> results = results(serdes);
            assertThat(results).hasSize(1);
            assertThat(results.get(0).getStatus()).isEqualTo(ResultStatus.SUCCEEDED);
            List<CostEvent> costs = TopicReader.readAll(
                    platform.bootstrapServers(),
                    TOPICS.ledger().name(),
                    serdes.valueSerde(TOPICS.ledger()).deserializer());
            assertThat(costs).hasSize(1);
            assertThat(sim.invoice().calls()).isEqualTo(1);
            assertThat(costs.get(0).getCostMicros()).isEqualTo(sim.invoice().totalMicros());
        }
    }

    static List<ExecutionResult> results(RouteplaneSerdes serdes) {
        return TopicReader.readAll(
                platform.bootstrapServers(),
                TOPICS.results().name(),
                serdes.valueSerde(TOPICS.results()).deserializer());
    }

    static void produce(RouteplaneSerdes serdes, ExecutionTask task) {
        String topic = TOPICS.exec("alpha").name();
        var values = serdes.valueSerde(TOPICS.exec("alpha")).serializer();
        try (KafkaProducer<String, byte[]> producer =
                new KafkaProducer<>(platform.producerProps(), new StringSerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(topic, task.getRequest().getTenantId(), values.serialize(topic, task)));
            producer.flush();
        }
    }
}
