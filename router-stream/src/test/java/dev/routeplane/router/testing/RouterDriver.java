package dev.routeplane.router.testing;

import dev.routeplane.classifier.Classifier;
import dev.routeplane.classifier.RuleBasedClassifier;
import dev.routeplane.config.RouteplaneConfig;
import dev.routeplane.contract.AliasBinding;
import dev.routeplane.contract.Approval;
import dev.routeplane.contract.BatchState;
import dev.routeplane.contract.ExecutionResult;
import dev.routeplane.contract.ExecutionTask;
import dev.routeplane.contract.ProviderHealth;
import dev.routeplane.contract.RejectedRequest;
import dev.routeplane.contract.RouteRequest;
import dev.routeplane.contract.RouteStats;
import dev.routeplane.contract.RoutingDecision;
import dev.routeplane.contract.SuccessModelSnapshot;
import dev.routeplane.contract.TenantSpend;
import dev.routeplane.router.BudgetState;
import dev.routeplane.router.RouterTopology;
import dev.routeplane.router.RouterTopologyConfig;
import dev.routeplane.schemas.RouteplaneSerdes;
import dev.routeplane.schemas.TopicSpec;
import dev.routeplane.schemas.Topics;
import dev.routeplane.schemas.testing.InMemorySchemaRegistryClient;
import dev.routeplane.schemas.testing.MutableClock;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.UnaryOperator;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyTestDriver;

/** The production router topology in a {@link TopologyTestDriver} with an in-memory registry. */
public final class RouterDriver implements AutoCloseable {
    public static final Instant NOW = Instant.parse("2026-11-03T10:00:00Z");
    /** One classifier for all tests: constructing it loads the tokenizer vocabulary. */
    public static final Classifier CLASSIFIER = new RuleBasedClassifier();

    public final Topics topics = Topics.defaults();
    public final RouteplaneSerdes serdes = new RouteplaneSerdes(
            Map.of("schema.registry.url", "http://in-memory:8081"), new InMemorySchemaRegistryClient());
    public final MutableClock clock = new MutableClock(NOW);
    public final RouteplaneConfig config;
    private final TopologyTestDriver driver;
    private final TestInputTopic<String, byte[]> rawRequests;

    public RouterDriver(RouteplaneConfig config) {
        this(config, UnaryOperator.identity());
    }

    public RouterDriver(RouteplaneConfig config, UnaryOperator<RouterTopologyConfig> customize) {
        this.config = config;
        RouterTopologyConfig cfg =
                customize.apply(RouterTopologyConfig.of(config, topics, serdes, CLASSIFIER, clock, "test-1.0", 42L));
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "router-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        props.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED_CONFIG, true);
        try {
            props.put(
                    StreamsConfig.STATE_DIR_CONFIG,
                    Files.createTempDirectory("router-ttd-").toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        driver = new TopologyTestDriver(RouterTopology.build(cfg), props, NOW);
        rawRequests =
                driver.createInputTopic(topics.requests().name(), new StringSerializer(), new ByteArraySerializer());
    }

    public void send(RouteRequest request) {
        send(request.getTenantId(), request);
    }

    public void send(String key, RouteRequest request) {
        rawRequests.pipeInput(key, serialize(topics.requests(), request));
    }

    public void sendRaw(String key, byte[] value) {
        rawRequests.pipeInput(key, value);
    }

    public void alias(AliasBinding binding) {
        pipe(topics.aliases(), binding.getAlias(), binding);
    }

    public void health(ProviderHealth health) {
        pipe(topics.providerHealth(), health.getProvider(), health);
    }

    public void stats(RouteStats stats) {
        pipe(topics.routeStats(), Topics.routeStatsKey(stats.getLane(), stats.getProvider(), stats.getModel()), stats);
    }

    public void successModel(SuccessModelSnapshot snapshot) {
        pipe(topics.successModels(), snapshot.getRoute(), snapshot);
    }

    /** A batch's state on rp.batches.v1 (a cancel, for one). */
    public void batch(BatchState state) {
        pipe(topics.batches(), Topics.batchKey(state.getTenantId(), state.getBatchId()), state);
    }

    /** Moves the driver's wall clock (punctuations) and the router's clock together. */
    public void advance(java.time.Duration duration) {
        clock.advance(duration);
        driver.advanceWallClockTime(duration);
    }

    public void result(ExecutionResult result) {
        pipe(topics.results(), result.getTenantId(), result);
    }

    public void shadowResult(ExecutionResult result) {
        pipe(topics.shadowResults(), result.getTenantId(), result);
    }

    /** An approval on rp.approvals.v1, keyed by its tenant as every writer keys it. */
    public void approval(Approval approval) {
        pipe(topics.approvals(), approval.getTenantId(), approval);
    }

    /** An approval keyed by {@code key}, whatever tenant it names. */
    public void approval(String key, Approval approval) {
        pipe(topics.approvals(), key, approval);
    }

    /** The tenant's budget position as the router's budget store holds it (null before its first request). */
    public BudgetState budget(String tenantId) {
        return driver.<String, BudgetState>getKeyValueStore(RouterTopology.BUDGET_STORE)
                .get(tenantId);
    }

    public void spend(TenantSpend spend) {
        pipe(topics.tenantSpend(), spend.getTenantId(), spend);
    }

    public <V extends SpecificRecord> byte[] serialize(TopicSpec<V> spec, V value) {
        Serializer<V> serializer = serdes.valueSerde(spec).serializer();
        return serializer.serialize(spec.name(), value);
    }

    private <V extends SpecificRecord> void pipe(TopicSpec<V> spec, String key, V value) {
        driver.createInputTopic(spec.name(), new StringSerializer(), new ByteArraySerializer())
                .pipeInput(key, serialize(spec, value));
    }

    public List<KeyValue<String, RoutingDecision>> decisions() {
        return read(topics.decisions());
    }

    public List<KeyValue<String, RejectedRequest>> rejections() {
        return read(topics.requestsRejected());
    }

    public List<KeyValue<String, ExecutionResult>> results() {
        return read(topics.results());
    }

    public List<KeyValue<String, ExecutionTask>> tasks(String provider) {
        return read(topics.exec(provider));
    }

    public List<KeyValue<String, ExecutionTask>> batchTasks(String provider) {
        return read(topics.execBatch(provider));
    }

    /** Raw value bytes of the decisions topic, for checks that no prompt text leaks. */
    public List<byte[]> decisionBytes() {
        return driver.createOutputTopic(
                        topics.decisions().name(),
                        new StringDeserializer(),
                        new org.apache.kafka.common.serialization.ByteArrayDeserializer())
                .readValuesToList();
    }

    /** Raw value bytes of a provider's exec topic, for checks on the encoding itself. */
    public List<byte[]> taskBytes(String provider) {
        return driver.createOutputTopic(
                        topics.exec(provider).name(),
                        new StringDeserializer(),
                        new org.apache.kafka.common.serialization.ByteArrayDeserializer())
                .readValuesToList();
    }

    private <V extends SpecificRecord> List<KeyValue<String, V>> read(TopicSpec<V> spec) {
        return driver.createOutputTopic(
                        spec.name(),
                        new StringDeserializer(),
                        serdes.valueSerde(spec).deserializer())
                .readKeyValuesToList();
    }

    @Override
    public void close() {
        driver.close();
    }
}
