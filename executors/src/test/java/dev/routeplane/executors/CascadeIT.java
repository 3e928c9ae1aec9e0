package dev.routeplane.executors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

import dev.routeplane.config.EnvAndFileSecretResolver;
import dev.routeplane.config.RouteplaneConfig;
import dev.routeplane.contract.AttemptRecord;
import dev.routeplane.contract.ChatMessage;
import dev.routeplane.contract.CostEvent;
import dev.routeplane.contract.ExecutionResult;
import dev.routeplane.contract.ExecutionTask;
import dev.routeplane.contract.Fallback;
import dev.routeplane.contract.ResultStatus;
import dev.routeplane.contract.Route;
import dev.routeplane.contract.RouteRequest;
import dev.routeplane.platform.testkit.RouteplanePlatformExtension;
import dev.routeplane.platform.testkit.SharedData;
import dev.routeplane.schemas.RouteplaneSerdes;
import dev.routeplane.schemas.Topics;
import dev.routeplane.simulator.InvoiceLine;
import dev.routeplane.simulator.LatencyProfile;
import dev.routeplane.simulator.ProviderMode;
import dev.routeplane.simulator.ReplayDataset;
import dev.routeplane.simulator.ReplaySample;
import dev.routeplane.simulator.SimulatedProvider;
import dev.routeplane.simulator.SimulatorConfig;
import dev.routeplane.simulator.SimulatorServer;
import dev.routeplane.simulator.WireFormat;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Cascades through real workers on a real broker, against the simulator replaying recorded RouterBench answers:
 * mixtral (bench-oai) then claude-instant (bench-ant), judged by answer agreement, escalating to gpt-4 (bench-oai).
 * Whether the cheap models agree is what they really answered to these ARC-Challenge prompts.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CascadeIT {
    @RegisterExtension
    static final RouteplanePlatformExtension platform = new RouteplanePlatformExtension();

    static final Topics TOPICS = Topics.defaults();
    /** mixtral and claude-instant both answer A. */
    static final String AGREED = "arc-challenge.test.1";
    /** mixtral answers A, claude-instant B. */
    static final String DISAGREED = "arc-challenge.test.1004";
    /** Both answer D, but claude-instant is down when it is asked. */
    static final String AGREED_TOO = "arc-challenge.test.1000";

    static final Route MIXTRAL = TestTasks.route("bench-oai", "mixtral-8x7b", "us-east");
    static final Route CLAUDE_INSTANT = TestTasks.route("bench-ant", "claude-instant", "us-east");
    static final Route GPT4 = TestTasks.route("bench-oai", "gpt-4-turbo", "us-east");
    static final String CASCADE_ID = "cascade:mixtral-8x7b,claude-instant>gpt-4-turbo";

    static ReplayDataset dataset;
    static SimulatorServer sim;
    static RouteplaneConfig config;
    static SimpleMeterRegistry meters;
    static ExecutorPool pool;
    static RouteplaneSerdes serdes;

    @BeforeAll
    static void start() {
        dataset = ReplayDataset.load(SharedData.routerbenchSubset());
        sim = SimulatorServer.start(SimulatorConfig.builder()
                .replayDataDir(SharedData.routerbenchSubset())
                .provider(SimulatedProvider.builder("bench-oai", WireFormat.OPENAI)
                        .mode(ProviderMode.REPLAY)
                        .latency(LatencyProfile.fixed(5))
                        .build())
                .provider(SimulatedProvider.builder("bench-ant", WireFormat.ANTHROPIC)
                        .mode(ProviderMode.REPLAY)
                        .latency(LatencyProfile.fixed(5))
                        .build())
                .build());
        config = TestTasks.config("cascade-it.yaml");
        serdes = new RouteplaneSerdes(Map.of("schema.registry.url", platform.registryUrl()));
        WorkerSettings settings = WorkerSettings.builder(platform.bootstrapServers(), platform.registryUrl())
                .topics(TOPICS)
                .baseUrlOverride("bench-oai", URI.create(sim.baseUrl("bench-oai")))
                .baseUrlOverride("bench-ant", URI.create(sim.baseUrl("bench-ant")))
                .maxInFlight(50)
                .lanes(2)
                .healthInterval(Duration.ofSeconds(1))
                .resilience(ResilienceSettings.defaults().withBackoff(Duration.ofMillis(50), Duration.ofMillis(200)))
                .secretResolver(new EnvAndFileSecretResolver(
                        Map.of("BENCH_OAI_KEY", "sk-bench-oai-0001", "BENCH_ANT_KEY", "sk-ant-bench-0002")::get))
                .build();
        meters = new SimpleMeterRegistry();
        pool = ExecutorPool.start(config, settings, config.providers().keySet(), meters);
    }

    @AfterAll
    static void stop() {
        if (pool != null) {
            pool.close();
        }
        if (sim != null) {
            sim.close();
        }
    }

    @Test
    @Order(1)
    void keepsTheCheapAnswerWhenTheCheapModelsAgreeAndEscalatesWhenTheyDisagree() {
        ExecutionTask agreed = cascadeTask("cascade-agreed", AGREED, List.of());
        ExecutionTask disagreed = cascadeTask("cascade-disagreed", DISAGREED, List.of());

        produce(List.of(agreed, disagreed));
        Map<String, ExecutionResult> results = awaitResults(Set.of("cascade-agreed", "cascade-disagreed"));

        ExecutionResult kept = results.get("cascade-agreed");
        assertThat(kept.getStatus()).isEqualTo(ResultStatus.SUCCEEDED);
        assertThat(kept.getCascade()).isEqualTo(CASCADE_ID);
        assertThat(kept.getEscalated()).isFalse();
        assertThat(kept.getProvider()).isEqualTo("bench-oai");
        assertThat(kept.getModel()).isEqualTo("mixtral-8x7b");
        assertThat(kept.getOutput().getText()).isEqualTo(recorded(AGREED, "mistralai/mixtral-8x7b-chat"));
        assertThat(kept.getAttempts())
                .extracting(AttemptRecord::getModel, AttemptRecord::getOutcome)
                .containsExactly(tuple("mixtral-8x7b", "SUCCEEDED"), tuple("claude-instant", "SUCCEEDED"));
        assertCostIsEveryBilledCall(kept, 2);

        ExecutionResult escalated = results.get("cascade-disagreed");
        assertThat(escalated.getStatus()).isEqualTo(ResultStatus.SUCCEEDED);
        assertThat(escalated.getCascade()).isEqualTo(CASCADE_ID);
        assertThat(escalated.getEscalated()).isTrue();
        assertThat(escalated.getProvider()).isEqualTo("bench-oai");
        assertThat(escalated.getModel()).isEqualTo("gpt-4-turbo");
        assertThat(escalated.getOutput().getText()).isEqualTo(recorded(DISAGREED, "gpt-4-1106-preview"));
        assertThat(escalated.getAttempts())
                .extracting(AttemptRecord::getModel)
                .containsExactly("mixtral-8x7b", "claude-instant", "gpt-4-turbo");
        assertCostIsEveryBilledCall(escalated, 3);

        assertThat(billedCallsByModel())
                .containsExactlyInAnyOrderEntriesOf(
                        Map.of("mistralai/mixtral-8x7b-chat", 2L, "claude-instant-v1", 2L, "gpt-4-1106-preview", 1L));
        assertThat(verdicts("kept")).isEqualTo(1.0);
        assertThat(verdicts("escalated")).isEqualTo(1.0);
        assertThat(verdicts("stage_failed")).isZero();
    }

    @Test
    @Order(2)
    void aFailingCheapStageEscalatesInsteadOfTakingTheDecisionsFallback() {
        sim.setOutage("bench-ant", true);
        try {
            ExecutionTask task = cascadeTask(
                    "cascade-outage", AGREED_TOO, List.of(TestTasks.fallback("bench-oai", "gpt-35-turbo", "us-east")));

            produce(List.of(task));
            ExecutionResult result = awaitResults(Set.of("cascade-outage")).get("cascade-outage");

            assertThat(result.getStatus()).isEqualTo(ResultStatus.SUCCEEDED);
            assertThat(result.getCascade()).isEqualTo(CASCADE_ID);
            assertThat(result.getEscalated()).isTrue();
            assertThat(result.getModel()).isEqualTo("gpt-4-turbo");
            assertThat(result.getOutput().getText()).isEqualTo(recorded(AGREED_TOO, "gpt-4-1106-preview"));
            List<AttemptRecord> attempts = result.getAttempts();
            assertThat(attempts.get(0).getModel()).isEqualTo("mixtral-8x7b");
            assertThat(attempts.subList(1, attempts.size() - 1)).isNotEmpty().allSatisfy(a -> {
                assertThat(a.getModel()).isEqualTo("claude-instant");
                assertThat(a.getOutcome()).isNotEqualTo("SUCCEEDED");
                assertThat(a.getCostMicros()).isZero();
            });
            assertThat(attempts.get(attempts.size() - 1).getModel()).isEqualTo("gpt-4-turbo");
            assertThat(attempts).extracting(AttemptRecord::getModel).doesNotContain("gpt-35-turbo");
            assertCostIsEveryBilledCall(result, 2);
            assertThat(verdicts("stage_failed")).isEqualTo(1.0);
        } finally {
            sim.setOutage("bench-ant", false);
        }
    }

    /** The ledger holds one event per billed call of the request, and the result costs exactly their sum. */
    static void assertCostIsEveryBilledCall(ExecutionResult result, int billedCalls) {
        long fromAttempts = result.getAttempts().stream()
                .mapToLong(AttemptRecord::getCostMicros)
                .sum();
        assertThat(result.getCostMicros()).isPositive().isEqualTo(fromAttempts);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            List<CostEvent> events = TopicReader.readAll(
                            platform.bootstrapServers(),
                            TOPICS.ledger().name(),
                            serdes.valueSerde(TOPICS.ledger()).deserializer())
                    .stream()
                    .filter(c -> c.getRequestId().equals(result.getRequestId()))
                    .toList();
            assertThat(events).hasSize(billedCalls);
            assertThat(events.stream().mapToLong(CostEvent::getCostMicros).sum())
                    .isEqualTo(result.getCostMicros());
        });
    }

    static Map<String, Long> billedCallsByModel() {
        return sim.invoice().lines().stream().collect(Collectors.groupingBy(InvoiceLine::model, Collectors.counting()));
    }

    static double verdicts(String verdict) {
        Counter c = meters.find("routeplane.executor.cascade")
                .tags("cascade", CASCADE_ID, "verdict", verdict)
                .counter();
        return c == null ? 0 : c.count();
    }

    static String recorded(String sampleId, String model) {
        return sample(sampleId).answers().get(model).response();
    }

    static ReplaySample sample(String sampleId) {
        return dataset.samples().stream()
                .filter(s -> s.sampleId().equals(sampleId))
                .findFirst()
                .orElseThrow();
    }

    /** The recorded prompt as the only message, run as the mixtral → claude-instant → gpt-4 cascade. */
    static ExecutionTask cascadeTask(String requestId, String sampleId, List<Fallback> fallbacks) {
        ExecutionTask task =
                TestTasks.task("acme", requestId, "bench-oai", "mixtral-8x7b", "us-east", 30_000, fallbacks);
        RouteRequest request = RouteRequest.newBuilder(task.getRequest())
                .setMessages(List.of(ChatMessage.newBuilder()
                        .setRole("user")
                        .setContent(sample(sampleId).prompt())
                        .build()))
                .build();
        task.getDecision().getBudgets().setMaxOutputTokens(1_024);
        // The router counts the prompt's tokens; no tokenizer counts more tokens than characters.
        task.getDecision()
                .getFeatures()
                .setInputTokens(sample(sampleId).prompt().length());
        return TestTasks.reservedAsTheRouterDoes(
                TestTasks.asCascade(
                        ExecutionTask.newBuilder(task).setRequest(request).build(),
                        "ANSWER_AGREEMENT",
                        List.of(MIXTRAL, CLAUDE_INSTANT),
                        GPT4),
                config);
    }

    static Map<String, ExecutionResult> awaitResults(Set<String> ids) {
        Map<String, ExecutionResult> mine = new HashMap<>();
        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(500))
                .until(() -> {
                    mine.clear();
                    for (ExecutionResult r : TopicReader.readAll(
                            platform.bootstrapServers(),
                            TOPICS.results().name(),
                            serdes.valueSerde(TOPICS.results()).deserializer())) {
                        if (ids.contains(r.getRequestId())) {
                            assertThat(mine.put(r.getRequestId(), r))
                                    .as("one result per request")
                                    .isNull();
                        }
                    }
                    return mine.keySet().equals(ids);
                });
        return mine;
    }

    static void produce(List<ExecutionTask> tasks) {
        Serializer<ExecutionTask> values =
                serdes.valueSerde(TOPICS.exec("bench-oai")).serializer();
        try (KafkaProducer<String, byte[]> producer =
                new KafkaProducer<>(platform.producerProps(), new StringSerializer(), new ByteArraySerializer())) {
            for (ExecutionTask t : tasks) {
                String topic =
                        TOPICS.exec(t.getDecision().getRoute().getProvider()).name();
                producer.send(new ProducerRecord<>(topic, t.getRequest().getTenantId(), values.serialize(topic, t)));
            }
            producer.flush();
        }
    }
}
