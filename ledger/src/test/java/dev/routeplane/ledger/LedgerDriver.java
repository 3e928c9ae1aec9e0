package dev.routeplane.ledger;

import dev.routeplane.contract.CallIntent;
import dev.routeplane.contract.CostEvent;
import dev.routeplane.contract.ExecutionResult;
import dev.routeplane.contract.Feedback;
import dev.routeplane.contract.RouteStats;
import dev.routeplane.contract.TenantSpend;
import dev.routeplane.schemas.RouteplaneSerdes;
import dev.routeplane.schemas.Topics;
import dev.routeplane.schemas.testing.InMemorySchemaRegistryClient;
import dev.routeplane.schemas.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.UnaryOperator;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/** The production ledger topology in a {@code TopologyTestDriver}, with typed topics and a test clock. */
final class LedgerDriver implements AutoCloseable {
    static final Instant START = Instant.parse("2026-11-22T12:00:00Z");

    final MutableClock clock = new MutableClock(START);
    final LedgerTopologyConfig cfg;
    final TopologyTestDriver driver;
    final TestInputTopic<String, CostEvent> costs;
    final TestInputTopic<String, ExecutionResult> results;
    final TestInputTopic<String, ExecutionResult> shadowResults;
    final TestInputTopic<String, Feedback> feedback;
    final TestInputTopic<String, CallIntent> intents;
    final TestOutputTopic<String, CostEvent> settled;
    final TestOutputTopic<String, TenantSpend> spend;
    final TestOutputTopic<String, RouteStats> routeStats;

    LedgerDriver() {
        this(cfg -> cfg);
    }

    LedgerDriver(UnaryOperator<LedgerTopologyConfig> customize) {
        Topics topics = Topics.defaults();
        RouteplaneSerdes serdes = new RouteplaneSerdes(
                Map.of("schema.registry.url", "http://registry.invalid:8081"), new InMemorySchemaRegistryClient());
        cfg = customize.apply(
                LedgerTopologyConfig.of(Fixtures.CONFIG, topics, serdes).withClock(clock));
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "ledger-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir());
        driver = new TopologyTestDriver(LedgerTopology.build(cfg), props, START);
        var keys = serdes.keySerde();
        costs = driver.createInputTopic(
                topics.ledger().name(),
                keys.serializer(),
                serdes.valueSerde(topics.ledger()).serializer());
        results = driver.createInputTopic(
                topics.results().name(),
                keys.serializer(),
                serdes.valueSerde(topics.results()).serializer());
        shadowResults = driver.createInputTopic(
                topics.shadowResults().name(),
                keys.serializer(),
                serdes.valueSerde(topics.shadowResults()).serializer());
        feedback = driver.createInputTopic(
                topics.feedback().name(),
                keys.serializer(),
                serdes.valueSerde(topics.feedback()).serializer());
        intents = driver.createInputTopic(
                topics.callIntents().name(),
                keys.serializer(),
                serdes.valueSerde(topics.callIntents()).serializer());
        settled = driver.createOutputTopic(
                topics.ledger().name(),
                keys.deserializer(),
                serdes.valueSerde(topics.ledger()).deserializer());
        spend = driver.createOutputTopic(
                topics.tenantSpend().name(),
                keys.deserializer(),
                serdes.valueSerde(topics.tenantSpend()).deserializer());
        routeStats = driver.createOutputTopic(
                topics.routeStats().name(),
                keys.deserializer(),
                serdes.valueSerde(topics.routeStats()).deserializer());
    }

    void send(CostEvent event) {
        costs.pipeInput(event.getTenantId(), event, event.getAt());
    }

    void send(CallIntent intent) {
        intents.pipeInput(intent.getTenantId(), intent, intent.getAt());
    }

    void send(ExecutionResult result) {
        results.pipeInput(result.getTenantId(), result, result.getCompletedAt());
    }

    /** A shadow call's result, on the shadow results topic as the executors write it. */
    void sendShadow(ExecutionResult result) {
        shadowResults.pipeInput(result.getTenantId(), result, result.getCompletedAt());
    }

    void send(Feedback item) {
        feedback.pipeInput(item.getTenantId(), item, item.getAt());
    }

    /** Moves both the injected clock and the driver's wall clock, firing due punctuators. */
    void advance(Duration by) {
        clock.advance(by);
        driver.advanceWallClockTime(by);
    }

    /** Advances one stats interval and returns the route stats emitted. */
    List<RouteStats> flushStats() {
        advance(cfg.statsEmitInterval());
        return routeStats.readValuesToList();
    }

    LedgerQueries queries() {
        return LedgerQueries.over(
                new LedgerQueries.StoreSource() {
                    @Override
                    public <V> ReadOnlyKeyValueStore<String, V> store(String name) {
                        return driver.getKeyValueStore(name);
                    }
                },
                cfg);
    }

    private static String stateDir() {
        try {
            return java.nio.file.Files.createTempDirectory("ledger-ttd-").toString();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        driver.close();
    }
}
