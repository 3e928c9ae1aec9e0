package dev.routeplane.router;

import static org.assertj.core.api.Assertions.assertThat;

import dev.routeplane.config.RouteplaneConfig;
import dev.routeplane.contract.AliasBinding;
import dev.routeplane.contract.AliasHistoryEntry;
import dev.routeplane.contract.ExecutionResult;
import dev.routeplane.contract.Feedback;
import dev.routeplane.contract.FeedbackKind;
import dev.routeplane.contract.ResultStatus;
import dev.routeplane.contract.Route;
import dev.routeplane.contract.RoutingDecision;
import dev.routeplane.contract.Usage;
import dev.routeplane.router.testing.LearnerDriver;
import dev.routeplane.router.testing.RouterDriver;
import dev.routeplane.router.testing.TestConfigs;
import dev.routeplane.schemas.RouteplaneSerdes;
import dev.routeplane.schemas.TopicSpec;
import dev.routeplane.schemas.Topics;
import dev.routeplane.schemas.testing.InMemorySchemaRegistryClient;
import dev.routeplane.schemas.testing.MutableClock;
import dev.routeplane.schemas.testing.SampleRecords;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The online guard in the production learner topology ({@link LearnerTopology#build}): an alias re-bound to a
 * model whose rated answers fall short of the model it replaced is rolled back on {@code rp.aliases.v1}, once,
 * with the measured reason; one that holds up is left alone.
 */
class AliasGuardTopologyTest {
    private static final Instant T0 = RouterDriver.NOW;
    private static final String ALIAS = "prod-stable";

    private final Topics topics = Topics.defaults();
    private final RouteplaneSerdes serdes = new RouteplaneSerdes(
            Map.of("schema.registry.url", "http://in-memory:8081"), new InMemorySchemaRegistryClient());
    private final MutableClock clock = new MutableClock(T0);
    private final RouteplaneConfig config = TestConfigs.bundled();
    private TopologyTestDriver driver;
    private int requests;

    /** The production topology under test. */
    Topology topology(LearnerTopologyConfig cfg) {
        return LearnerTopology.build(cfg);
    }

    @BeforeEach
    void start() throws IOException {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "guard-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        props.put(
                StreamsConfig.STATE_DIR_CONFIG,
                Files.createTempDirectory("guard-ttd-").toString());
        LearnerTopologyConfig cfg = LearnerTopologyConfig.of(
                config, topics, serdes, RouterDriver.CLASSIFIER, LearnedRouting.ofDefaults(), clock);
        driver = new TopologyTestDriver(topology(cfg), props, T0);
    }

    @AfterEach
    void close() {
        driver.close();
    }

    @Test
    void rollsBackAReboundAliasWhoseFeedbackRegressesAndSaysWhy() {
        // given 40 rated answers of gpt-4o under prod-stable (its configured binding), all good
        rate(40, "gpt-4o", T0, 1.0);
        // and prod-stable then re-bound to gpt-4o-mini
        Instant rebound = T0.plusSeconds(60);
        pipe(topics.aliases(), ALIAS, binding("gpt-4o-mini-2024-07-18", rebound));

        // when 29 of its answers are rated bad, then 11 more
        rate(29, "gpt-4o-mini", rebound.plusSeconds(1), 0.0);
        List<AliasBinding> before30 = rollbacks();
        rate(11, "gpt-4o-mini", rebound.plusSeconds(2), 0.0);

        // then nothing happens below 30 rated answers, and exactly one rollback to gpt-4o at the 30th
        assertThat(before30).isEmpty();
        List<AliasBinding> rollbacks = rollbacks();
        assertThat(rollbacks).singleElement().satisfies(b -> {
            assertThat(b.getAlias()).isEqualTo(ALIAS);
            assertThat(b.getProvider()).isEqualTo("openai");
            assertThat(b.getModel()).isEqualTo("gpt-4o-2024-08-06");
            assertThat(b.getPrevious()).isNull();
            assertThat(b.getChangedBy()).isEqualTo("online-guard");
            assertThat(b.getReason())
                    .isEqualTo("online guard: feedback quality of gpt-4o-mini 0.000 over 30 items vs "
                            + "gpt-4o 1.000 over 40 before (-1.000 > 0.050)");
        });
    }

    @Test
    void leavesAReboundAliasAloneWhileItsFeedbackHoldsUp() {
        // given gpt-4o rated 0.9 on average under prod-stable, then prod-stable re-bound to gpt-4o-mini
        rate(20, "gpt-4o", T0, 1.0);
        rate(20, "gpt-4o", T0, 0.8);
        Instant rebound = T0.plusSeconds(60);
        pipe(topics.aliases(), ALIAS, binding("gpt-4o-mini-2024-07-18", rebound));

        // when gpt-4o-mini is rated 0.875 on average: 2.5 points lower, within the tolerated 5
        rate(35, "gpt-4o-mini", rebound.plusSeconds(1), 1.0);
        rate(5, "gpt-4o-mini", rebound.plusSeconds(1), 0.0);

        // then no rollback
        assertThat(rollbacks()).isEmpty();
    }

    @ParameterizedTest(name = "answers rated {0} days after their decisions roll back: {1}")
    @CsvSource({"6, true", "8, false"})
    void countsOnlyAnswersToDecisionsWithinTheRetention(int daysLater, boolean rolledBack) {
        // given gpt-4o rated well under prod-stable, prod-stable re-bound to gpt-4o-mini, and 30 decisions for it
        rate(40, "gpt-4o", T0, 1.0);
        Instant rebound = T0.plusSeconds(60);
        pipe(topics.aliases(), ALIAS, binding("gpt-4o-mini-2024-07-18", rebound));
        Instant decidedAt = rebound.plusSeconds(1);
        List<String> ids = decide(30, "gpt-4o-mini", decidedAt);

        // when their answers come and are rated bad some days later (the retention is 7 days)
        advance(Duration.ofDays(daysLater));
        answerAndRate(ids, "gpt-4o-mini", decidedAt, 0.0);

        // then they roll the alias back within the retention, and count for nothing after it
        assertThat(rollbacks()).hasSize(rolledBack ? 1 : 0);
    }

    @Test
    void aPurgeForgetsDecisionsOnceTwoRetentionsHavePassed() {
        // given 30 decisions through the alias never answered, held by the guard
        decide(30, "gpt-4o", T0);
        KeyValueStore<Object, Object> pending = driver.getKeyValueStore(LearnerTopology.GUARD_PENDING_STORE);
        assertThat(LearnerDriver.entries(pending)).isEqualTo(30);

        // when one retention has passed they are still held (their generation is the one before the current), and
        // once two have passed a purge has deleted their generation
        advance(Duration.ofDays(7));
        assertThat(LearnerDriver.entries(pending)).isEqualTo(30);
        advance(Duration.ofDays(7).plusSeconds(1));
        assertThat(LearnerDriver.entries(pending)).isZero();
    }

    private void advance(Duration d) {
        clock.advance(d);
        driver.advanceWallClockTime(d);
    }

    /** {@code n} requests routed through the alias to {@code model}, answered, and rated {@code quality}. */
    private void rate(int n, String model, Instant decidedAt, double quality) {
        answerAndRate(decide(n, model, decidedAt), model, decidedAt, quality);
    }

    /** {@code n} requests routed through the alias to {@code model} at {@code decidedAt}; returns their ids. */
    private List<String> decide(int n, String model, Instant decidedAt) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String id = "req-" + requests++;
            RoutingDecision d = SampleRecords.routingDecision();
            d.setRequestId(id);
            d.setTenantId("acme");
            d.setRoute(Route.newBuilder()
                    .setProvider("openai")
                    .setModel(model)
                    .setAlias(ALIAS)
                    .setVersion(null)
                    .setRegion("us-east")
                    .build());
            d.setDecidedAt(decidedAt);
            pipe(topics.decisions(), "acme", d);
            ids.add(id);
        }
        return ids;
    }

    /** The requests {@code ids}, decided at {@code decidedAt}, answered by {@code model} and rated {@code quality}. */
    private void answerAndRate(List<String> ids, String model, Instant decidedAt, double quality) {
        for (String id : ids) {
            pipe(
                    topics.results(),
                    "acme",
                    ExecutionResult.newBuilder()
                            .setRequestId(id)
                            .setTenantId("acme")
                            .setStatus(ResultStatus.SUCCEEDED)
                            .setProvider("openai")
                            .setModel(model)
                            .setUsage(Usage.newBuilder()
                                    .setInputTokens(10)
                                    .setOutputTokens(10)
                                    .build())
                            .setCostMicros(5)
                            .setLatencyMs(100)
                            .setAttempts(List.of())
                            .setCompletedAt(decidedAt.plusSeconds(1))
                            .build());
            pipe(
                    topics.feedback(),
                    "acme",
                    Feedback.newBuilder()
                            .setFeedbackId("fb-" + id)
                            .setRequestId(id)
                            .setTenantId("acme")
                            .setKind(FeedbackKind.EVAL_SCORE)
                            .setScore(quality)
                            .setSource("test")
                            .setAt(decidedAt.plusSeconds(2))
                            .build());
        }
    }

    /** prod-stable re-bound from its configured gpt-4o, as {@code alias set} writes it. */
    private static AliasBinding binding(String providerModel, Instant at) {
        return AliasBinding.newBuilder()
                .setAlias(ALIAS)
                .setProvider("openai")
                .setModel(providerModel)
                .setVersion(null)
                .setWeights(null)
                .setPrevious(List.of(AliasHistoryEntry.newBuilder()
                        .setProvider("openai")
                        .setModel("gpt-4o-2024-08-06")
                        .setVersion("2024-08-06")
                        .setBoundAt(Instant.EPOCH)
                        .build()))
                .setReason("test")
                .setChangedBy("test")
                .setBoundAt(at)
                .build();
    }

    private List<AliasBinding> rollbacks() {
        return driver
                .createOutputTopic(
                        topics.aliases().name(),
                        new StringDeserializer(),
                        serdes.valueSerde(topics.aliases()).deserializer())
                .readValuesToList()
                .stream()
                .filter(b -> "online-guard".equals(b.getChangedBy()))
                .toList();
    }

    private <V extends SpecificRecord> void pipe(TopicSpec<V> spec, String key, V value) {
        driver.createInputTopic(spec.name(), new StringSerializer(), new ByteArraySerializer())
                .pipeInput(key, serdes.valueSerde(spec).serializer().serialize(spec.name(), value));
    }
}
