package dev.routeplane.executors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

import dev.routeplane.config.EnvAndFileSecretResolver;
import dev.routeplane.contract.AttemptRecord;
import dev.routeplane.contract.CostEvent;
import dev.routeplane.contract.ExecutionResult;
import dev.routeplane.contract.ExecutionTask;
import dev.routeplane.contract.ResultStatus;
import dev.routeplane.contract.Route;
import dev.routeplane.contract.RouteRequest;
import dev.routeplane.contract.RoutingDecision;
import dev.routeplane.platform.testkit.RouteplanePlatformExtension;
import dev.routeplane.schemas.RouteplaneSerdes;
import dev.routeplane.schemas.TopicSpec;
import dev.routeplane.schemas.Topics;
import dev.routeplane.simulator.InvoiceLine;
import dev.routeplane.simulator.LatencyProfile;
import dev.routeplane.simulator.SimulatedModel;
import dev.routeplane.simulator.SimulatedProvider;
import dev.routeplane.simulator.SimulatorConfig;
import dev.routeplane.simulator.SimulatorServer;
import dev.routeplane.simulator.WireFormat;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Shadow calls through real workers on a real broker against the simulator: a shadow task's terminal result goes to
 * {@code rp.shadow-results.v1}, never to {@code rp.results.v1} where callers wait, and its call is billed under the
 * shadow's own request id like any other call. Tasks are built as the router emits them: the shadow runs under
 * {@code <id>#shadow} on another model, without fallbacks or cascade.
 */
class ShadowCallIT {
    @RegisterExtension
    static final RouteplanePlatformExtension platform = new RouteplanePlatformExtension();

    static final Topics TOPICS = Topics.defaults();

    static SimulatorServer sim;
    static ExecutorPool pool;
    static RouteplaneSerdes serdes;

    @BeforeAll
    static void start() {
        sim = SimulatorServer.start(SimulatorConfig.builder()
                .provider(SimulatedProvider.builder("alpha", WireFormat.OPENAI)
                        .models(new SimulatedModel("gpt-4o-mini", 150_000, 600_000, 128_000, 16_384))
                        .latency(LatencyProfile.fixed(5))
                        .build())
                .provider(SimulatedProvider.builder("beta", WireFormat.ANTHROPIC)
                        .models(new SimulatedModel("claude-3-5-haiku-latest", 800_000, 4_000_000, 200_000, 8_192))
                        .latency(LatencyProfile.fixed(5))
                        .build())
                .build());
        serdes = new RouteplaneSerdes(Map.of("schema.registry.url", platform.registryUrl()));
        WorkerSettings settings = WorkerSettings.builder(platform.bootstrapServers(), platform.registryUrl())
                .topics(TOPICS)
                .baseUrlOverride("alpha", URI.create(sim.baseUrl("alpha")))
                .baseUrlOverride("beta", URI.create(sim.baseUrl("beta")))
                .maxInFlight(20)
                .lanes(1)
                .healthInterval(Duration.ofSeconds(1))
                .resilience(ResilienceSettings.defaults().withBackoff(Duration.ofMillis(50), Duration.ofMillis(200)))
                .secretResolver(new EnvAndFileSecretResolver(ExecutorIT.ENV::get))
                .build();
        pool = ExecutorPool.start(TestTasks.config(), settings, List.of("alpha", "beta"));
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
    void workersCreateTheShadowResultsTopicFromItsSpec() throws Exception {
        // Created by the workers' topic bootstrap, not auto-created by the broker on first write: the spec's
        // partition count and 30-day retention (an auto-created topic would have the broker's 7 days).
        TopicSpec<ExecutionResult> spec = TOPICS.shadowResults();
        try (Admin admin = Admin.create(platform.adminConfig())) {
            TopicDescription topic = admin.describeTopics(List.of(spec.name()))
                    .allTopicNames()
                    .get()
                    .get(spec.name());
            ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, spec.name());
            Config config = admin.describeConfigs(List.of(resource)).all().get().get(resource);

            assertThat(topic.partitions()).hasSize(TOPICS.partitions());
            assertThat(config.get("cleanup.policy").value()).isEqualTo("delete");
            assertThat(config.get("retention.ms").value())
                    .isEqualTo(Long.toString(Duration.ofDays(30).toMillis()));
        }
    }

    @Test
    void aShadowCallsResultGoesToTheShadowTopicAndItsCallIsBilledUnderTheShadowId() {
        // given: request shadowed-1 on alpha-mini, shadowed on beta-haiku
        ExecutionTask primary = TestTasks.task(
                "acme",
                "shadowed-1",
                "alpha",
                "alpha-mini",
                "us-east",
                30_000,
                List.of(TestTasks.fallback("gamma", "gamma-mini", "us-west")));
        ExecutionTask shadow = shadowOf(primary, TestTasks.route("beta", "beta-haiku", "eu-west"));

        // when
        ExecutorRedeliveryIT.produce(platform.producerProps(), serdes, List.of(shadow, primary));

        // then: the shadow's one result is on the shadow topic, marked as the shadow of shadowed-1
        ExecutionResult shadowResult = awaitOne(TOPICS.shadowResults(), "shadowed-1#shadow");
        assertThat(shadowResult.getShadowOf()).isEqualTo("shadowed-1");
        assertThat(shadowResult.getStatus()).isEqualTo(ResultStatus.SUCCEEDED);
        assertThat(shadowResult.getTenantId()).isEqualTo("acme");
        assertThat(shadowResult.getProvider()).isEqualTo("beta");
        assertThat(shadowResult.getModel()).isEqualTo("beta-haiku");
        assertThat(shadowResult.getOutput().getText()).isNotBlank();
        assertThat(shadowResult.getAttempts())
                .extracting(AttemptRecord::getProvider, AttemptRecord::getModel, AttemptRecord::getOutcome)
                .containsExactly(tuple("beta", "beta-haiku", "SUCCEEDED"));
        assertThat(shadowResult.getCostMicros())
                .isPositive()
                .isEqualTo(shadowResult.getAttempts().get(0).getCostMicros());

        // and: the primary's result is where the caller waits, unmarked; neither is on the other's topic
        ExecutionResult primaryResult = awaitOne(TOPICS.results(), "shadowed-1");
        assertThat(primaryResult.getShadowOf()).isNull();
        assertThat(primaryResult.getStatus()).isEqualTo(ResultStatus.SUCCEEDED);
        assertThat(primaryResult.getProvider()).isEqualTo("alpha");
        assertThat(requestIds(TOPICS.results(), "shadowed-1")).containsExactly("shadowed-1");
        assertThat(requestIds(TOPICS.shadowResults(), "shadowed-1")).containsExactly("shadowed-1#shadow");

        // and: one cost event per call, the shadow's under its own id, equal to what beta invoiced for it
        await("the cost events of shadowed-1").atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            List<CostEvent> costs = TopicReader.readAll(
                    platform.bootstrapServers(),
                    TOPICS.ledger().name(),
                    serdes.valueSerde(TOPICS.ledger()).deserializer());
            assertThat(costs)
                    .extracting(CostEvent::getRequestId)
                    .filteredOn(id -> id.startsWith("shadowed-1"))
                    .containsExactlyInAnyOrder("shadowed-1", "shadowed-1#shadow");
            CostEvent shadowCost = costs.stream()
                    .filter(c -> c.getRequestId().equals("shadowed-1#shadow"))
                    .findFirst()
                    .orElseThrow();
            assertThat(List.of(
                            shadowCost.getTenantId(),
                            shadowCost.getLane(),
                            shadowCost.getProvider(),
                            shadowCost.getModel(),
                            shadowCost.getOutcome()))
                    .containsExactly("acme", "default", "beta", "beta-haiku", "SUCCEEDED");
            assertThat(shadowCost.getCostMicros()).isEqualTo(shadowResult.getCostMicros());
            List<InvoiceLine> invoiced = sim.invoice().lines().stream()
                    .filter(l -> shadowCost.getEventId().equals(l.provider() + "/" + l.callId()))
                    .toList();
            assertThat(invoiced)
                    .extracting(InvoiceLine::provider, InvoiceLine::model, InvoiceLine::costMicros)
                    .containsExactly(tuple("beta", "claude-3-5-haiku-latest", shadowCost.getCostMicros()));
        });
    }

    @Test
    void aFailedShadowCallAlsoEndsOnTheShadowTopicAndIsNeverReturned() {
        // given: a shadow the executor's policy re-check refuses (globex-eu keeps its data in the EU; alpha is US)
        ExecutionTask primary =
                TestTasks.task("globex-eu", "refused-1", "beta", "beta-haiku", "eu-west", 30_000, List.of());
        ExecutionTask shadow = shadowOf(primary, TestTasks.route("alpha", "alpha-mini", "us-east"));

        // when
        ExecutorRedeliveryIT.produce(platform.producerProps(), serdes, List.of(shadow, primary));

        // then
        ExecutionResult refused = awaitOne(TOPICS.shadowResults(), "refused-1#shadow");
        assertThat(refused.getShadowOf()).isEqualTo("refused-1");
        assertThat(refused.getStatus()).isEqualTo(ResultStatus.FAILED);
        assertThat(refused.getReason()).isEqualTo("POLICY_NO_ELIGIBLE_ROUTE");
        assertThat(refused.getAttempts()).isEmpty();
        assertThat(refused.getCostMicros()).isZero();
        assertThat(awaitOne(TOPICS.results(), "refused-1").getShadowOf()).isNull();
        assertThat(requestIds(TOPICS.results(), "refused-1")).containsExactly("refused-1");
        assertThat(requestIds(TOPICS.shadowResults(), "refused-1")).containsExactly("refused-1#shadow");
        assertThat(TopicReader.readAll(
                        platform.bootstrapServers(),
                        TOPICS.ledger().name(),
                        serdes.valueSerde(TOPICS.ledger()).deserializer()))
                .extracting(CostEvent::getRequestId)
                .doesNotContain("refused-1#shadow");
    }

    /** The shadow task the router emits beside {@code primary}: {@code <id>#shadow} on {@code route}, no fallbacks. */
    static ExecutionTask shadowOf(ExecutionTask primary, Route route) {
        String shadowId = primary.getRequest().getRequestId() + "#shadow";
        RouteRequest request = RouteRequest.newBuilder(primary.getRequest())
                .setRequestId(shadowId)
                .build();
        RoutingDecision decision = RoutingDecision.newBuilder(primary.getDecision())
                .setRequestId(shadowId)
                .setRoute(route)
                .setFallbacks(List.of())
                .setCascade(null)
                .build();
        return ExecutionTask.newBuilder(primary)
                .setRequest(request)
                .setDecision(decision)
                .setShadowOf(primary.getRequest().getRequestId())
                .build();
    }

    /** The one result for {@code requestId} on {@code topic}, once it is there. */
    static ExecutionResult awaitOne(TopicSpec<ExecutionResult> topic, String requestId) {
        await(requestId + "'s result on " + topic.name())
                .atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(250))
                .until(() -> requestIds(topic, requestId).contains(requestId));
        List<ExecutionResult> mine = read(topic).stream()
                .filter(r -> r.getRequestId().equals(requestId))
                .toList();
        assertThat(mine).as("one result for %s on %s", requestId, topic.name()).hasSize(1);
        return mine.get(0);
    }

    /** Request ids of the results on {@code topic} that start with {@code prefix} (this test's requests). */
    static List<String> requestIds(TopicSpec<ExecutionResult> topic, String prefix) {
        return read(topic).stream()
                .map(ExecutionResult::getRequestId)
                .filter(id -> id.startsWith(prefix))
                .toList();
    }

    static List<ExecutionResult> read(TopicSpec<ExecutionResult> topic) {
        return TopicReader.readAll(
                platform.bootstrapServers(),
                topic.name(),
                serdes.valueSerde(topic).deserializer());
    }
}
