package dev.routeplane.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.routeplane.client.BatchStates;
import dev.routeplane.client.RequestSender;
import dev.routeplane.contract.BatchPhase;
import dev.routeplane.contract.BatchState;
import dev.routeplane.contract.ChatMessage;
import dev.routeplane.contract.ExecutionResult;
import dev.routeplane.contract.LatencyClass;
import dev.routeplane.contract.Output;
import dev.routeplane.contract.RequestHints;
import dev.routeplane.contract.ResultStatus;
import dev.routeplane.contract.RouteRequest;
import dev.routeplane.contract.Usage;
import dev.routeplane.platform.testkit.RouteplanePlatformExtension;
import dev.routeplane.schemas.RouteplaneSerdes;
import dev.routeplane.schemas.TopicBootstrapper;
import dev.routeplane.schemas.TopicSpec;
import dev.routeplane.schemas.Topics;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code submit} against a real broker and registry; results are produced by the test in the executors' place. */
class SubmitCommandIT {
    @RegisterExtension
    static final RouteplanePlatformExtension platform = new RouteplanePlatformExtension();

    private static final Topics TOPICS = Topics.defaults();
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @BeforeAll
    static void topics() throws Exception {
        try (Admin admin = Admin.create(platform.adminConfig())) {
            new TopicBootstrapper(admin).ensure(TOPICS.all(List.of()));
        }
    }

    record Run(int exit, String out, String err) {}

    static Run run(Object command, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(command);
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of(
                "--bootstrap-servers", platform.bootstrapServers(), "--schema-registry-url", platform.registryUrl()));
        int exit = cli.execute(all.toArray(String[]::new));
        return new Run(exit, out.toString(), err.toString());
    }

    private static String openAiLine(String id, String prompt) {
        return "{\"custom_id\": \"" + id + "\", \"method\": \"POST\", \"url\": \"/v1/chat/completions\", \"body\":"
                + " {\"model\": \"auto\", \"messages\": [{\"role\": \"user\", \"content\": \"" + prompt + "\"}]}}";
    }

    @Test
    void submitsTheGoodLinesReportsTheMalformedOneAndARerunCollectsTheResults() throws Exception {
        Path input = dir.resolve("questions.jsonl");
        Files.writeString(
                input,
                String.join(
                                "\n",
                                openAiLine("q1", "first question"),
                                openAiLine("q2", "second question"),
                                "{\"custom_id\": \"q3\", \"method\": \"POST\", \"url\": ",
                                "{\"requestId\": \"q4\", \"messages\": [{\"role\": \"user\", \"content\": \"fourth\"}]}")
                        + "\n",
                StandardCharsets.UTF_8);
        Path errors = dir.resolve("errors.jsonl");
        String batchId = SubmitBatchId.of(input);

        Run first = run(new SubmitCommand(), input.toString(), "--tenant", "acme", "--errors", errors.toString());

        assertThat(first.exit()).as(first.err()).isEqualTo(1); // a malformed line
        assertThat(first.err())
                .contains("line 3: MALFORMED_JSON")
                .contains("submit: 4 lines, 3 submitted, 1 malformed, 0 terminal")
                .contains(batchId);
        List<String> errorLines = Files.readAllLines(errors);
        assertThat(errorLines).hasSize(1);
        JsonNode error = JSON.readTree(errorLines.get(0));
        assertThat(error.get("line").asLong()).isEqualTo(3);
        assertThat(error.get("code").asText()).isEqualTo("MALFORMED_JSON");

        List<ConsumerRecord<String, RouteRequest>> requests = readAll(TOPICS.requests()).stream()
                .filter(r -> batchId.equals(r.value().getBatchId()))
                .toList();
        assertThat(requests).hasSize(3);
        assertThat(requests).extracting(ConsumerRecord::key).containsOnly("acme");
        assertThat(requests).extracting(r -> r.value().getRequestId()).containsExactlyInAnyOrder("q1", "q2", "q4");
        assertThat(requests).extracting(r -> r.value().getTenantId()).containsOnly("acme");
        assertThat(requests).extracting(r -> r.value().getBatchId()).containsOnly(batchId);

        // The executors' part: a result for each request (q2 fails), out of input order.
        RouteplaneSerdes serdes = serdes();
        try (KafkaProducer<String, ExecutionResult> producer = new KafkaProducer<>(
                platform.producerProps(),
                new StringSerializer(),
                serdes.valueSerde(TOPICS.results()).serializer())) {
            for (String id : List.of("q4", "q2", "q1")) {
                producer.send(new ProducerRecord<>(
                                TOPICS.results().name(), "acme", result(id, batchId, !id.equals("q2"))))
                        .get();
            }
        }

        Path out = dir.resolve("out.jsonl");
        Run rerun = run(
                new SubmitCommand(),
                input.toString(),
                "--tenant",
                "acme",
                "--wait",
                "--out",
                out.toString(),
                "--timeout",
                "60");

        assertThat(rerun.err())
                .contains("submit: re-attaching to batch " + batchId + " (all 3 requests sent earlier)")
                .contains("submit: 4 lines, 3 submitted, 1 malformed, 3 terminal");
        List<String> lines = Files.readAllLines(out);
        assertThat(lines).hasSize(3);
        List<JsonNode> results = new ArrayList<>();
        for (String line : lines) {
            results.add(JSON.readTree(line));
        }
        assertThat(results).extracting(r -> r.get("custom_id").asText()).containsExactly("q1", "q2", "q4");
        assertThat(results.get(0).at("/response/status_code").asInt()).isEqualTo(200);
        assertThat(results.get(0).at("/response/body/choices/0/message/content").asText())
                .isEqualTo("echo q1");
        assertThat(results.get(1).get("response").isNull()).isTrue();
        assertThat(results.get(1).at("/error/code").asText()).isEqualTo("PROVIDER_ERROR");
        // The re-run re-attached: nothing was sent again, and every request is due within the default 24 h.
        assertThat(readAll(TOPICS.requests()))
                .filteredOn(r -> batchId.equals(r.value().getBatchId()))
                .hasSize(3)
                .allSatisfy(r -> {
                    assertThat(r.value().getBatchId()).isEqualTo(batchId);
                    assertThat(r.value().getHints().getDeadlineMs()).isEqualTo(86_400_000L);
                });
    }

    @Test
    void anInterruptedSubmissionResumesAfterWhatKafkaAcknowledged() throws Exception {
        // given a batch whose submission stopped after its first two lines, as a Ctrl-C would leave it
        Path input = dir.resolve("resume.jsonl");
        List<String> lines = new ArrayList<>();
        for (int i = 1; i <= 5; i++) {
            lines.add(openAiLine("r" + i, "question " + i));
        }
        Files.write(input, lines, StandardCharsets.UTF_8);
        String batchId = SubmitBatchId.of(input);
        Instant created = Instant.now().minusSeconds(60);
        RouteplaneSerdes serdes = serdes();
        try (BatchStates states = new BatchStates(platform.adminConfig(), TOPICS, serdes, "submit-it");
                RequestSender sender = new RequestSender(platform.adminConfig(), TOPICS, serdes, "submit-it")) {
            for (int i = 1; i <= 2; i++) {
                sender.send(request("initech", "r" + i, batchId, created)).get();
            }
            states.publish(BatchState.newBuilder()
                            .setTenantId("initech")
                            .setBatchId(batchId)
                            .setPhase(BatchPhase.SUBMITTING)
                            .setInputLines(2)
                            .setAcceptedRequests(2)
                            .setMalformedLines(0)
                            .setSubmittedRequests(2)
                            .setSubmittedThroughLine(2)
                            .setCompletionWindowMs(3_600_000L)
                            .setSource("cli")
                            .setCreatedAt(created)
                            .setUpdatedAt(created)
                            .build())
                    .get();
        }

        // when the same command runs again
        Run again = run(new SubmitCommand(), input.toString(), "--tenant", "initech");

        // then lines 3 to 5 were sent, each once, with the batch's creation and window
        assertThat(again.exit()).as(again.err()).isZero();
        assertThat(again.err()).contains("submission stopped after 2 requests; sending the rest");
        List<RouteRequest> sent = readAll(TOPICS.requests()).stream()
                .map(ConsumerRecord::value)
                .filter(r -> batchId.equals(r.getBatchId()))
                .toList();
        assertThat(sent).extracting(RouteRequest::getRequestId).containsExactlyInAnyOrder("r1", "r2", "r3", "r4", "r5");
        assertThat(sent).allSatisfy(r -> {
            assertThat(r.getSubmittedAt()).isEqualTo(created.truncatedTo(java.time.temporal.ChronoUnit.MILLIS));
            assertThat(r.getHints().getDeadlineMs()).isEqualTo(3_600_000L);
        });
        try (BatchStates states = new BatchStates(platform.adminConfig(), TOPICS, serdes, "submit-it")) {
            assertThat(states.lookup("initech", batchId)).hasValueSatisfying(s -> {
                assertThat(s.getPhase()).isEqualTo(BatchPhase.IN_PROGRESS);
                assertThat(s.getSubmittedRequests()).isEqualTo(5);
            });
        }
    }

    @Test
    void aCompletionWindowItCannotReadIsRefusedNamingIt() throws Exception {
        Path input = dir.resolve("w.jsonl");
        Files.writeString(input, openAiLine("w1", "hello") + "\n", StandardCharsets.UTF_8);

        Run run = run(new SubmitCommand(), input.toString(), "--tenant", "acme", "--completion-window", "1 day");

        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.err()).contains("--completion-window: completion window '1 day' is not a duration");
        assertThat(readAll(TOPICS.requests()))
                .noneMatch(r -> r.value().getRequestId().equals("w1"));
    }

    private static RouteRequest request(String tenant, String id, String batchId, Instant at) {
        return RouteRequest.newBuilder()
                .setRequestId(id)
                .setTenantId(tenant)
                .setBatchId(batchId)
                .setSubmittedAt(at)
                .setMessages(List.of(ChatMessage.newBuilder()
                        .setRole("user")
                        .setContent("question")
                        .build()))
                .setHints(RequestHints.newBuilder()
                        .setLatencyClass(LatencyClass.BATCH)
                        .setDeadlineMs(3_600_000L)
                        .build())
                .build();
    }

    @Test
    void aMissingFileIsNamed() {
        Run run = run(new SubmitCommand(), dir.resolve("nope.jsonl").toString(), "--tenant", "acme");
        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.err()).contains("nope.jsonl does not exist");
    }

    private static ExecutionResult result(String id, String batchId, boolean ok) {
        return ExecutionResult.newBuilder()
                .setRequestId(id)
                .setTenantId("acme")
                .setBatchId(batchId)
                .setStatus(ok ? ResultStatus.SUCCEEDED : ResultStatus.FAILED)
                .setReason(ok ? null : "PROVIDER_ERROR")
                .setProvider(ok ? "openai" : null)
                .setModel(ok ? "gpt-4o-mini" : null)
                .setOutput(
                        ok
                                ? Output.newBuilder()
                                        .setText("echo " + id)
                                        .setFinishReason("stop")
                                        .build()
                                : null)
                .setUsage(Usage.newBuilder()
                        .setInputTokens(ok ? 7 : 0)
                        .setOutputTokens(ok ? 3 : 0)
                        .build())
                .setCostMicros(ok ? 42 : 0)
                .setLatencyMs(5)
                .setAttempts(List.of())
                .setCompletedAt(Instant.now())
                .build();
    }

    static RouteplaneSerdes serdes() {
        return new RouteplaneSerdes(Map.of("schema.registry.url", platform.registryUrl()));
    }

    /** Every record of the topic, read from the beginning to its current end. */
    static <V extends SpecificRecord> List<ConsumerRecord<String, V>> readAll(TopicSpec<V> topic) {
        return readAll(platform, topic);
    }

    static <V extends SpecificRecord> List<ConsumerRecord<String, V>> readAll(
            RouteplanePlatformExtension platform, TopicSpec<V> topic) {
        var decoder = new RouteplaneSerdes(Map.of("schema.registry.url", platform.registryUrl())).decoder(topic);
        List<ConsumerRecord<String, V>> records = new ArrayList<>();
        Map<String, Object> config = platform.adminConfig();
        config.put("isolation.level", "read_committed");
        try (KafkaConsumer<String, byte[]> consumer =
                new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic.name()).stream()
                    .map(p -> new TopicPartition(topic.name(), p.partition()))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))
                    && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    records.add(new ConsumerRecord<>(
                            r.topic(),
                            r.partition(),
                            r.offset(),
                            r.key(),
                            decoder.decode(r.topic(), r.partition(), r.offset(), r.value())));
                }
            }
        }
        records.sort(java.util.Comparator.comparingInt((ConsumerRecord<String, V> r) -> r.partition())
                .thenComparingLong(ConsumerRecord::offset));
        return records;
    }
}
