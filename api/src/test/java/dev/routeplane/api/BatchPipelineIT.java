package dev.routeplane.api;

import static dev.routeplane.api.ApiClient.JSON;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.routeplane.config.RouteplaneConfig;
import dev.routeplane.contract.CostEvent;
import dev.routeplane.runtime.RouteplaneRuntime;
import dev.routeplane.runtime.RuntimeOptions;
import dev.routeplane.simulator.InvoiceLine;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Batches larger than capacity on the whole pipeline ({@code batch-it.yaml}: one provider, 600 + 300 rpm, the second
 * key batch-only), through the OpenAI Files and Batches API: the embedded broker and registry, router, executors
 * calling the provider simulator over HTTP, the ledger, and the API as {@code up} wires it. Each test uses its own
 * tenant. Bounds on rates and latencies are generous; the figures belong to {@code bench batch}.
 */
class BatchPipelineIT {
    /** What the two keys admit together for batch work, per second, at the executors' 98 % of the limits. */
    private static final double BATCH_CAPACITY_PER_SECOND = (600 + 300) / 60.0 * 0.98;

    @TempDir
    static Path dir;

    private static RouteplaneRuntime runtime;
    private static ApiWiring api;
    private static ApiClient client;

    @BeforeAll
    static void startPipeline() throws Exception {
        RouteplaneConfig config;
        try (InputStream in = BatchPipelineIT.class.getResourceAsStream("/batch-it.yaml")) {
            config = RouteplaneConfig.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), "batch-it.yaml");
        }
        RuntimeOptions options = RuntimeOptions.embedded(config, dir.resolve("runtime"))
                .withPartitions(3)
                .withLatencyScale(0.05);
        runtime = RouteplaneRuntime.start(options, line -> System.out.println("[runtime] " + line));
        api = new ApiWiring(runtime, 0, true);
        client = new ApiClient(api.server().baseUri());
    }

    @AfterAll
    static void stop() {
        if (api != null) {
            api.close();
        }
        if (runtime != null) {
            runtime.close();
        }
    }

    static String auth(String tenant) {
        return "Bearer " + TenantAuthenticator.demoKey(tenant);
    }

    /** A batch line asking for a summary of up to {@code maxTokens} tokens. */
    static String line(String id, int maxTokens) {
        return "{\"custom_id\": \"" + id + "\", \"method\": \"POST\", \"url\": \"/v1/chat/completions\", \"body\":"
                + " {\"model\": \"auto\", \"max_tokens\": " + maxTokens + ", \"messages\": [{\"role\": \"user\","
                + " \"content\": \"Summarize in one line: item " + id + " of the nightly report.\"}]}}";
    }

    static String createBatch(String tenant, int lines, int maxTokens) throws Exception {
        StringBuilder input = new StringBuilder();
        for (int i = 1; i <= lines; i++) {
            input.append(line(tenant + "-" + i, maxTokens)).append('\n');
        }
        String fileId = JSON.readTree(client.upload(auth(tenant), "batch", tenant + ".jsonl", input.toString())
                        .body())
                .get("id")
                .asText();
        HttpResponse<String> created = client.post("/v1/batches", auth(tenant), """
        {"input_file_id": "%s", "endpoint": "/v1/chat/completions", "completion_window": "2h"}""".formatted(fileId));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(200);
        return JSON.readTree(created.body()).get("id").asText();
    }

    static JsonNode batch(String tenant, String id) throws Exception {
        return JSON.readTree(client.get("/v1/batches/" + id, auth(tenant)).body());
    }

    static JsonNode awaitStatus(String tenant, String id, String status, Duration within) {
        await().atMost(within)
                .pollInterval(Duration.ofMillis(500))
                .until(() -> status.equals(batch(tenant, id).get("status").asText()));
        try {
            return batch(tenant, id);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static List<JsonNode> file(String tenant, JsonNode fileId) throws Exception {
        if (fileId == null || fileId.isNull()) {
            return List.of();
        }
        return ApiClient.jsonLines(client.get("/v1/files/" + fileId.asText() + "/content", auth(tenant))
                .body());
    }

    /** Every call the simulator billed so far. */
    static List<InvoiceLine> invoiceLines() {
        return runtime.simulator().orElseThrow().invoice().lines();
    }

    /** End offsets of the partitions of {@code rp.exec.openai.batch.v1}: the batch tasks written to each so far. */
    static Map<Integer, Long> batchTasksPerPartition() throws Exception {
        String topic = runtime.topics().execBatch("openai").name();
        try (Admin admin =
                Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, runtime.bootstrapServers()))) {
            int partitions = admin.describeTopics(List.of(topic))
                    .allTopicNames()
                    .get(30, TimeUnit.SECONDS)
                    .get(topic)
                    .partitions()
                    .size();
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            for (int p = 0; p < partitions; p++) {
                latest.put(new TopicPartition(topic, p), OffsetSpec.latest());
            }
            Map<Integer, Long> ends = new TreeMap<>();
            admin.listOffsets(latest)
                    .all()
                    .get(30, TimeUnit.SECONDS)
                    .forEach((tp, info) -> ends.put(tp.partition(), info.offset()));
            return ends;
        }
    }

    @Test
    void aBatchLargerThanCapacityRunsAtTheLimitWithoutASingleFailure() throws Exception {
        // given 300 requests: 20 s of both keys at their limits
        Instant before = Instant.now();
        Map<Integer, Long> tasksBefore = batchTasksPerPartition();
        String id = createBatch("acme", 300, 100);

        // when it runs to the end
        JsonNode done = awaitStatus("acme", id, "completed", Duration.ofMinutes(4));

        // then every request succeeded, each called once, and the calls ran near the keys' limits, never above
        assertThat(done.at("/request_counts/total").asInt()).isEqualTo(300);
        assertThat(done.at("/request_counts/completed").asInt()).isEqualTo(300);
        assertThat(done.at("/request_counts/failed").asInt()).isZero();
        assertThat(file("acme", done.get("output_file_id"))).hasSize(300);
        // one tenant's batch is spread over every partition of the batch exec topic, so every batch lane has work
        Map<Integer, Long> tasksAfter = batchTasksPerPartition();
        assertThat(tasksAfter).hasSize(3);
        tasksAfter.forEach((partition, end) -> assertThat(end - tasksBefore.getOrDefault(partition, 0L))
                .as("batch tasks written to partition %d", partition)
                .isGreaterThanOrEqualTo(50));
        List<Instant> calls = new ArrayList<>();
        for (InvoiceLine line : invoiceLines()) {
            if (line.at().isAfter(before)) {
                calls.add(line.at());
            }
        }
        assertThat(calls).hasSize(300); // no retry, no 429: the simulator billed each request once
        Collections.sort(calls);
        Instant from = calls.get(30);
        Instant to = calls.get(269);
        double perSecond = 239 / (Duration.between(from, to).toMillis() / 1000.0);
        System.out.printf("batch of 300: %.1f calls/s of %.1f admitted%n", perSecond, BATCH_CAPACITY_PER_SECOND);
        assertThat(perSecond)
                .as(
                        "calls per second between the 10th and 90th percentile, of %.1f admitted",
                        BATCH_CAPACITY_PER_SECOND)
                .isBetween(0.7 * BATCH_CAPACITY_PER_SECOND, 1.05 * BATCH_CAPACITY_PER_SECOND);
    }

    @Test
    void anInteractiveCallDoesNotWaitBehindABatchBacklog() throws Exception {
        // given a backlog of a minute of batch work of the same tenant, submitted in full (long enough to be still
        // there after five interactive calls on a slow, loaded machine)
        String id = createBatch("globex", 900, 100);
        await().atMost(Duration.ofMinutes(2))
                .until(() ->
                        batch("globex", id).at("/routeplane/submitted_requests").asInt() == 900);

        // when interactive chat completions arrive meanwhile
        List<Long> latencies = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            long started = System.nanoTime();
            HttpResponse<String> answer = client.post("/v1/chat/completions", auth("globex"), """
            {"model": "auto", "messages": [{"role": "user", "content": "Hello, a quick question %d?"}]}""".formatted(i));
            latencies.add((System.nanoTime() - started) / 1_000_000);
            assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
            Thread.sleep(500);
        }
        JsonNode during = batch("globex", id);

        // then each was answered well within the time the backlog takes, which was still there
        assertThat(latencies).allSatisfy(ms -> assertThat(ms).isLessThan(10_000));
        assertThat(during.at("/request_counts/completed").asInt()).isLessThan(850);
        client.post("/v1/batches/" + id + "/cancel", auth("globex"), "{}");
        awaitStatus("globex", id, "cancelled", Duration.ofMinutes(2));
    }

    @Test
    void aCancelStopsWhatHasNotStartedAndBillsOnlyWhatRan() throws Exception {
        // given a batch of 300 under way
        String id = createBatch("initech", 300, 100);
        await().atMost(Duration.ofMinutes(1))
                .until(() ->
                        batch("initech", id).at("/request_counts/completed").asInt() >= 20);

        // when it is cancelled
        HttpResponse<String> cancelling = client.post("/v1/batches/" + id + "/cancel", auth("initech"), "{}");
        assertThat(cancelling.statusCode()).as(cancelling.body()).isEqualTo(200);
        assertThat(JSON.readTree(cancelling.body()).get("status").asText()).isIn("cancelling", "cancelled");
        JsonNode done = awaitStatus("initech", id, "cancelled", Duration.ofMinutes(2));

        // then what ran is in the output, every other line is cancelled in the error file, and only what ran was billed
        int completed = done.at("/request_counts/completed").asInt();
        int cancelled = done.at("/routeplane/cancelled").asInt();
        assertThat(completed).isBetween(20, 299);
        assertThat(completed + cancelled).isEqualTo(300);
        assertThat(done.at("/request_counts/failed").asInt()).isZero();
        List<JsonNode> output = file("initech", done.get("output_file_id"));
        List<JsonNode> errors = file("initech", done.get("error_file_id"));
        assertThat(output).hasSize(completed);
        assertThat(errors)
                .hasSize(cancelled)
                .allSatisfy(e -> assertThat(e.at("/error/code").asText()).isEqualTo("CANCELLED"));
        List<CostEvent> costs = ledgerEventsOf("initech");
        assertThat(costs).hasSize(completed);
    }

    @Test
    void aBatchStopsAtItsTenantsBudgetAfterSpendingNearlyAllOfIt() throws Exception {
        // given a $0.01 budget, 150 requests that would cost about twice that, and worst cases of about 600 micros
        // each: reserved all at once, only 16 of them would run
        String id = createBatch("frugal", 150, 1000);

        JsonNode done = awaitStatus("frugal", id, "completed", Duration.ofMinutes(3));

        int completed = done.at("/request_counts/completed").asInt();
        int failed = done.at("/request_counts/failed").asInt();
        assertThat(completed + failed).isEqualTo(150);
        assertThat(done.at("/routeplane/outcomes/BUDGET_EXCEEDED").asInt())
                .isEqualTo(failed)
                .isPositive();
        assertThat(done.at("/errors/data/0/code").asText()).isEqualTo("budget_exceeded");
        long spent = ledgerEventsOf("frugal").stream()
                .mapToLong(CostEvent::getCostMicros)
                .sum();
        long worstCase = 1_000 * 600_000 / 1_000_000 + 100; // 1,000 output tokens at $0.60/M plus a short prompt
        assertThat(spent)
                .as("no overshoot, and the requests that waited for reservations ran until the budget was spent")
                .isLessThanOrEqualTo(10_000)
                .isGreaterThan(10_000 - 3 * worstCase);
    }

    private static List<CostEvent> ledgerEventsOf(String tenant) throws Exception {
        return costEvents(runtime, e -> tenant.equals(e.getTenantId()));
    }

    /** Every cost event on the ledger topic that {@code keep} accepts, read to the topic's current end. */
    static List<CostEvent> costEvents(RouteplaneRuntime runtime, java.util.function.Predicate<CostEvent> keep)
            throws Exception {
        List<CostEvent> events = new ArrayList<>();
        Map<String, Object> kafka = runtime.clientProperties();
        try (var follower = dev.routeplane.client.TopicFollower.builder(kafka, "batch-it-ledger-" + System.nanoTime())
                .follow(
                        runtime.topics().ledger().name(),
                        runtime.serdes().decoder(runtime.topics().ledger()),
                        e -> {
                            if (keep.test(e)) {
                                synchronized (events) {
                                    events.add(e);
                                }
                            }
                        })
                .build()
                .start()) {
            follower.awaitAssigned(Duration.ofSeconds(30));
            await().atMost(Duration.ofSeconds(30)).until(follower::caughtUp);
        }
        synchronized (events) {
            return List.copyOf(events);
        }
    }
}
