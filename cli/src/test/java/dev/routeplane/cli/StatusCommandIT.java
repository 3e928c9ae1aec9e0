package dev.routeplane.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.routeplane.client.BatchStates;
import dev.routeplane.contract.BatchPhase;
import dev.routeplane.contract.BatchState;
import dev.routeplane.contract.CircuitState;
import dev.routeplane.contract.ExecutionResult;
import dev.routeplane.contract.ExecutionTask;
import dev.routeplane.contract.ProviderBatch;
import dev.routeplane.contract.ProviderHealth;
import dev.routeplane.contract.ResultStatus;
import dev.routeplane.contract.RouteRequest;
import dev.routeplane.contract.RouteStats;
import dev.routeplane.contract.Usage;
import dev.routeplane.platform.testkit.RouteplanePlatformExtension;
import dev.routeplane.report.ReportAssemblyTest;
import dev.routeplane.runtime.ServiceHealth;
import dev.routeplane.runtime.ServiceStatusReports;
import dev.routeplane.schemas.RouteplaneSerdes;
import dev.routeplane.schemas.TopicBootstrapper;
import dev.routeplane.schemas.Topics;
import dev.routeplane.schemas.testing.SampleRecords;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import picocli.CommandLine;

/** `status` against a real broker and registry holding a few health reports and route statistics. */
class StatusCommandIT {
    @RegisterExtension
    static final RouteplanePlatformExtension platform = new RouteplanePlatformExtension();

    private static final Topics TOPICS = Topics.defaults();

    @BeforeAll
    static void seed() throws Exception {
        try (Admin admin = Admin.create(platform.adminConfig())) {
            new TopicBootstrapper(admin).ensure(TOPICS.all(List.of("openai")));
        }
        RouteplaneSerdes serdes = new RouteplaneSerdes(Map.of("schema.registry.url", platform.registryUrl()));
        try (KafkaProducer<String, ProviderHealth> health = new KafkaProducer<>(
                        platform.producerProps(),
                        serdes.keySerde().serializer(),
                        serdes.valueSerde(TOPICS.providerHealth()).serializer());
                KafkaProducer<String, RouteStats> stats = new KafkaProducer<>(
                        platform.producerProps(),
                        serdes.keySerde().serializer(),
                        serdes.valueSerde(TOPICS.routeStats()).serializer())) {
            String topic = TOPICS.providerHealth().name();
            health.send(new ProducerRecord<>(
                            topic,
                            "openai",
                            health("openai", CircuitState.OPEN, 0.9, 100, 200, 7, "2025-03-01T10:00:00Z")))
                    .get();
            health.send(new ProducerRecord<>(
                            topic,
                            "openai",
                            health("openai", CircuitState.HALF_OPEN, 0.125, 410, 1900, 3, "2025-03-01T10:05:00Z")))
                    .get();
            health.send(new ProducerRecord<>(
                            topic,
                            "anthropic",
                            health("anthropic", CircuitState.CLOSED, 0.0, 650, 2400, 12, "2025-03-01T10:04:30Z")))
                    .get();
            for (int i = 0; i < 3; i++) {
                // all three to partition 0, so the lag below is exact
                stats.send(new ProducerRecord<>(
                                TOPICS.routeStats().name(),
                                0,
                                "chat|openai|gpt-4o-mini",
                                ReportAssemblyTest.stats("chat", "openai", "gpt-4o-mini", 10 + i, 9, 0.7, 0, 100)))
                        .get();
            }
        }
        // An open batch of four requests, two finished (one failed), and a completed batch that is not listed.
        Instant created = Instant.now().minusSeconds(30);
        try (BatchStates states = new BatchStates(platform.adminConfig(), TOPICS, serdes, "status-it-batches");
                KafkaProducer<String, ExecutionResult> results = new KafkaProducer<>(
                        platform.producerProps(),
                        serdes.keySerde().serializer(),
                        serdes.valueSerde(TOPICS.results()).serializer())) {
            states.publish(batch("batch-open", BatchPhase.IN_PROGRESS, created)).get();
            states.publish(batch("batch-done", BatchPhase.COMPLETED, created)).get();
            for (String id : List.of("r1", "r2", "r1")) { // r1 twice: counted once
                results.send(new ProducerRecord<>(
                                TOPICS.results().name(), "acme", result(id, "batch-open", !id.equals("r2"))))
                        .get();
            }
        }
        // Provider batches: one open (two requests of batch-open), one closed by its tombstone, and bytes that are not
        // an ownership record, which status skips and counts.
        try (KafkaProducer<String, byte[]> owners =
                new KafkaProducer<>(platform.producerProps(), new StringSerializer(), new ByteArraySerializer())) {
            String topic = TOPICS.providerBatches().name();
            var values = serdes.valueSerde(TOPICS.providerBatches()).serializer();
            owners.send(new ProducerRecord<>(
                            topic, "openai/batch_open1", values.serialize(topic, ownership("batch_open1", "r3", "r4"))))
                    .get();
            owners.send(new ProducerRecord<>(
                            topic, "openai/batch_closed", values.serialize(topic, ownership("batch_closed", "r5"))))
                    .get();
            owners.send(new ProducerRecord<>(topic, "openai/batch_closed", null))
                    .get();
            owners.send(new ProducerRecord<>(
                            topic, 0, "openai/batch_garbage", "not avro".getBytes(StandardCharsets.UTF_8)))
                    .get();
        }
        try (Admin admin = Admin.create(platform.adminConfig())) {
            admin.alterConsumerGroupOffsets(
                            "routeplane-router",
                            Map.of(new TopicPartition(TOPICS.routeStats().name(), 0), new OffsetAndMetadata(1)))
                    .all()
                    .get();
        }
    }

    private static ProviderBatch ownership(String providerBatchId, String... requestIds) {
        List<ExecutionTask> tasks = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        for (String id : requestIds) {
            ExecutionTask t = SampleRecords.executionTask();
            tasks.add(ExecutionTask.newBuilder(t)
                    .setRequest(RouteRequest.newBuilder(t.getRequest())
                            .setTenantId("acme")
                            .setRequestId(id)
                            .setBatchId("batch-open")
                            .build())
                    .build());
            ids.add(id);
        }
        return ProviderBatch.newBuilder()
                .setProviderBatchId(providerBatchId)
                .setProvider("openai")
                .setModel("gpt-4o-mini")
                .setKeyProfile("openai-batch")
                .setSubmittedAt(Instant.parse("2025-03-01T10:00:00Z"))
                .setCustomIds(ids)
                .setTasks(tasks)
                .build();
    }

    private static BatchState batch(String id, BatchPhase phase, Instant created) {
        return BatchState.newBuilder()
                .setTenantId("acme")
                .setBatchId(id)
                .setPhase(phase)
                .setInputLines(4)
                .setAcceptedRequests(4)
                .setMalformedLines(0)
                .setSubmittedRequests(4)
                .setSubmittedThroughLine(4)
                .setCompletionWindowMs(86_400_000L)
                .setSource("api")
                .setCreatedAt(created)
                .setUpdatedAt(created)
                .build();
    }

    private static ExecutionResult result(String id, String batchId, boolean ok) {
        return ExecutionResult.newBuilder()
                .setRequestId(id)
                .setTenantId("acme")
                .setBatchId(batchId)
                .setStatus(ok ? ResultStatus.SUCCEEDED : ResultStatus.FAILED)
                .setReason(ok ? null : "PROVIDER_ERROR")
                .setUsage(
                        Usage.newBuilder().setInputTokens(1).setOutputTokens(1).build())
                .setCostMicros(1)
                .setLatencyMs(5)
                .setAttempts(List.of())
                .setCompletedAt(Instant.now())
                .build();
    }

    private static ProviderHealth health(
            String provider, CircuitState state, double errorRate, long p50, long p95, int inFlight, String at) {
        return ProviderHealth.newBuilder()
                .setProvider(provider)
                .setKeyProfile(null)
                .setCircuitState(state)
                .setErrorRate(errorRate)
                .setLatencyP50Ms(p50)
                .setLatencyP95Ms(p95)
                .setInFlight(inFlight)
                .setReportedAt(Instant.parse(at))
                .build();
    }

    private static int status(StringWriter out, StringWriter err) {
        return new CommandLine(new StatusCommand())
                .setOut(new PrintWriter(out))
                .setErr(new PrintWriter(err))
                .execute(
                        "--bootstrap-servers",
                        platform.bootstrapServers(),
                        "--schema-registry-url",
                        platform.registryUrl());
    }

    @Test
    void printsTopicsLagAndTheLatestHealthPerProvider() {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = status(out, err);

        String text = out.toString();
        assertThat(exit).as(err.toString()).isZero();
        List<String> lines = text.lines().toList();
        assertThat(lines).anyMatch(l -> l.matches("rp\\.provider-health\\.v1\\s+6\\s+3\\s+3"));
        assertThat(lines).anyMatch(l -> l.matches("rp\\.route-stats\\.v1\\s+6\\s+3\\s+3"));
        assertThat(lines).anyMatch(l -> l.matches("rp\\.exec\\.openai\\.v1\\s+6\\s+0\\s+0"));
        // a group with committed offsets but no member: the router is not running, and status says so
        assertThat(lines).anyMatch(l -> l.matches("routeplane-router\\s+\\S+\\s+(?i:empty)\\s+NO\\s+1\\s+2"));
        assertThat(lines).anyMatch(l -> l.matches("routeplane-ledger\\s+-\\s+not found\\s+NO\\s.*"));
        assertThat(lines)
                .anyMatch(l -> l.matches(
                        "acme\\s+batch-open\\s+in_progress\\s+api\\s+4\\s+4\\s+2\\s+1\\s+0\\.0\\d*\\s+\\S+\\s+.*"))
                .noneMatch(l -> l.contains("batch-done"));
        assertThat(lines)
                .anyMatch(l -> l.matches(
                        "openai\\s+-\\s+HALF_OPEN\\s+12\\.5%\\s+410\\s+1900\\s+3\\s+2025-03-01 10:05:00 UTC"));
        assertThat(lines)
                .anyMatch(l -> l.matches(
                        "anthropic\\s+-\\s+CLOSED\\s+0\\.0%\\s+650\\s+2400\\s+12\\s+2025-03-01 10:04:30 UTC"));
        assertThat(lines).noneMatch(l -> l.matches("openai\\s+-\\s+OPEN\\s.*"));
        assertThat(text.indexOf("anthropic  ")).isLessThan(text.indexOf("openai  "));
    }

    @Test
    void listsOpenProviderBatchesWithTheirBatchesAndSkipsClosedAndUndecodableOwnershipRecords() {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = status(out, err);

        assertThat(exit).as(err.toString()).isZero();
        List<String> lines = out.toString().lines().toList();
        assertThat(lines)
                .anyMatch(l -> l.matches(
                        "openai\\s+batch_open1\\s+gpt-4o-mini\\s+2\\s+acme/batch-open\\s+2025-03-01 10:00:00"))
                .noneMatch(l -> l.contains("batch_closed"))
                .anyMatch(l -> l.matches("1 record of rp\\.provider-batches\\.v1 could not be decoded and was skipped"
                        + " \\(first: partition 0 offset \\d+\\)"));
    }

    /**
     * Issue 13 item 3d: a router whose Kafka Streams client stopped (ERROR) while its process runs leaves its group,
     * which looks healthy while another router instance works; status shows it from the process's own report, and a
     * process that stopped reporting (SIGKILLed) as SILENT. A cleanly stopped process's reports are gone.
     */
    @Test
    void showsAServiceWhoseStreamsClientStoppedWhileItsProcessRunsAndAProcessThatStoppedReporting() throws Exception {
        ServiceHealth health = new ServiceHealth(new SimpleMeterRegistry());
        health.register("router", () -> ServiceHealth.of(KafkaStreams.State.ERROR));
        health.register("ledger", () -> ServiceHealth.of(KafkaStreams.State.RUNNING));
        String topic = ServiceStatusReports.topicName(TOPICS.prefix());
        try (ServiceStatusReports reports =
                ServiceStatusReports.start(platform.adminConfig(), TOPICS.prefix(), health, Duration.ofMillis(200))) {
            try (KafkaProducer<String, String> old =
                    new KafkaProducer<>(platform.producerProps(), new StringSerializer(), new StringSerializer())) {
                long tenMinutesAgo =
                        System.currentTimeMillis() - Duration.ofMinutes(10).toMillis();
                old.send(new ProducerRecord<>(topic, null, tenMinutesAgo, "learner@killed-host/42", "UP"))
                        .get();
            }

            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                List<String> lines = statusLines();
                assertThat(lines)
                        .anyMatch(l -> l.matches("router\\s+\\S+/\\d+\\s+DOWN\\s+\\d{4}-.*UTC"))
                        .anyMatch(l -> l.matches("ledger\\s+\\S+/\\d+\\s+UP\\s+\\d{4}-.*UTC"))
                        .anyMatch(l -> l.matches("learner\\s+killed-host/42\\s+SILENT\\s+\\d{4}-.*UTC"));
            });
        }
        assertThat(statusLines())
                .noneMatch(l -> l.matches("(router|ledger)\\s+\\S+/\\d+\\s+.*"))
                .anyMatch(l -> l.matches("learner\\s+killed-host/42\\s+SILENT\\s+.*"));
    }

    private static List<String> statusLines() {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        assertThat(status(out, err)).as(err.toString()).isZero();
        return out.toString().lines().toList();
    }

    @Test
    void saysClearlyWhenKafkaIsUnreachable() {
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(new StatusCommand())
                .setOut(new PrintWriter(new StringWriter()))
                .setErr(new PrintWriter(err));
        cli.setExecutionExceptionHandler((ex, cmd, parsed) -> {
            cmd.getErr().println(ex.getMessage());
            cmd.getErr().flush();
            return 1;
        });
        int exit = cli.execute("--bootstrap-servers", "localhost:1");

        assertThat(exit).isEqualTo(1);
        assertThat(err.toString()).contains("no answer from Kafka at localhost:1 within 15 s");
    }
}
