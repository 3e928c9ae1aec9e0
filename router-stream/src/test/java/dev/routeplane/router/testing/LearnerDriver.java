package dev.routeplane.router.testing;

import dev.routeplane.config.RouteplaneConfig;
import dev.routeplane.contract.ExecutionResult;
import dev.routeplane.contract.Feedback;
import dev.routeplane.contract.FeedbackKind;
import dev.routeplane.contract.Output;
import dev.routeplane.contract.ResultStatus;
import dev.routeplane.contract.RouteRequest;
import dev.routeplane.contract.SuccessModelSnapshot;
import dev.routeplane.contract.Usage;
import dev.routeplane.router.AliasGuardSettings;
import dev.routeplane.router.LearnedRouting;
import dev.routeplane.router.LearnerTopology;
import dev.routeplane.router.LearnerTopologyConfig;
import dev.routeplane.schemas.RouteplaneSerdes;
import dev.routeplane.schemas.TopicSpec;
import dev.routeplane.schemas.Topics;
import dev.routeplane.schemas.testing.InMemorySchemaRegistryClient;
import dev.routeplane.schemas.testing.MutableClock;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/** The production learner topology in a {@link TopologyTestDriver}: requests, answers and feedback in, snapshots out. */
public final class LearnerDriver implements AutoCloseable {
    public static final Instant NOW = RouterDriver.NOW;

    public final Topics topics = Topics.defaults();
    public final RouteplaneSerdes serdes = new RouteplaneSerdes(
            Map.of("schema.registry.url", "http://in-memory:8081"), new InMemorySchemaRegistryClient());
    private final MutableClock clock = new MutableClock(NOW);
    private final TopologyTestDriver driver;

    public LearnerDriver(RouteplaneConfig config, LearnedRouting learned) {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "learner-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        try {
            props.put(
                    StreamsConfig.STATE_DIR_CONFIG,
                    Files.createTempDirectory("learner-ttd-").toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        LearnerTopologyConfig cfg = new LearnerTopologyConfig(
                config,
                topics,
                serdes,
                RouterDriver.CLASSIFIER,
                learned,
                clock,
                Duration.ofSeconds(2),
                Duration.ofDays(7),
                AliasGuardSettings.ofDefaults());
        driver = new TopologyTestDriver(LearnerTopology.build(cfg), props, NOW);
    }

    public void request(RouteRequest request) {
        pipe(topics.requests(), request);
    }

    /** A successful result of {@code requestId} answered by {@code model} with {@code text}. */
    public void answered(String requestId, String model, String text) {
        pipe(topics.results(), answer(requestId, model, text));
    }

    public void result(ExecutionResult result) {
        pipe(topics.results(), result);
    }

    /** An evaluation score of {@code requestId}'s answer. */
    public void scored(String requestId, double score) {
        pipe(
                topics.feedback(),
                Feedback.newBuilder()
                        .setFeedbackId("fb-" + requestId)
                        .setRequestId(requestId)
                        .setTenantId("acme")
                        .setKind(FeedbackKind.EVAL_SCORE)
                        .setScore(score)
                        .setSource("test")
                        .setAt(NOW)
                        .build());
    }

    /** Lets {@code d} pass on the learner's clock and on the driver's wall clock (punctuations: purges, publishes). */
    public void advance(Duration d) {
        clock.advance(d);
        driver.advanceWallClockTime(d);
    }

    /** How many entries the learner's store {@code name} holds. */
    public int entries(String name) {
        return entries(driver.getKeyValueStore(name));
    }

    /** How many entries {@code store} holds. */
    public static int entries(KeyValueStore<?, ?> store) {
        int n = 0;
        try (KeyValueIterator<?, ?> all = store.all()) {
            while (all.hasNext()) {
                all.next();
                n++;
            }
        }
        return n;
    }

    /** Lets a publish interval pass; returns the latest snapshot of each route published in it, by route. */
    public Map<String, SuccessModelSnapshot> publish() {
        clock.advance(Duration.ofSeconds(3));
        driver.advanceWallClockTime(Duration.ofSeconds(3));
        Map<String, SuccessModelSnapshot> latest = new LinkedHashMap<>();
        driver.createOutputTopic(
                        topics.successModels().name(),
                        new StringDeserializer(),
                        serdes.valueSerde(topics.successModels()).deserializer())
                .readKeyValuesToList()
                .forEach(kv -> latest.put(kv.key, kv.value));
        return latest;
    }

    /** A successful result of {@code requestId} by {@code model}, its output {@code text} (null: no output). */
    public static ExecutionResult answer(String requestId, String model, String text) {
        return ExecutionResult.newBuilder()
                .setRequestId(requestId)
                .setTenantId("acme")
                .setStatus(ResultStatus.SUCCEEDED)
                .setProvider("any")
                .setModel(model)
                .setOutput(
                        text == null ? null : Output.newBuilder().setText(text).build())
                .setUsage(Usage.newBuilder()
                        .setInputTokens(30)
                        .setOutputTokens(20)
                        .build())
                .setCostMicros(10)
                .setLatencyMs(100)
                .setAttempts(List.of())
                .setCompletedAt(NOW)
                .build();
    }

    private <V extends SpecificRecord> void pipe(TopicSpec<V> spec, V value) {
        driver.createInputTopic(spec.name(), new StringSerializer(), new ByteArraySerializer())
                .pipeInput("acme", serdes.valueSerde(spec).serializer().serialize(spec.name(), value));
    }

    @Override
    public void close() {
        driver.close();
    }
}
