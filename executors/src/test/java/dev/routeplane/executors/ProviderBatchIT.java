package dev.routeplane.executors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.routeplane.config.EnvAndFileSecretResolver;
import dev.routeplane.config.RouteplaneConfig;
import dev.routeplane.contract.AttemptRecord;
import dev.routeplane.contract.BatchPhase;
import dev.routeplane.contract.BatchState;
import dev.routeplane.contract.CostEvent;
import dev.routeplane.contract.ExecutionMode;
import dev.routeplane.contract.ExecutionResult;
import dev.routeplane.contract.ExecutionTask;
import dev.routeplane.contract.LatencyClass;
import dev.routeplane.contract.RequestHints;
import dev.routeplane.contract.ResultStatus;
import dev.routeplane.contract.RouteRequest;
import dev.routeplane.contract.RoutingDecision;
import dev.routeplane.platform.testkit.RouteplanePlatformExtension;
import dev.routeplane.schemas.RouteplaneSerdes;
import dev.routeplane.schemas.Topics;
import dev.routeplane.simulator.BatchApi;
import dev.routeplane.simulator.InvoiceLine;
import dev.routeplane.simulator.LatencyProfile;
import dev.routeplane.simulator.SimulatedModel;
import dev.routeplane.simulator.SimulatedProvider;
import dev.routeplane.simulator.SimulatorConfig;
import dev.routeplane.simulator.SimulatorServer;
import dev.routeplane.simulator.WireFormat;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Provider-batch execution on the embedded broker against the simulator's batch APIs: tasks gathered into a provider
 * batch, owned through {@code rp.provider-batches.v1}, polled and settled into one result and one batch-priced cost
 * event each; an expired batch's unfinished lines and a failed batch's lines going back to synchronous calls; and a
 * worker killed while its batch runs, whose batch another worker's poller picks up from the ownership topic.
 */
class ProviderBatchIT {
    @RegisterExtension
    static final RouteplanePlatformExtension platform = new RouteplanePlatformExtension();

    static final Topics TOPICS = Topics.defaults();
    static final RouteplaneConfig CONFIG = TestTasks.config("provider-batch-it.yaml");

    private RouteplaneSerdes serdes() {
        return new RouteplaneSerdes(Map.of("schema.registry.url", platform.registryUrl()));
    }

    private static SimulatorServer simulator(BatchApi alpha, BatchApi beta) {
        return SimulatorServer.start(SimulatorConfig.builder()
                .provider(SimulatedProvider.builder("alpha", WireFormat.OPENAI)
                        .models(new SimulatedModel("gpt-4o-mini", 150_000, 600_000, 128_000, 16_384))
                        .latency(LatencyProfile.uniform(20, 60))
                        .batchApi(alpha)
                        .build())
                .provider(SimulatedProvider.builder("beta", WireFormat.ANTHROPIC)
                        .models(new SimulatedModel("claude-3-5-haiku-latest", 800_000, 4_000_000, 200_000, 8_192))
                        .latency(LatencyProfile.uniform(20, 60))
                        .batchApi(beta)
                        .build())
                .build());
    }

    private static BatchApi processing(WireFormat format, Duration time) {
        return BatchApi.ofDefaults(format).withProcessingTime(time);
    }

    private WorkerSettings settings(SimulatorServer sim) {
        return settingsBuilder(sim).build();
    }

    private WorkerSettings.Builder settingsBuilder(SimulatorServer sim) {
        return WorkerSettings.builder(platform.bootstrapServers(), platform.registryUrl())
                .topics(TOPICS)
                .maxInFlight(50)
                .lanes(1)
                .batchLanes(1)
                .healthInterval(Duration.ofSeconds(2))
                .baseUrlOverride("alpha", URI.create(sim.baseUrl("alpha")))
                .baseUrlOverride("beta", URI.create(sim.baseUrl("beta")))
                .secretResolver(new EnvAndFileSecretResolver(ExecutorIT.ENV::get))
                .providerBatches(
                        new ProviderBatchSettings(100, 800_000, Duration.ofMillis(300), Duration.ofMillis(250)));
    }

    /** {@code n} provider-batch tasks for {@code provider/model}, ids {@code <prefix>-<i>}, due in a day. */
    private static List<ExecutionTask> tasks(String prefix, int n, String provider, String model, String region) {
        List<ExecutionTask> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            ExecutionTask t = TestTasks.task("acme", prefix + "-" + i, provider, model, region, 86_400_000L, List.of());
            RouteRequest request = RouteRequest.newBuilder(t.getRequest())
                    .setHints(RequestHints.newBuilder(t.getRequest().getHints())
                            .setLatencyClass(LatencyClass.BATCH)
                            .build())
                    .build();
            RoutingDecision decision = RoutingDecision.newBuilder(t.getDecision())
                    .setExecutionMode(ExecutionMode.PROVIDER_BATCH)
                    .setExecutionModeReason("provider-batch: test")
                    .build();
            out.add(ExecutionTask.newBuilder(t)
                    .setRequest(request)
                    .setDecision(decision)
                    .build());
        }
        return out;
    }

    private static void produce(RouteplaneSerdes serdes, List<ExecutionTask> tasks) {
        var values = serdes.valueSerde(TOPICS.exec("alpha")).serializer();
        try (KafkaProducer<String, byte[]> producer =
                new KafkaProducer<>(platform.producerProps(), new StringSerializer(), new ByteArraySerializer())) {
            for (ExecutionTask t : tasks) {
                String topic = TOPICS.execBatch(t.getDecision().getRoute().getProvider())
                        .name();
                producer.send(new ProducerRecord<>(topic, t.getRequest().getTenantId(), values.serialize(topic, t)));
            }
            producer.flush();
        }
    }

    private static void produceRaw(String topic, String key, String value) {
        try (KafkaProducer<String, byte[]> producer =
                new KafkaProducer<>(platform.producerProps(), new StringSerializer(), new ByteArraySerializer())) {
            int partitions = producer.partitionsFor(topic).size();
            for (int p = 0; p < partitions; p++) {
                producer.send(new ProducerRecord<>(topic, p, key, value.getBytes(StandardCharsets.UTF_8)));
            }
            producer.flush();
        }
    }

    private static Map<String, ExecutionResult> results(RouteplaneSerdes serdes, String prefix) {
        List<ExecutionResult> all = TopicReader.readAll(
                platform.bootstrapServers(),
                TOPICS.results().name(),
                serdes.valueSerde(TOPICS.results()).deserializer());
        List<ExecutionResult> mine = all.stream()
                .filter(r -> r.getRequestId().startsWith(prefix + "-"))
                .toList();
        assertThat(mine.stream().map(ExecutionResult::getRequestId).distinct().count())
                .as("one result per request")
                .isEqualTo(mine.size());
        return mine.stream().collect(Collectors.toMap(ExecutionResult::getRequestId, Function.identity()));
    }

    private static List<CostEvent> costs(RouteplaneSerdes serdes, String prefix) {
        return TopicReader.readAll(
                        platform.bootstrapServers(),
                        TOPICS.ledger().name(),
                        serdes.valueSerde(TOPICS.ledger()).deserializer())
                .stream()
                .filter(c -> c.getRequestId().startsWith(prefix + "-"))
                .toList();
    }

    private static Map<String, ExecutionResult> awaitResults(RouteplaneSerdes serdes, String prefix, int n) {
        await().atMost(Duration.ofSeconds(90))
                .until(() -> results(serdes, prefix).size() == n);
        return results(serdes, prefix);
    }

    @Test
    void aCompletedProviderBatchGivesEachRequestOneResultAndOneCostEventAtTheBatchPriceMatchingTheInvoice() {
        RouteplaneSerdes serdes = serdes();
        try (SimulatorServer sim = simulator(
                        processing(WireFormat.OPENAI, Duration.ofSeconds(1)),
                        processing(WireFormat.ANTHROPIC, Duration.ofSeconds(1)));
                ExecutorWorker worker = ExecutorWorker.start(CONFIG, "alpha", settings(sim))) {
            // Bytes that are not an ownership record, in every partition: the poller skips them and goes on.
            produceRaw(TOPICS.providerBatches().name(), "alpha/batch_undecodable", "not avro");
            produce(serdes, tasks("done", 12, "alpha", "alpha-mini", "us-east"));

            Map<String, ExecutionResult> results = awaitResults(serdes, "done", 12);

            assertThat(results.values()).allSatisfy(r -> {
                assertThat(r.getStatus()).isEqualTo(ResultStatus.SUCCEEDED);
                assertThat(r.getProviderBatchId()).startsWith("batch_");
            });
            List<CostEvent> costs = costs(serdes, "done");
            assertThat(costs).hasSize(12).allSatisfy(c -> {
                assertThat(c.getExecutionMode()).isEqualTo(ExecutionMode.PROVIDER_BATCH);
                assertThat(c.getProviderBatchId()).startsWith("batch_");
            });
            assertThat(sim.invoice().calls()).isEqualTo(12);
            assertThat(sim.invoice().batchMicros()).isEqualTo(sim.invoice().totalMicros());
            assertThat(costs.stream().mapToLong(CostEvent::getCostMicros).sum())
                    .as("ledger equals the invoice to the micro-dollar")
                    .isEqualTo(sim.invoice().totalMicros())
                    .isPositive();
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> worker.ownedProviderBatches().isEmpty());
        }
    }

    @Test
    void anExpiredProviderBatchReturnsItsFinishedLinesAndTheRestRunSynchronously() {
        RouteplaneSerdes serdes = serdes();
        BatchApi expiring = new BatchApi(
                true, Duration.ofSeconds(4), Duration.ofSeconds(2), Duration.ZERO, Duration.ZERO, 100_000, 1L << 28);
        try (SimulatorServer sim = simulator(processing(WireFormat.OPENAI, Duration.ofSeconds(1)), expiring);
                ExecutorWorker worker = ExecutorWorker.start(CONFIG, "beta", settings(sim))) {
            produce(serdes, tasks("expiry", 10, "beta", "beta-haiku", "eu-west"));

            Map<String, ExecutionResult> results = awaitResults(serdes, "expiry", 10);

            assertThat(results.values())
                    .allSatisfy(r -> assertThat(r.getStatus()).isEqualTo(ResultStatus.SUCCEEDED));
            List<ExecutionResult> byBatch = results.values().stream()
                    .filter(r -> r.getProviderBatchId() != null)
                    .toList();
            List<ExecutionResult> bySync = results.values().stream()
                    .filter(r -> r.getProviderBatchId() == null)
                    .toList();
            assertThat(byBatch).as("lines finished before expiry").isNotEmpty();
            assertThat(bySync).as("lines that never ran, called synchronously").isNotEmpty();
            assertThat(bySync)
                    .allSatisfy(r -> assertThat(r.getAttempts())
                            .extracting(AttemptRecord::getOutcome)
                            .first()
                            .asString()
                            .startsWith("PROVIDER_BATCH_"));
            List<CostEvent> costs = costs(serdes, "expiry");
            assertThat(costs).hasSize(10);
            assertThat(costs.stream().filter(c -> c.getExecutionMode() == ExecutionMode.PROVIDER_BATCH))
                    .hasSize(byBatch.size());
            assertThat(costs.stream().mapToLong(CostEvent::getCostMicros).sum())
                    .isEqualTo(sim.invoice().totalMicros());
        }
    }

    @Test
    void aFailedProviderBatchFallsBackToSynchronousCallsWithinTheDeadline() {
        RouteplaneSerdes serdes = serdes();
        try (SimulatorServer sim = simulator(
                        processing(WireFormat.OPENAI, Duration.ofSeconds(1)),
                        processing(WireFormat.ANTHROPIC, Duration.ofSeconds(1)));
                ExecutorWorker worker = ExecutorWorker.start(CONFIG, "alpha", settings(sim))) {
            sim.setBatchFailure("alpha", true);
            produce(serdes, tasks("failed", 8, "alpha", "alpha-mini", "us-east"));

            Map<String, ExecutionResult> results = awaitResults(serdes, "failed", 8);

            assertThat(results.values()).allSatisfy(r -> {
                assertThat(r.getStatus()).isEqualTo(ResultStatus.SUCCEEDED);
                assertThat(r.getProviderBatchId()).isNull();
                assertThat(r.getAttempts().get(0).getOutcome()).isEqualTo("PROVIDER_BATCH_FAILED");
            });
            List<CostEvent> costs = costs(serdes, "failed");
            assertThat(costs)
                    .hasSize(8)
                    .allSatisfy(c -> assertThat(c.getExecutionMode()).isEqualTo(ExecutionMode.SYNCHRONOUS));
            assertThat(costs.stream().mapToLong(CostEvent::getCostMicros).sum())
                    .isEqualTo(sim.invoice().totalMicros());
        }
    }

    @Test
    void aWorkerKilledWhilePollingLeavesItsProviderBatchToAnotherWorkersPoller() {
        RouteplaneSerdes serdes = serdes();
        try (SimulatorServer sim = simulator(
                processing(WireFormat.OPENAI, Duration.ofSeconds(4)),
                processing(WireFormat.ANTHROPIC, Duration.ofSeconds(1)))) {
            ExecutorWorker first = ExecutorWorker.start(CONFIG, "alpha", settings(sim));
            produce(serdes, tasks("killed", 10, "alpha", "alpha-mini", "us-east"));
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> !first.ownedProviderBatches().isEmpty());
            Set<String> batches = first.ownedProviderBatches().keySet();
            first.shutdownNow();
            assertThat(results(serdes, "killed"))
                    .as("killed before its batch ended")
                    .isEmpty();

            try (ExecutorWorker second = ExecutorWorker.start(CONFIG, "alpha", settings(sim))) {
                Map<String, ExecutionResult> results = awaitResults(serdes, "killed", 10);

                assertThat(results.values()).allSatisfy(r -> {
                    assertThat(r.getStatus()).isEqualTo(ResultStatus.SUCCEEDED);
                    assertThat(batches).contains(r.getProviderBatchId());
                });
                List<CostEvent> costs = costs(serdes, "killed");
                assertThat(costs).hasSize(10);
                assertThat(sim.invoice().calls())
                        .as("no request went into two provider batches")
                        .isEqualTo(10);
                assertThat(costs.stream().mapToLong(CostEvent::getCostMicros).sum())
                        .isEqualTo(sim.invoice().totalMicros());
            }
        }
    }

    @Test
    void aTaskDeliveredAgainAfterItsOwnershipRecordIsNotGatheredIntoASecondProviderBatch() {
        RouteplaneSerdes serdes = serdes();
        try (SimulatorServer sim = simulator(
                processing(WireFormat.OPENAI, Duration.ofSeconds(12)),
                processing(WireFormat.ANTHROPIC, Duration.ofSeconds(1)))) {
            // The first worker stops between the ownership record and the acknowledgement: it waits there until the
            // worker is killed, so its records go back to the queue unacknowledged, as a crash there would leave them.
            List<String> recorded = new CopyOnWriteArrayList<>();
            CountDownLatch killed = new CountDownLatch(1);
            ExecutorWorker first = ExecutorWorker.start(
                    CONFIG,
                    "alpha",
                    settingsBuilder(sim)
                            .afterOwnershipRecorded(batchId -> {
                                recorded.add(batchId);
                                try {
                                    killed.await(60, TimeUnit.SECONDS);
                                } catch (InterruptedException e) {
                                    Thread.currentThread().interrupt();
                                }
                                throw new IllegalStateException("killed after the ownership record");
                            })
                            .build());
            produce(serdes, tasks("twice", 10, "alpha", "alpha-mini", "us-east"));
            await().atMost(Duration.ofSeconds(60)).until(() -> !recorded.isEmpty());

            try (ExecutorWorker second = ExecutorWorker.start(CONFIG, "alpha", settings(sim))) {
                CompletableFuture<Void> stopped = CompletableFuture.runAsync(first::shutdownNow);
                await().atMost(Duration.ofSeconds(30)).until(() -> first.lanesRunning() == 0);
                killed.countDown();
                stopped.join();
                await().atMost(Duration.ofSeconds(60)).until(() -> second.deliveriesFinished() >= 10);
                assertThat(results(serdes, "twice"))
                        .as("delivered again while the provider batch still runs")
                        .isEmpty();

                Map<String, ExecutionResult> results = awaitResults(serdes, "twice", 10);

                assertThat(results.values()).allSatisfy(r -> {
                    assertThat(r.getStatus()).isEqualTo(ResultStatus.SUCCEEDED);
                    assertThat(r.getProviderBatchId()).isEqualTo(recorded.get(0));
                });
                Map<String, Long> linesPerRequest = sim.invoice().lines().stream()
                        .filter(l -> l.clientRequestId().startsWith("twice-"))
                        .collect(Collectors.groupingBy(InvoiceLine::clientRequestId, Collectors.counting()));
                assertThat(linesPerRequest)
                        .as("each request reached one provider batch once, by the simulator's invoice")
                        .hasSize(10)
                        .allSatisfy((id, n) -> assertThat(n).isEqualTo(1L));
                assertThat(sim.invoice().lines())
                        .extracting(InvoiceLine::batchId)
                        .containsOnly(recorded.get(0));
                List<CostEvent> costs = costs(serdes, "twice");
                assertThat(costs).hasSize(10);
                assertThat(costs.stream().mapToLong(CostEvent::getCostMicros).sum())
                        .as("ledger equals the invoice")
                        .isEqualTo(sim.invoice().totalMicros());
            }
        }
    }

    @Test
    void cancellingABatchCancelsItsOwnProviderBatchBillingTheFinishedLinesAndCancellingTheRest() {
        RouteplaneSerdes serdes = serdes();
        try (SimulatorServer sim = simulator(
                        processing(WireFormat.OPENAI, Duration.ofSeconds(10)),
                        processing(WireFormat.ANTHROPIC, Duration.ofSeconds(1)));
                ExecutorWorker worker = ExecutorWorker.start(CONFIG, "alpha", settings(sim))) {
            List<ExecutionTask> tasks = tasks("cancel", 10, "alpha", "alpha-mini", "us-east").stream()
                    .map(t -> ExecutionTask.newBuilder(t)
                            .setRequest(RouteRequest.newBuilder(t.getRequest())
                                    .setBatchId("pb-cancel")
                                    .build())
                            .build())
                    .toList();
            produce(serdes, tasks);
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> sim.invoice().lines().stream()
                            .anyMatch(l -> l.clientRequestId().startsWith("cancel-")));

            cancel(serdes, "acme", "pb-cancel");

            Map<String, ExecutionResult> results = awaitResults(serdes, "cancel", 10);
            List<ExecutionResult> answered = results.values().stream()
                    .filter(r -> r.getStatus() == ResultStatus.SUCCEEDED)
                    .toList();
            List<ExecutionResult> cancelled = results.values().stream()
                    .filter(r -> r.getStatus() == ResultStatus.CANCELLED)
                    .toList();
            assertThat(answered).as("lines finished before the cancel").isNotEmpty();
            assertThat(cancelled).as("lines the cancel stopped").isNotEmpty();
            assertThat(answered.size() + cancelled.size()).isEqualTo(10);
            assertThat(cancelled).allSatisfy(r -> assertThat(r.getReason()).isEqualTo("CANCELLED"));
            List<CostEvent> costs = costs(serdes, "cancel");
            assertThat(costs)
                    .as("one batch-priced cost event per finished line, no synchronous call")
                    .hasSize(answered.size())
                    .allSatisfy(c -> assertThat(c.getExecutionMode()).isEqualTo(ExecutionMode.PROVIDER_BATCH));
            assertThat(sim.invoice().lines()).hasSize(answered.size());
            assertThat(costs.stream().mapToLong(CostEvent::getCostMicros).sum())
                    .isEqualTo(sim.invoice().totalMicros());
        }
    }

    private static void cancel(RouteplaneSerdes serdes, String tenant, String batchId) {
        String topic = TOPICS.batches().name();
        var values = serdes.valueSerde(TOPICS.batches()).serializer();
        Instant now = Instant.now();
        BatchState state = BatchState.newBuilder()
                .setTenantId(tenant)
                .setBatchId(batchId)
                .setPhase(BatchPhase.CANCELLING)
                .setInputLines(10)
                .setAcceptedRequests(10)
                .setMalformedLines(0)
                .setSubmittedRequests(10)
                .setSubmittedThroughLine(10)
                .setCompletionWindowMs(86_400_000L)
                .setSource("cli")
                .setCreatedAt(now)
                .setUpdatedAt(now)
                .setCancelRequestedAt(now)
                .build();
        try (KafkaProducer<String, byte[]> producer =
                new KafkaProducer<>(platform.producerProps(), new StringSerializer(), new ByteArraySerializer())) {
            producer.send(
                    new ProducerRecord<>(topic, Topics.batchKey(tenant, batchId), values.serialize(topic, state)));
            producer.flush();
        }
    }
}
