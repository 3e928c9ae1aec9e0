package dev.routeplane.executors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.routeplane.config.EnvAndFileSecretResolver;
import dev.routeplane.config.Provider;
import dev.routeplane.config.RouteplaneConfig;
import dev.routeplane.contract.CircuitState;
import dev.routeplane.contract.CostEvent;
import dev.routeplane.contract.ExecutionResult;
import dev.routeplane.contract.ExecutionTask;
import dev.routeplane.contract.Fallback;
import dev.routeplane.contract.FallbackTrigger;
import dev.routeplane.contract.ResultStatus;
import dev.routeplane.contract.Route;
import dev.routeplane.executors.internal.RetryBudget;
import dev.routeplane.platform.testkit.RouteplanePlatformExtension;
import dev.routeplane.schemas.ReasonCodes;
import dev.routeplane.schemas.RouteplaneSerdes;
import dev.routeplane.schemas.Topics;
import dev.routeplane.simulator.FaultMix;
import dev.routeplane.simulator.LatencyProfile;
import dev.routeplane.simulator.SimulatedModel;
import dev.routeplane.simulator.SimulatedProvider;
import dev.routeplane.simulator.SimulatorConfig;
import dev.routeplane.simulator.SimulatorServer;
import dev.routeplane.simulator.WireFormat;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
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
 * Workers for three providers on a real broker against the simulator over HTTP: faults, an outage, fallbacks, and
 * the ledger checked against the simulator's invoice to the micro-dollar.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ExecutorIT {
    @RegisterExtension
    static final RouteplanePlatformExtension platform = new RouteplanePlatformExtension();

    static final Topics TOPICS = Topics.defaults();
    static final FaultMix FAULTY = FaultMix.builder()
            .serverError5xx(0.30)
            .rateLimited429(0.10)
            .timeout(0.05)
            .timeoutHoldMs(1_500)
            .build();
    static final ResilienceSettings RESILIENCE = ResilienceSettings.defaults()
            .withBackoff(Duration.ofMillis(50), Duration.ofMillis(400))
            .withOpenStateWait(Duration.ofSeconds(3));
    static final Map<String, String> ENV = Map.of(
            "ALPHA_KEY_PRIMARY",
            "sk-alpha-primary-0001",
            "ALPHA_KEY_SECONDARY",
            "sk-alpha-secondary-0002",
            "BETA_KEY",
            "sk-ant-beta-0003",
            "GAMMA_KEY",
            "sk-gamma-0004",
            "INITECH_ALPHA_KEY",
            "sk-initech-own-0005");

    static SimulatorServer sim;
    static RouteplaneConfig config;
    static ExecutorPool pool;
    static RouteplaneSerdes serdes;

    @BeforeAll
    static void start() {
        config = TestTasks.config();
        sim = SimulatorServer.start(SimulatorConfig.builder()
                .provider(provider(
                        "alpha",
                        WireFormat.OPENAI,
                        new SimulatedModel("gpt-4o-mini", 150_000, 600_000, 128_000, 16_384)))
                .provider(provider(
                        "beta",
                        WireFormat.ANTHROPIC,
                        new SimulatedModel("claude-3-5-haiku-latest", 800_000, 4_000_000, 200_000, 8_192)))
                .provider(provider(
                        "gamma",
                        WireFormat.OPENAI,
                        new SimulatedModel("gpt-4o-mini", 150_000, 600_000, 128_000, 16_384)))
                .build());
        serdes = new RouteplaneSerdes(Map.of("schema.registry.url", platform.registryUrl()));
        WorkerSettings settings = WorkerSettings.builder(platform.bootstrapServers(), platform.registryUrl())
                .topics(TOPICS)
                .baseUrlOverride("alpha", URI.create(sim.baseUrl("alpha")))
                .baseUrlOverride("beta", URI.create(sim.baseUrl("beta")))
                .baseUrlOverride("gamma", URI.create(sim.baseUrl("gamma")))
                .maxInFlight(800)
                .lanes(4)
                .healthInterval(Duration.ofSeconds(1))
                .resilience(RESILIENCE)
                .secretResolver(new EnvAndFileSecretResolver(ENV::get))
                .build();
        pool = ExecutorPool.start(config, settings);
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

    static SimulatedProvider provider(String id, WireFormat format, SimulatedModel model) {
        return SimulatedProvider.builder(id, format)
                .models(model)
                .latency(LatencyProfile.uniform(20, 200))
                .faults(FAULTY)
                .build();
    }

    @Test
    @Order(-1)
    void thePoolsWorkersShareOneProducerOneDoneMarkerTailAndOneCancellationFollower() {
        List<String> threads = Thread.getAllStackTraces().keySet().stream()
                .filter(Thread::isAlive)
                .map(Thread::getName)
                .toList();
        assertThat(pool.workers()).hasSize(3);
        assertThat(threads)
                .as("done-marker tails of %s", ExecutorPool.doneMarkerTopic(TOPICS))
                .filteredOn(n -> n.equals("done-markers-" + ExecutorPool.doneMarkerTopic(TOPICS)))
                .hasSize(1);
        assertThat(threads)
                .as("the executors' producers")
                .filteredOn(n -> n.startsWith("kafka-producer-network-thread | routeplane-exec-"))
                .singleElement()
                .satisfies(n -> assertThat(n).startsWith("kafka-producer-network-thread | routeplane-exec-pool-"));
        assertThat(threads)
                .as("the executors' batch-cancellation followers")
                .filteredOn(n ->
                        n.startsWith("routeplane-exec-") && n.endsWith("-batches") && !n.endsWith("-provider-batches"))
                .singleElement()
                .satisfies(n -> assertThat(n).startsWith("routeplane-exec-pool-"));
    }

    @Test
    @Order(2)
    void everyTaskUnderFaultsEndsInExactlyOneResultAndTheLedgerEqualsTheInvoice() {
        List.of("alpha", "beta", "gamma").forEach(p -> sim.setFaults(p, FAULTY));
        List<ExecutionTask> tasks = new ArrayList<>();
        for (int i = 0; i < 600; i++) {
            tasks.add(TestTasks.task(
                    "acme",
                    "faulty-a-" + i,
                    "alpha",
                    "alpha-mini",
                    "us-east",
                    30_000,
                    List.of(
                            TestTasks.fallback("beta", "beta-haiku", "eu-west"),
                            TestTasks.fallback("gamma", "gamma-mini", "us-west"))));
            tasks.add(TestTasks.task(
                    "acme",
                    "faulty-b-" + i,
                    "beta",
                    "beta-haiku",
                    "eu-west",
                    30_000,
                    List.of(TestTasks.fallback("gamma", "gamma-mini", "us-west"))));
        }
        produce(tasks);

        List<ExecutionResult> results = awaitResults(ids(tasks));

        assertThat(results).hasSize(1_200);
        assertThat(results.stream()
                        .map(ExecutionResult::getRequestId)
                        .distinct()
                        .count())
                .isEqualTo(1_200);
        Map<ResultStatus, Long> byStatus =
                results.stream().collect(Collectors.groupingBy(ExecutionResult::getStatus, Collectors.counting()));
        System.out.println("fault run statuses: " + byStatus + ", calls: " + sim.callCounts());
        Map<String, Long> reasons = results.stream()
                .filter(r -> r.getStatus() != ResultStatus.SUCCEEDED)
                .collect(Collectors.groupingBy(r -> r.getStatus() + "/" + r.getReason(), Collectors.counting()));
        System.out.println("fault run failure reasons: " + reasons);
        assertThat(byStatus.get(ResultStatus.SUCCEEDED)).isPositive();
        assertThat(reasons.keySet())
                .allMatch(r -> Set.of(
                                "FAILED/PROVIDER_ERROR",
                                "FAILED/PROVIDER_TIMEOUT",
                                "FAILED/RATE_LIMITED",
                                "FAILED/CIRCUIT_OPEN",
                                "TIMED_OUT/DEADLINE_EXCEEDED")
                        .contains(r));
        assertThat(results).allSatisfy(r -> {
            assertThat(r.getAttempts()).isNotEmpty();
            assertThat(r.getCostMicros())
                    .isEqualTo(r.getAttempts().stream()
                            .mapToLong(a -> a.getCostMicros())
                            .sum());
            if (r.getStatus() == ResultStatus.SUCCEEDED) {
                assertThat(r.getOutput().getText()).isNotBlank();
                assertThat(r.getProvider())
                        .isEqualTo(
                                r.getAttempts().get(r.getAttempts().size() - 1).getProvider());
            }
        });
        assertLedgerEqualsInvoice();
        for (String provider : List.of("alpha", "beta", "gamma")) {
            long calls = sim.callCounts().get(provider).values().stream()
                    .mapToLong(Long::longValue)
                    .sum();
            long firstTries = pool.worker(provider).retryBudgetCounts()[0];
            long retries = pool.worker(provider).retryBudgetCounts()[1];
            assertThat(retries)
                    .as("%s retries within budget", provider)
                    .isLessThanOrEqualTo(RetryBudget.maxRetries(firstTries, 0.2, 10));
            assertThat(calls).as("%s calls at the provider", provider).isLessThanOrEqualTo(firstTries + retries);
        }
    }

    @Test
    @Order(1)
    void anOutageOpensTheCircuitAndTrafficFallsBackWithinTheRetryBudget() {
        sim.setFaults("alpha", FaultMix.none());
        sim.setFaults("gamma", FaultMix.none());
        sim.setOutage("alpha", true);
        long alphaCallsBefore = total(sim.callCounts().get("alpha"));
        long alphaFirstTriesBefore = pool.worker("alpha").retryBudgetCounts()[0];
        List<ExecutionTask> tasks = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            tasks.add(TestTasks.task(
                    "acme",
                    "outage-" + i,
                    "alpha",
                    "alpha-mini",
                    "us-east",
                    30_000,
                    List.of(TestTasks.fallback("gamma", "gamma-mini", "us-west"))));
        }
        produce(tasks);

        List<ExecutionResult> results = awaitResults(ids(tasks));

        assertThat(results).hasSize(300).allSatisfy(r -> {
            assertThat(r.getStatus()).isEqualTo(ResultStatus.SUCCEEDED);
            assertThat(r.getProvider()).isEqualTo("gamma");
            assertThat(r.getAttempts().get(0).getProvider()).isEqualTo("alpha");
        });
        long alphaCalls = total(sim.callCounts().get("alpha")) - alphaCallsBefore;
        long alphaFirstTries = pool.worker("alpha").retryBudgetCounts()[0] - alphaFirstTriesBefore;
        assertThat(alphaFirstTries).isEqualTo(300);
        assertThat(alphaCalls)
                .as("calls into the outage")
                .isLessThanOrEqualTo(RetryBudget.maxRetries(300, 0.2, 10) + 300);
        assertThat(alphaCalls)
                .as("the open circuit fails fast: fewer calls than tasks")
                .isLessThan(300);
        await().atMost(Duration.ofSeconds(20))
                .untilAsserted(() -> assertThat(TopicReader.readAll(
                                platform.bootstrapServers(),
                                TOPICS.providerHealth().name(),
                                serdes.valueSerde(TOPICS.providerHealth()).deserializer()))
                        .anySatisfy(h -> {
                            assertThat(h.getProvider()).isEqualTo("alpha");
                            assertThat(h.getCircuitState()).isEqualTo(CircuitState.OPEN);
                        }));
        assertLedgerEqualsInvoice();
        sim.setOutage("alpha", false);
    }

    @Test
    @Order(0)
    void aFallbackAfterABilledContentFilteredAnswerStartsOnlyWhileTheReservationCoversIt() {
        List.of("alpha", "beta", "gamma").forEach(p -> sim.setFaults(p, FaultMix.none()));
        sim.setFaults("alpha", FaultMix.builder().contentFilter(1).build());
        sim.setFaults("beta", FaultMix.builder().contentFilter(1).build());
        // alpha's filtered answer is billed; beta's worst case on top of it no longer fits the reservation.
        ExecutionTask refused = filteredFirst(
                "filtered-over-", TestTasks.route("alpha", "alpha-mini", "us-east"), "beta", "beta-haiku", "eu-west");
        // beta's filtered answer is billed; gamma's much smaller worst case still fits what is left.
        ExecutionTask covered = filteredFirst(
                "filtered-covered-",
                TestTasks.route("beta", "beta-haiku", "eu-west"),
                "gamma",
                "gamma-mini",
                "us-west");
        produce(List.of(refused, covered));

        Map<String, ExecutionResult> results = awaitResults(ids(List.of(refused, covered))).stream()
                .collect(Collectors.toMap(ExecutionResult::getRequestId, r -> r));

        ExecutionResult over = results.get(refused.getRequest().getRequestId());
        assertThat(over.getStatus()).isEqualTo(ResultStatus.BUDGET_EXCEEDED);
        assertThat(over.getReason()).isEqualTo(ReasonCodes.BUDGET_EXCEEDED);
        assertThat(over.getAttempts())
                .extracting(a -> a.getProvider() + "/" + a.getOutcome())
                .containsExactly("alpha/CONTENT_FILTER");
        assertThat(over.getCostMicros())
                .isPositive()
                .isLessThanOrEqualTo(refused.getDecision().getBudgets().getReservedCostMicros());
        assertThat(sim.received())
                .as("no call of the refused request reached beta")
                .noneMatch(c -> c.provider().equals("beta")
                        && refused.getRequest().getRequestId().equals(c.clientRequestId()));
        ExecutionResult fellBack = results.get(covered.getRequest().getRequestId());
        assertThat(fellBack.getStatus()).as("%s", fellBack).isEqualTo(ResultStatus.SUCCEEDED);
        assertThat(fellBack.getProvider()).isEqualTo("gamma");
        assertThat(fellBack.getCostMicros())
                .isLessThanOrEqualTo(covered.getDecision().getBudgets().getReservedCostMicros());
        assertLedgerEqualsInvoice();
        List.of("alpha", "beta").forEach(p -> sim.setFaults(p, FaultMix.none()));
    }

    /**
     * A task on {@code route} whose one fallback is tried when the route's answer was content-filtered (a billed
     * answer), with the reservation the router makes for it.
     */
    static ExecutionTask filteredFirst(String idPrefix, Route route, String provider, String model, String region) {
        Fallback onFilter = Fallback.newBuilder(TestTasks.fallback(provider, model, region))
                .setWhen(List.of(FallbackTrigger.CONTENT_FILTER))
                .build();
        ExecutionTask task = TestTasks.task(
                "acme",
                idPrefix + System.nanoTime(),
                route.getProvider(),
                route.getModel(),
                route.getRegion(),
                30_000,
                List.of(onFilter));
        return TestTasks.reservedAsTheRouterDoes(task, config);
    }

    @Test
    @Order(3)
    void eachWorkerReportsItsKeysAsTheirLimitersBookedThem() {
        long now = System.currentTimeMillis();
        for (ExecutorWorker w : pool.workers()) {
            Provider provider = config.providers().get(w.providerId());
            List<KeyUsage> keys = w.keys(now);
            assertThat(keys)
                    .extracting(KeyUsage::name)
                    .containsExactlyElementsOf(provider.keyProfiles().stream()
                            .map(k -> provider.id() + "/" + k.id())
                            .toList());
            assertThat(keys).extracting(KeyUsage::limits).containsExactlyElementsOf(provider.keyProfiles());
            assertThat(keys)
                    .allSatisfy(k -> assertThat(k.requestsLastMinute()).isLessThanOrEqualTo(k.bookedRequests()));
            // The fault run just before called every provider, within the last minute.
            assertThat(keys.stream().mapToLong(KeyUsage::requestsLastMinute).sum())
                    .as("%s's calls booked in the last minute", w.providerId())
                    .isPositive();
        }
    }

    @Test
    @Order(4)
    void aDoneMarkerTailThatStopsOnAnErrorIsReportedAsTheExecutorsNotWorking() {
        assertThat(pool.working()).as("every worker before the tail stops").isTrue();
        String name = "done-markers-" + ExecutorPool.doneMarkerTopic(TOPICS);
        Thread tail = Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().equals(name))
                .findFirst()
                .orElseThrow();
        // An interrupt makes the tail's poll throw (Kafka's InterruptException), as any unexpected client error would.
        tail.interrupt();
        await().atMost(Duration.ofSeconds(10)).until(() -> !tail.isAlive());
        assertThat(pool.working()).isFalse();
        assertThat(pool.workers())
                .as("every worker reads through the pool's one tail")
                .noneMatch(ExecutorWorker::working);
        assertThat(pool.workers()).allMatch(w -> w.lanesRunning() > 0);
    }

    static void assertLedgerEqualsInvoice() {
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            List<CostEvent> costs = TopicReader.readAll(
                    platform.bootstrapServers(),
                    TOPICS.ledger().name(),
                    serdes.valueSerde(TOPICS.ledger()).deserializer());
            Set<String> ids = new HashSet<>();
            costs.forEach(c -> ids.add(c.getEventId()));
            assertThat(ids).hasSize(costs.size());
            assertThat(costs).hasSize((int) sim.invoice().calls());
            assertThat(costs.stream().mapToLong(CostEvent::getCostMicros).sum())
                    .isEqualTo(sim.invoice().totalMicros());
        });
    }

    static long total(Map<String, Long> counts) {
        return counts == null
                ? 0
                : counts.values().stream().mapToLong(Long::longValue).sum();
    }

    static Set<String> ids(List<ExecutionTask> tasks) {
        return tasks.stream().map(t -> t.getRequest().getRequestId()).collect(Collectors.toSet());
    }

    static List<ExecutionResult> awaitResults(Set<String> ids) {
        List<ExecutionResult> mine = new ArrayList<>();
        await().atMost(Duration.ofSeconds(90))
                .pollInterval(Duration.ofSeconds(1))
                .until(() -> {
                    mine.clear();
                    for (ExecutionResult r : TopicReader.readAll(
                            platform.bootstrapServers(),
                            TOPICS.results().name(),
                            serdes.valueSerde(TOPICS.results()).deserializer())) {
                        if (ids.contains(r.getRequestId())) {
                            mine.add(r);
                        }
                    }
                    return mine.stream()
                                    .map(ExecutionResult::getRequestId)
                                    .distinct()
                                    .count()
                            == ids.size();
                });
        return mine;
    }

    static void produce(List<ExecutionTask> tasks) {
        Serializer<ExecutionTask> values =
                serdes.valueSerde(TOPICS.exec("alpha")).serializer();
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(
                platform.producerProps(),
                new StringSerializer(),
                new org.apache.kafka.common.serialization.ByteArraySerializer())) {
            for (ExecutionTask t : tasks) {
                String topic =
                        TOPICS.exec(t.getDecision().getRoute().getProvider()).name();
                producer.send(new ProducerRecord<>(topic, t.getRequest().getTenantId(), values.serialize(topic, t)));
            }
            producer.flush();
        }
    }
}
