package dev.routeplane.api.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.routeplane.contract.RouteRequest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BatchServiceTest {
    private static final String LINE =
            "{\"custom_id\": \"%s\", \"method\": \"POST\", \"url\": \"/v1/chat/completions\","
                    + " \"body\": {\"model\": \"auto\", \"messages\": [{\"role\": \"user\", \"content\": \"question %s\"}]}}";

    @TempDir
    Path dir;

    private FileStore files;
    private final List<RouteRequest> submitted = new ArrayList<>();
    private BatchService batches;

    @BeforeEach
    void setUp() {
        files = new FileStore(dir.resolve("files"), ApiFixtures.CLOCK);
        batches = newService();
    }

    private BatchService newService() {
        return new BatchService(
                dir.resolve("batches"),
                files,
                request -> {
                    submitted.add(request);
                    return CompletableFuture.completedFuture(null);
                },
                ApiFixtures.CLOCK);
    }

    private String upload(String tenant, String... lines) throws IOException {
        Path temp = files.newTemp(tenant);
        Files.writeString(temp, String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
        return files.commit(tenant, temp, "in.jsonl", FileStore.PURPOSE_BATCH)
                .get("id")
                .asText();
    }

    @Test
    void movesFromInProgressToCompletedWhenEveryResultIsIn() throws IOException {
        String file =
                upload("acme", LINE.formatted("a", 1), "{not json", LINE.formatted("b", 2), LINE.formatted("c", 3));

        ObjectNode created = batches.create("acme", file, null);
        String id = created.get("id").asText();

        assertThat(created.get("status").asText()).isEqualTo("in_progress");
        assertThat(counts(created)).containsExactly(4L, 0L, 1L);
        assertThat(created.at("/errors/data/0/code").asText()).isEqualTo("MALFORMED_JSON");
        assertThat(created.at("/errors/data/0/line").asLong()).isEqualTo(2);
        assertThat(submitted).extracting(RouteRequest::getRequestId).containsExactly(id + ":a", id + ":b", id + ":c");
        assertThat(submitted).allSatisfy(r -> assertThat(r.getBatchId()).isEqualTo(id));

        // Results arrive out of order; one fails.
        batches.onResult(ApiFixtures.succeeded("acme", id + ":c", id, "answer c"));
        batches.onResult(ApiFixtures.failed("acme", id + ":b", id, "PROVIDER_ERROR"));
        ObjectNode partial = batches.get("acme", id).orElseThrow();
        assertThat(partial.get("status").asText()).isEqualTo("in_progress");
        assertThat(counts(partial)).containsExactly(4L, 1L, 2L);
        assertThat(partial.get("output_file_id").isNull()).isTrue();

        batches.onResult(ApiFixtures.succeeded("acme", id + ":a", id, "answer a"));
        batches.onResult(ApiFixtures.succeeded("acme", id + ":a", id, "a duplicate is ignored"));
        ObjectNode done = batches.get("acme", id).orElseThrow();

        assertThat(done.get("status").asText()).isEqualTo("completed");
        assertThat(done.get("completed_at").asLong()).isEqualTo(ApiFixtures.NOW.getEpochSecond());
        assertThat(done.get("finalizing_at").isNull()).isFalse();
        assertThat(counts(done)).containsExactly(4L, 2L, 2L);
        List<JsonNode> output = lines("acme", done.get("output_file_id").asText());
        assertThat(output).extracting(l -> l.get("custom_id").asText()).containsExactly("a", "c"); // input order
        assertThat(output.get(0).at("/response/body/choices/0/message/content").asText())
                .isEqualTo("answer a");
        assertThat(output.get(0).at("/response/request_id").asText()).isEqualTo(id + ":a");
        List<JsonNode> errors = lines("acme", done.get("error_file_id").asText());
        assertThat(errors)
                .extracting(l -> l.at("/error/code").asText())
                .containsExactly("MALFORMED_JSON", "PROVIDER_ERROR");
        assertThat(errors.get(0).at("/error/line").asLong()).isEqualTo(2);
        assertThat(errors.get(1).get("custom_id").asText()).isEqualTo("b");
        assertThat(files.get("acme", done.get("output_file_id").asText())
                        .orElseThrow()
                        .get("purpose")
                        .asText())
                .isEqualTo("batch_output");
    }

    @Test
    void failsABatchWithoutAnyValidLine() throws IOException {
        String file = upload(
                "acme",
                "{broken",
                "{\"custom_id\": \"x\", \"method\": \"GET\", \"url\": \"/v1/chat/completions\", \"body\": {}}");

        ObjectNode batch = batches.create("acme", file, null);

        assertThat(batch.get("status").asText()).isEqualTo("failed");
        assertThat(batch.get("failed_at").asLong()).isEqualTo(ApiFixtures.NOW.getEpochSecond());
        assertThat(batch.at("/errors/data/0/code").asText()).isEqualTo("no_valid_lines");
        assertThat(batch.at("/errors/data").size()).isEqualTo(3);
        assertThat(counts(batch)).containsExactly(2L, 0L, 2L);
        assertThat(submitted).isEmpty();
    }

    @Test
    void failsTheBatchWhenKafkaRefusesARequest() throws IOException {
        BatchService broken = new BatchService(
                dir.resolve("batches"),
                files,
                request -> CompletableFuture.failedFuture(new IllegalStateException("broker down")),
                ApiFixtures.CLOCK);
        String file = upload("acme", LINE.formatted("a", 1));

        ObjectNode batch = broken.create("acme", file, null);

        assertThat(batch.get("status").asText()).isEqualTo("failed");
        assertThat(batch.at("/errors/data/0/code").asText()).isEqualTo("submission_failed");
    }

    @Test
    void aRestartKeepsAnInProgressBatchAndCompletesItFromTheSpoolAndReplayedResults() throws IOException {
        String file = upload("acme", LINE.formatted("a", 1), LINE.formatted("b", 2));
        String id = batches.create("acme", file, null).get("id").asText();
        batches.onResult(ApiFixtures.succeeded("acme", id + ":a", id, "answer a"));

        BatchService restarted = newService();
        restarted.load();
        // The index re-reads the topic from the beginning: a is delivered again, b for the first time.
        restarted.onResult(ApiFixtures.succeeded("acme", id + ":a", id, "answer a"));
        restarted.onResult(ApiFixtures.succeeded("acme", id + ":b", id, "answer b"));
        ObjectNode done = restarted.get("acme", id).orElseThrow();

        assertThat(done.get("status").asText()).isEqualTo("completed");
        assertThat(lines("acme", done.get("output_file_id").asText()))
                .extracting(l -> l.get("custom_id").asText())
                .containsExactly("a", "b");
    }

    @Test
    void aBatchInterruptedWhileValidatingFailsOnRestart() throws IOException {
        Path batchDir = Files.createDirectories(dir.resolve("batches/acme"));
        ObjectNode stuck = Json.object()
                .put("id", "batch_0123456789abcdef01234567")
                .put("object", "batch")
                .put("status", "validating")
                .put("created_at", 1);
        stuck.putNull("errors");
        Json.writeAtomically(batchDir.resolve("batch_0123456789abcdef01234567.json"), stuck);

        newService().load();

        ObjectNode batch =
                newService().get("acme", "batch_0123456789abcdef01234567").orElseThrow();
        assertThat(batch.get("status").asText()).isEqualTo("failed");
        assertThat(batch.at("/errors/data/0/code").asText()).isEqualTo("interrupted");
    }

    @Test
    void cancellingWritesWhatHasCompletedAndStopsWaiting() throws IOException {
        String file = upload("acme", LINE.formatted("a", 1), LINE.formatted("b", 2));
        String id = batches.create("acme", file, null).get("id").asText();
        batches.onResult(ApiFixtures.succeeded("acme", id + ":b", id, "answer b"));

        ObjectNode cancelled = batches.cancel("acme", id).orElseThrow();

        assertThat(cancelled.get("status").asText()).isEqualTo("cancelled");
        assertThat(lines("acme", cancelled.get("output_file_id").asText())).hasSize(1);
        assertThatThrownBy(() -> batches.cancel("acme", id))
                .isInstanceOf(ApiException.class)
                .extracting(e -> ((ApiException) e).status())
                .isEqualTo(409);
    }

    @Test
    void anotherTenantsBatchAndFileDoNotExistForTheCaller() throws IOException {
        String file = upload("acme", LINE.formatted("a", 1));
        String id = batches.create("acme", file, null).get("id").asText();

        assertThat(batches.get("umbrella", id)).isEmpty();
        assertThat(batches.list("umbrella")).isEmpty();
        assertThat(batches.list("acme")).hasSize(1);
        assertThatThrownBy(() -> batches.create("umbrella", file, null))
                .isInstanceOf(ApiException.class)
                .extracting(e -> ((ApiException) e).status())
                .isEqualTo(404);
    }

    private static List<Long> counts(JsonNode batch) {
        JsonNode counts = batch.get("request_counts");
        return List.of(
                counts.get("total").asLong(),
                counts.get("completed").asLong(),
                counts.get("failed").asLong());
    }

    private List<JsonNode> lines(String tenant, String fileId) throws IOException {
        List<JsonNode> out = new ArrayList<>();
        for (String line : Files.readAllLines(files.content(tenant, fileId).orElseThrow())) {
            out.add(Json.MAPPER.readTree(line));
        }
        return out;
    }
}
