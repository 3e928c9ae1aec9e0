package dev.routeplane.executors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.routeplane.config.EnvAndFileSecretResolver;
import dev.routeplane.config.RouteplaneConfig;
import dev.routeplane.contract.CostEvent;
import dev.routeplane.contract.ExecutionResult;
import dev.routeplane.contract.ExecutionTask;
import dev.routeplane.ledger.CallSettlement;
import dev.routeplane.ledger.LedgerService;
import dev.routeplane.ledger.LedgerTopologyConfig;
import dev.routeplane.ledger.SimulatorUsageLookup;
import dev.routeplane.platform.testkit.RouteplanePlatformExtension;
import dev.routeplane.schemas.RouteplaneSerdes;
import dev.routeplane.schemas.Topics;
import dev.routeplane.simulator.LatencyProfile;
import dev.routeplane.simulator.SimulatorServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.time.Duration;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A worker that dies mid-run without acknowledging; a second worker finishes the queue. A worker that dies after the
 * provider answered (and billed) but before the cost event: the ledger still equals the provider's invoice.
 */
class ExecutorRedeliveryIT {
    @RegisterExtension
    static final RouteplanePlatformExtension platform = new RouteplanePlatformExtension();

    static final Topics TOPICS = Topics.defaults();

    @Test
    void aCrashedWorkersTasksFinishOnAnotherWorkerWithOneResultEachAndNoDuplicateCosts() {
        RouteplaneConfig config = TestTasks.config();
        RouteplaneSerdes serdes = new RouteplaneSerdes(Map.of("schema.registry.url", platform.registryUrl()));
        try (SimulatorServer sim = TestTasks.alphaSimulator(LatencyProfile.uniform(300, 1_500))) {
            WorkerSettings settings = WorkerSettings.builder(platform.bootstrapServers(), platform.registryUrl())
                    .topics(TOPICS)
                    .baseUrlOverride("alpha", URI.create(sim.baseUrl("alpha")))
                    .maxInFlight(200)
                    .lanes(4)
                    .secretResolver(new EnvAndFileSecretResolver(ExecutorIT.ENV::get))
                    .build();
            try (org.apache.kafka.clients.admin.Admin admin =
                    org.apache.kafka.clients.admin.Admin.create(platform.adminConfig())) {
                new dev.routeplane.schemas.TopicBootstrapper(admin)
                        .ensure(TOPICS.all(config.providers().keySet()));
            }
            List<ExecutionTask> tasks = new ArrayList<>();
            for (int i = 0; i < 400; i++) {
                tasks.add(TestTasks.task("acme", "crash-" + i, "alpha", "alpha-mini", "us-east", 60_000, List.of()));
            }
            produce(platform.producerProps(), serdes, tasks);
            Set<String> ids =
                    tasks.stream().map(t -> t.getRequest().getRequestId()).collect(Collectors.toSet());

            ExecutorWorker first = ExecutorWorker.start(config, "alpha", settings);
            await().atMost(Duration.ofSeconds(60)).until(() -> results(serdes).size() >= 100);
            first.shutdownNow();
            int doneByFirst = results(serdes).size();
            try (ExecutorWorker second = ExecutorWorker.start(config, "alpha", settings)) {
                await().atMost(Duration.ofSeconds(90))
                        .until(() -> results(serdes).stream()
                                        .map(ExecutionResult::getRequestId)
                                        .distinct()
                                        .count()
                                == ids.size());
            }

            List<ExecutionResult> results = results(serdes);
            assertThat(doneByFirst).isBetween(100, 399);
            assertThat(results).hasSize(400);
            assertThat(results.stream().map(ExecutionResult::getRequestId).collect(Collectors.toSet()))
                    .isEqualTo(ids);
            List<CostEvent> costs = TopicReader.readAll(
                    platform.bootstrapServers(),
                    TOPICS.ledger().name(),
                    serdes.valueSerde(TOPICS.ledger()).deserializer());
            Set<String> eventIds = new HashSet<>();
            costs.forEach(c -> eventIds.add(c.getEventId()));
            assertThat(eventIds).hasSize(costs.size());
            assertThat((long) costs.size()).isEqualTo(sim.invoice().calls());
            assertThat(costs.size())
                    .as("re-calls after the crash are real, billed calls")
                    .isGreaterThanOrEqualTo(400);
            assertThat(costs.stream().mapToLong(CostEvent::getCostMicros).sum())
                    .isEqualTo(sim.invoice().totalMicros());
        }
    }

    /**
     * Issue 13 item 3a, the seed-1 chaos duplicate: a delivery has its result ready and starts writing it while it holds
     * the record's lock, but the write is slow to land (the broker restarting; here the test seam holds it); the lock
     * lapses, the record is redelivered after the request's deadline, and the redelivery ends it TIMED_OUT. The held
     * write then lands too. One request, one terminal result: whichever delivery claims the request first writes it.
     */
    @Test
    void aResultStillBeingWrittenWhenTheRecordIsRedeliveredPastItsDeadlineStaysTheOnlyTerminal() throws Exception {
        Topics topics = Topics.withPrefix("slowwrite", 1);
        RouteplaneConfig config = TestTasks.config();
        RouteplaneSerdes serdes = new RouteplaneSerdes(Map.of("schema.registry.url", platform.registryUrl()));
        CountDownLatch writing = new CountDownLatch(1);
        CountDownLatch landed = new CountDownLatch(1);
        try (SimulatorServer sim = TestTasks.alphaSimulator(LatencyProfile.fixed(100));
                org.apache.kafka.clients.admin.Admin admin =
                        org.apache.kafka.clients.admin.Admin.create(platform.adminConfig())) {
            new dev.routeplane.schemas.TopicBootstrapper(admin)
                    .ensure(topics.all(config.providers().keySet()));
            WorkerSettings.Builder settings = WorkerSettings.builder(
                            platform.bootstrapServers(), platform.registryUrl())
                    .topics(topics)
                    .groupIdPrefix("slowwrite-exec-")
                    .recordLockDuration(Duration.ofSeconds(15))
                    .baseUrlOverride("alpha", URI.create(sim.baseUrl("alpha")))
                    .maxInFlight(4)
                    .lanes(1)
                    .secretResolver(new EnvAndFileSecretResolver(ExecutorIT.ENV::get));
            ExecutorWorker first = ExecutorWorker.start(
                    config,
                    "alpha",
                    settings.beforeResultWritten(id -> {
                                writing.countDown();
                                awaitQuietly(landed);
                            })
                            .build());
            ExecutionTask task =
                    TestTasks.task("acme", "slow-write-1", "alpha", "alpha-mini", "us-east", 4_000, List.of());
            long deadline = task.getRequest().getSubmittedAt().toEpochMilli() + 4_000;
            produce(platform.producerProps(), serdes, topics, List.of(task));
            assertThat(writing.await(60, TimeUnit.SECONDS))
                    .as("the first delivery starts writing")
                    .isTrue();

            // The first worker loses the record while its write is still pending (a crashed consumer's records are
            // redelivered); its write stays pending, as a send to a restarting broker does.
            CompletableFuture<Void> firstStopped = CompletableFuture.runAsync(first::shutdownNow);
            await().atMost(Duration.ofSeconds(30)).until(() -> System.currentTimeMillis() > deadline);
            try (ExecutorWorker second = ExecutorWorker.start(
                    config, "alpha", settings.beforeResultWritten(id -> {}).build())) {
                await().atMost(Duration.ofSeconds(90))
                        .pollInterval(Duration.ofMillis(500))
                        .until(() -> !results(serdes, topics).isEmpty());
                landed.countDown();
                firstStopped.get(60, TimeUnit.SECONDS);
                // The second worker stays up while the first one's held write lands or is dropped.
                List<ExecutionResult> afterFirst = results(serdes, topics);
                await().during(Duration.ofSeconds(3))
                        .atMost(Duration.ofSeconds(10))
                        .until(() -> results(serdes, topics).size() == afterFirst.size());
            }

            List<ExecutionResult> results = results(serdes, topics);
            assertThat(results)
                    .as("terminal results of the one request")
                    .extracting(r -> r.getRequestId() + " " + r.getStatus())
                    .hasSize(1)
                    .allMatch(r -> r.startsWith("slow-write-1 "));
        }
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(120, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void aCallBilledByTheProviderBeforeItsWorkerDiedIsSettledInTheLedgerSoTheLedgerEqualsTheInvoice() throws Exception {
        RouteplaneConfig config = TestTasks.config();
        RouteplaneSerdes serdes = new RouteplaneSerdes(Map.of("schema.registry.url", platform.registryUrl()));
        Topics topics = Topics.withPrefix("lost", TOPICS.partitions());
        try (org.apache.kafka.clients.admin.Admin admin =
                org.apache.kafka.clients.admin.Admin.create(platform.adminConfig())) {
            new dev.routeplane.schemas.TopicBootstrapper(admin)
                    .ensure(topics.all(config.providers().keySet()));
        }
        Set<String> died = ConcurrentHashMap.newKeySet();
        try (SimulatorServer sim = TestTasks.alphaSimulator(LatencyProfile.uniform(100, 300));
                LedgerService ledger = ledger(config, topics, serdes, sim)) {
            ledger.start(Duration.ofSeconds(60));
            WorkerSettings settings = WorkerSettings.builder(platform.bootstrapServers(), platform.registryUrl())
                    .topics(topics)
                    .groupIdPrefix("lost-exec")
                    .baseUrlOverride("alpha", URI.create(sim.baseUrl("alpha")))
                    .maxInFlight(20)
                    .lanes(2)
                    .secretResolver(new EnvAndFileSecretResolver(ExecutorIT.ENV::get))
                    // The first answer of each request: the provider billed it, the worker dies before its cost event.
                    .afterProviderAnswered(requestId -> {
                        if (died.add(requestId)) {
                            throw new IllegalStateException("killed after the provider answered " + requestId);
                        }
                    })
                    .build();
            List<ExecutionTask> tasks = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                tasks.add(TestTasks.task("acme", "lost-" + i, "alpha", "alpha-mini", "us-east", 25_000, List.of()));
            }
            produce(platform.producerProps(), serdes, topics, tasks);

            try (ExecutorWorker worker = ExecutorWorker.start(config, "alpha", settings)) {
                await().atMost(Duration.ofSeconds(60))
                        .until(() -> results(serdes, topics).size() >= tasks.size());
            }

            assertThat(died).hasSize(tasks.size());
            assertThat(sim.invoice().calls())
                    .as("each request's call was made twice and billed twice by the provider")
                    .isEqualTo(2L * tasks.size());
            YearMonth month = YearMonth.now(ZoneOffset.UTC);
            await().atMost(Duration.ofSeconds(60))
                    .ignoreExceptions()
                    .untilAsserted(() -> assertThat(ledger.queries()
                                    .usage("acme", month)
                                    .total()
                                    .costMicros())
                            .as("ledger = invoice")
                            .isEqualTo(sim.invoice().totalMicros()));
            assertThat(ledger.queries().usage("acme", month).total().calls()).isEqualTo(2L * tasks.size());
            List<CostEvent> costs = TopicReader.readAll(
                    platform.bootstrapServers(),
                    topics.ledger().name(),
                    serdes.valueSerde(topics.ledger()).deserializer());
            assertThat(costs)
                    .as("one cost event per call the provider billed: the lost ones settled from its usage records")
                    .extracting(CostEvent::getEventId)
                    .doesNotHaveDuplicates()
                    .hasSize(2 * tasks.size());
            assertThat(costs)
                    .filteredOn(c -> "PROVIDER_USAGE".equals(c.getSettlement()))
                    .extracting(CostEvent::getRequestId)
                    .containsExactlyInAnyOrderElementsOf(died);
        }
    }

    private static LedgerService ledger(
            RouteplaneConfig config, Topics topics, RouteplaneSerdes serdes, SimulatorServer sim) throws Exception {
        // The simulator's usage lookup for alpha; settled a second after a call's deadline.
        LedgerTopologyConfig cfg = LedgerTopologyConfig.of(config, topics, serdes)
                .withCallSettlement(CallSettlement.defaults()
                        .withTiming(Duration.ofSeconds(1), Duration.ofMillis(500))
                        .withLookups(Map.of(
                                "alpha",
                                new SimulatorUsageLookup(
                                        URI.create(sim.baseUrl("alpha")), HttpClient.newHttpClient()))));
        Map<String, Object> streams = new HashMap<>(LedgerService.streamsConfig(
                platform.bootstrapServers(),
                Files.createTempDirectory("ledger-settles-").toString(),
                null));
        streams.put("application.id", "executor-redelivery-it-ledger");
        streams.put("commit.interval.ms", 100);
        return new LedgerService(cfg, streams);
    }

    static List<ExecutionResult> results(RouteplaneSerdes serdes) {
        return results(serdes, TOPICS);
    }

    static List<ExecutionResult> results(RouteplaneSerdes serdes, Topics topics) {
        return TopicReader.readAll(
                platform.bootstrapServers(),
                topics.results().name(),
                serdes.valueSerde(topics.results()).deserializer());
    }

    static void produce(Map<String, Object> producerProps, RouteplaneSerdes serdes, List<ExecutionTask> tasks) {
        produce(producerProps, serdes, TOPICS, tasks);
    }

    static void produce(
            Map<String, Object> producerProps, RouteplaneSerdes serdes, Topics topics, List<ExecutionTask> tasks) {
        var values = serdes.valueSerde(topics.exec("alpha")).serializer();
        try (KafkaProducer<String, byte[]> producer =
                new KafkaProducer<>(producerProps, new StringSerializer(), new ByteArraySerializer())) {
            for (ExecutionTask t : tasks) {
                String topic =
                        topics.exec(t.getDecision().getRoute().getProvider()).name();
                producer.send(new ProducerRecord<>(topic, t.getRequest().getTenantId(), values.serialize(topic, t)));
            }
            producer.flush();
        }
    }
}
