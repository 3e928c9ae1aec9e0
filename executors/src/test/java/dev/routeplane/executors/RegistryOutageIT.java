package dev.routeplane.executors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.routeplane.config.EnvAndFileSecretResolver;
import dev.routeplane.config.RouteplaneConfig;
import dev.routeplane.contract.CostEvent;
import dev.routeplane.contract.ExecutionResult;
import dev.routeplane.contract.ExecutionTask;
import dev.routeplane.contract.RejectedRequest;
import dev.routeplane.contract.ResultStatus;
import dev.routeplane.platform.TcpProxy;
import dev.routeplane.platform.testkit.RouteplanePlatformExtension;
import dev.routeplane.schemas.RouteplaneSerdes;
import dev.routeplane.schemas.TaskHeaders;
import dev.routeplane.schemas.TopicBootstrapper;
import dev.routeplane.schemas.Topics;
import dev.routeplane.simulator.LatencyProfile;
import dev.routeplane.simulator.SimulatorServer;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The schema registry unreachable is an outage, not poison: tasks delivered during it run once it is back, answers
 * that arrive during it are billed once their cost events can be written, and only bytes that are truly not a task
 * are dead-lettered, still ending their request (named in the record's headers) with a terminal FAILED result.
 */
class RegistryOutageIT {
    @RegisterExtension
    static final RouteplanePlatformExtension platform = new RouteplanePlatformExtension();

    private record Setup(
            RouteplaneConfig config,
            RouteplaneSerdes serdes,
            TcpProxy registry,
            WorkerSettings settings,
            Topics topics) {}

    /** A worker whose registry sits behind a relay the test can cut; topics of its own per test. */
    private static Setup setup(SimulatorServer sim, String prefix) throws Exception {
        RouteplaneConfig config = TestTasks.config();
        Topics topics = Topics.withPrefix(prefix, 3);
        try (Admin admin = Admin.create(platform.adminConfig())) {
            new TopicBootstrapper(admin).ensure(topics.all(config.providers().keySet()));
        }
        int registryPort = URI.create(platform.registryUrl()).getPort();
        TcpProxy registry = new TcpProxy(0, registryPort);
        WorkerSettings settings = WorkerSettings.builder(
                        platform.bootstrapServers(), "http://localhost:" + registry.port())
                .topics(topics)
                .groupIdPrefix(prefix + "-exec-")
                .baseUrlOverride("alpha", URI.create(sim.baseUrl("alpha")))
                .maxInFlight(100)
                .lanes(2)
                .secretResolver(new EnvAndFileSecretResolver(ExecutorIT.ENV::get))
                .build();
        RouteplaneSerdes serdes = new RouteplaneSerdes(Map.of("schema.registry.url", platform.registryUrl()));
        return new Setup(config, serdes, registry, settings, topics);
    }

    private static List<ExecutionTask> tasks(String prefix, int count) {
        List<ExecutionTask> tasks = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            tasks.add(TestTasks.task("acme", prefix + "-" + i, "alpha", "alpha-mini", "us-east", 120_000, List.of()));
        }
        return tasks;
    }

    @Test
    void tasksDeliveredWhileTheRegistryIsUnreachableRunOnceItIsBackNotRejected() throws Exception {
        try (SimulatorServer sim = TestTasks.alphaSimulator(LatencyProfile.fixed(50))) {
            Setup s = setup(sim, "outage-down");
            List<ExecutionTask> tasks = tasks("down", 20);
            try (ExecutorWorker worker = ExecutorWorker.start(s.config(), "alpha", s.settings())) {
                // a worker that has been running a while: it has dead-lettered a bad record before
                garbage(s, "warm-up");
                await().atMost(Duration.ofSeconds(60)).until(() -> rejected(s).size() == 1);
                s.registry().cut();
                produce(s, tasks);
                Thread.sleep(4_000); // the worker meets the outage with the tasks in hand
                s.registry().restore();

                await().atMost(Duration.ofSeconds(90))
                        .until(() -> results(s).stream()
                                        .filter(r -> r.getRequestId().startsWith("down-"))
                                        .count()
                                >= tasks.size());
                Thread.sleep(1_000);
            } finally {
                s.registry().close();
            }
            List<ExecutionResult> results = results(s).stream()
                    .filter(r -> r.getRequestId().startsWith("down-"))
                    .toList();
            assertThat(results).hasSize(tasks.size());
            assertThat(results).allSatisfy(r -> assertThat(r.getStatus()).isEqualTo(ResultStatus.SUCCEEDED));
            assertThat(rejected(s)).extracting(RejectedRequest::getRequestId).containsExactly("warm-up");
        }
    }

    @Test
    void answersArrivingWhileTheRegistryIsUnreachableAreBilledOnceTheirCostEventsCanBeWritten() throws Exception {
        try (SimulatorServer sim = TestTasks.alphaSimulator(LatencyProfile.fixed(3_000))) {
            Setup s = setup(sim, "outage-answered");
            List<ExecutionTask> tasks = tasks("answered", 10);
            try (ExecutorWorker worker = ExecutorWorker.start(s.config(), "alpha", s.settings())) {
                produce(s, tasks);
                // the calls are under way (decoded with the registry up), then the registry goes away
                await().atMost(Duration.ofSeconds(30))
                        .until(() -> sim.received().size() >= tasks.size());
                s.registry().cut();
                Thread.sleep(6_000); // every answer arrives during the outage
                s.registry().restore();

                await().atMost(Duration.ofSeconds(90)).until(() -> results(s).size() >= tasks.size());
                Thread.sleep(1_000);
            } finally {
                s.registry().close();
            }
            List<CostEvent> costs = costs(s);
            assertThat(results(s)).hasSize(tasks.size());
            assertThat(sim.received()).as("each task called once").hasSize(tasks.size());
            assertThat(costs.stream().map(CostEvent::getEventId).collect(Collectors.toSet()))
                    .hasSize((int) sim.invoice().calls());
            assertThat(costs.stream().mapToLong(CostEvent::getCostMicros).sum())
                    .isEqualTo(sim.invoice().totalMicros());
        }
    }

    @Test
    void bytesThatAreNotATaskAreDeadLetteredAndStillEndTheirRequest() throws Exception {
        try (SimulatorServer sim = TestTasks.alphaSimulator(LatencyProfile.fixed(10))) {
            Setup s = setup(sim, "outage-garbled");
            try (ExecutorWorker worker = ExecutorWorker.start(s.config(), "alpha", s.settings())) {
                garbage(s, "garbled-1");

                await().atMost(Duration.ofSeconds(60)).until(() -> !results(s).isEmpty());
            } finally {
                s.registry().close();
            }
            ExecutionResult result = results(s).get(0);
            assertThat(result.getRequestId()).isEqualTo("garbled-1");
            assertThat(result.getTenantId()).isEqualTo("acme");
            assertThat(result.getStatus()).isEqualTo(ResultStatus.FAILED);
            assertThat(result.getReason()).isEqualTo("UNDESERIALIZABLE");
            List<RejectedRequest> rejected = rejected(s);
            assertThat(rejected).hasSize(1);
            assertThat(rejected.get(0).getRequestId()).isEqualTo("garbled-1");
            assertThat(Set.of(rejected.get(0).getSourceTopic()))
                    .containsExactly(s.topics().exec("alpha").name());
        }
    }

    /** Bytes that are not a task, on the exec topic, keyed by tenant and naming their request in the headers. */
    private static void garbage(Setup s, String requestId) throws Exception {
        try (KafkaProducer<String, byte[]> raw =
                new KafkaProducer<>(platform.producerProps(), new StringSerializer(), new ByteArraySerializer())) {
            RecordHeaders headers = new RecordHeaders();
            headers.add(TaskHeaders.REQUEST_ID, requestId.getBytes(StandardCharsets.UTF_8));
            raw.send(new ProducerRecord<>(
                            s.topics().exec("alpha").name(),
                            null,
                            "acme",
                            "not a task".getBytes(StandardCharsets.UTF_8),
                            headers))
                    .get();
        }
    }

    private static void produce(Setup s, List<ExecutionTask> tasks) {
        var values = s.serdes().valueSerde(s.topics().exec("alpha")).serializer();
        try (KafkaProducer<String, byte[]> producer =
                new KafkaProducer<>(platform.producerProps(), new StringSerializer(), new ByteArraySerializer())) {
            String topic = s.topics().exec("alpha").name();
            for (ExecutionTask t : tasks) {
                producer.send(new ProducerRecord<>(topic, t.getRequest().getTenantId(), values.serialize(topic, t)));
            }
        }
    }

    private static List<ExecutionResult> results(Setup s) {
        return TopicReader.readAll(
                platform.bootstrapServers(),
                s.topics().results().name(),
                s.serdes().valueSerde(s.topics().results()).deserializer());
    }

    private static List<CostEvent> costs(Setup s) {
        return TopicReader.readAll(
                platform.bootstrapServers(),
                s.topics().ledger().name(),
                s.serdes().valueSerde(s.topics().ledger()).deserializer());
    }

    private static List<RejectedRequest> rejected(Setup s) {
        return TopicReader.readAll(
                platform.bootstrapServers(),
                s.topics().requestsRejected().name(),
                s.serdes().valueSerde(s.topics().requestsRejected()).deserializer());
    }
}
