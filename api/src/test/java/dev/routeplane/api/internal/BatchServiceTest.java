package dev.routeplane.api.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.routeplane.client.SubmissionPacer;
import dev.routeplane.contract.BatchPhase;
import dev.routeplane.contract.BatchState;
import dev.routeplane.contract.ExecutionResult;
import dev.routeplane.contract.ResultStatus;
import dev.routeplane.contract.RouteRequest;
import dev.routeplane.schemas.ReasonCodes;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.TimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BatchServiceTest {
    private static final String LINE =
            "{\"custom_id\": \"%s\", \"method\": \"POST\", \"url\": \"/v1/chat/completions\","
                    + " \"body\": {\"model\": \"auto\", \"messages\": [{\"role\": \"user\", \"content\": \"question %s\"}]}}";
    private static final Duration DAY = Duration.ofHours(24);

    @TempDir
    Path dir;

    private FileStore files;
    private final List<RouteRequest> submitted = new CopyOnWriteArrayList<>();
    private final List<BatchState> states = new CopyOnWriteArrayList<>();
    private final List<BatchService> services = new ArrayList<>();
    private BatchService batches;

    /** Runs each submission at once on the calling thread, so a test sees its effects when create() returns. */
    private static final class Direct extends AbstractExecutorService {
        @Override
        public void execute(Runnable command) {
            command.run();
        }

        @Override
        public void shutdown() {}

        @Override
        public List<Runnable> shutdownNow() {
            return List.of();
        }

        @Override
        public boolean isShutdown() {
            return false;
        }

        @Override
        public boolean isTerminated() {
            return false;
        }

        @Override
        public boolean awaitTermination(long timeout, TimeUnit unit) {
            return true;
        }
    }

    @BeforeEach
    void setUp() {
        files = new FileStore(dir.resolve("files"), ApiFixtures.CLOCK);
        batches = service(this::accept, null, new Direct());
    }

    @AfterEach
    void stop() {
        services.forEach(BatchService::close);
    }

    private CompletableFuture<Void> accept(RouteRequest request) {
        submitted.add(request);
        return CompletableFuture.completedFuture(null);
    }

    private BatchService service(
            Function<RouteRequest, CompletableFuture<Void>> send, SubmissionPacer pacer, ExecutorService jobs) {
        BatchService service = BatchService.builder(dir.resolve("batches"), files, send)
                .pacer(pacer)
                .states(state -> {
                    states.add(state);
                    return CompletableFuture.completedFuture(null);
                })
                .retryPause(Duration.ofMillis(1))
                .clock(ApiFixtures.CLOCK)
                .jobs(jobs)
                .build();
        services.add(service);
        return service;
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

        ObjectNode created = batches.create("acme", file, null, DAY);
        String id = created.get("id").asText();

        assertThat(created.get("status").asText()).isEqualTo("in_progress");
        assertThat(created.get("completion_window").asText()).isEqualTo("1d");
        assertThat(counts(created)).containsExactly(4L, 0L, 1L);
        assertThat(created.at("/errors/data/0/code").asText()).isEqualTo("MALFORMED_JSON");
        assertThat(created.at("/errors/data/0/line").asLong()).isEqualTo(2);
        assertThat(submitted).extracting(RouteRequest::getRequestId).containsExactly(id + ":a", id + ":b", id + ":c");
        assertThat(submitted).allSatisfy(r -> {
            assertThat(r.getBatchId()).isEqualTo(id);
            assertThat(r.getSubmittedAt()).isEqualTo(ApiFixtures.NOW);
            assertThat(r.getHints().getDeadlineMs()).isEqualTo(DAY.toMillis());
        });

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
        assertThat(states)
                .extracting(BatchState::getPhase)
                .contains(BatchPhase.SUBMITTING, BatchPhase.IN_PROGRESS)
                .endsWith(BatchPhase.COMPLETED);
    }

    @Test
    void failsABatchWithoutAnyValidLine() throws IOException {
        String file = upload(
                "acme",
                "{broken",
                "{\"custom_id\": \"x\", \"method\": \"GET\", \"url\": \"/v1/chat/completions\", \"body\": {}}");

        ObjectNode batch = batches.create("acme", file, null, DAY);

        assertThat(batch.get("status").asText()).isEqualTo("failed");
        assertThat(batch.get("failed_at").asLong()).isEqualTo(ApiFixtures.NOW.getEpochSecond());
        assertThat(batch.at("/errors/data/0/code").asText()).isEqualTo("no_valid_lines");
        assertThat(batch.at("/errors/data").size()).isEqualTo(3);
        assertThat(counts(batch)).containsExactly(2L, 0L, 2L);
        assertThat(submitted).isEmpty();
    }

    @Test
    void failsAFileWithMoreThanFiftyThousandRequestsAndSendsNone() throws IOException {
        Path temp = files.newTemp("acme");
        try (BufferedWriter out = Files.newBufferedWriter(temp, StandardCharsets.UTF_8)) {
            for (int i = 0; i <= BatchSubmission.MAX_LINES; i++) {
                out.write(LINE.formatted("r" + i, i));
                out.write('\n');
            }
        }
        String file = files.commit("acme", temp, "big.jsonl", FileStore.PURPOSE_BATCH)
                .get("id")
                .asText();

        ObjectNode batch = batches.create("acme", file, null, DAY);

        assertThat(batch.get("status").asText()).isEqualTo("failed");
        assertThat(batch.at("/errors/data/0/code").asText()).isEqualTo("batch_too_large");
        assertThat(batch.at("/errors/data/0/message").asText())
                .isEqualTo("The input file has 50001 requests, more than the 50000 a batch may have; split it into"
                        + " several batches");
        assertThat(submitted).isEmpty();
    }

    @Test
    void sendsAgainFromTheCheckpointWhenKafkaDidNotAcknowledgeInTime() throws IOException {
        AtomicInteger calls = new AtomicInteger();
        BatchService flaky = service(
                request -> {
                    submitted.add(request);
                    return calls.incrementAndGet() == 2
                            ? CompletableFuture.failedFuture(new TimeoutException("broker busy"))
                            : CompletableFuture.completedFuture(null);
                },
                null,
                new Direct());
        String file = upload("acme", LINE.formatted("a", 1), LINE.formatted("b", 2), LINE.formatted("c", 3));

        ObjectNode batch = flaky.create("acme", file, null, DAY);

        String id = batch.get("id").asText();
        assertThat(batch.get("status").asText()).isEqualTo("in_progress");
        assertThat(submitted)
                .extracting(RouteRequest::getRequestId)
                .containsExactly(id + ":a", id + ":b", id + ":b", id + ":c");
        assertThat(batch.at("/routeplane/submitted_requests").asLong()).isEqualTo(3);
    }

    @Test
    void aRequestKafkaCanNeverTakeGetsItsOwnErrorLine() throws IOException {
        BatchService picky = service(
                request -> {
                    submitted.add(request);
                    return request.getRequestId().endsWith(":b")
                            ? CompletableFuture.failedFuture(new RecordTooLargeException("too big"))
                            : CompletableFuture.completedFuture(null);
                },
                null,
                new Direct());
        String file = upload("acme", LINE.formatted("a", 1), LINE.formatted("b", 2));
        String id = picky.create("acme", file, null, DAY).get("id").asText();

        picky.onResult(ApiFixtures.succeeded("acme", id + ":a", id, "answer a"));
        ObjectNode done = picky.get("acme", id).orElseThrow();

        assertThat(done.get("status").asText()).isEqualTo("completed");
        assertThat(counts(done)).containsExactly(2L, 1L, 1L);
        List<JsonNode> errors = lines("acme", done.get("error_file_id").asText());
        assertThat(errors).extracting(l -> l.at("/error/code").asText()).containsExactly("SUBMISSION_FAILED");
        assertThat(errors.get(0).get("custom_id").asText()).isEqualTo("b");
    }

    @Test
    void aRestartKeepsAnInProgressBatchAndCompletesItFromTheSpoolAndReplayedResults() throws IOException {
        String file = upload("acme", LINE.formatted("a", 1), LINE.formatted("b", 2));
        String id = batches.create("acme", file, null, DAY).get("id").asText();
        batches.onResult(ApiFixtures.succeeded("acme", id + ":a", id, "answer a"));

        BatchService restarted = service(this::accept, null, new Direct());
        restarted.load();
        // The index reads the results again: a is delivered again, b for the first time.
        restarted.onResult(ApiFixtures.succeeded("acme", id + ":a", id, "answer a"));
        restarted.onResult(ApiFixtures.succeeded("acme", id + ":b", id, "answer b"));
        ObjectNode done = restarted.get("acme", id).orElseThrow();

        assertThat(done.get("status").asText()).isEqualTo("completed");
        assertThat(lines("acme", done.get("output_file_id").asText()))
                .extracting(l -> l.get("custom_id").asText())
                .containsExactly("a", "b");
        assertThat(submitted).hasSize(2); // nothing was sent again
        assertThat(restarted.oldestOpenCreatedAt()).isEmpty();
    }

    @Test
    void aBatchStoppedWhileSubmittingResumesAfterItsCheckpointOnRestart() throws Exception {
        // given a pacer that lets one request through and then waits for a router that never drains
        SubmissionPacer stuck = new SubmissionPacer(tenant -> 1, 1, Duration.ofMillis(5));
        ExecutorService threads = Executors.newCachedThreadPool();
        BatchService first = service(this::accept, stuck, threads);
        String file = upload("acme", LINE.formatted("a", 1), LINE.formatted("b", 2), LINE.formatted("c", 3));
        String id = first.create("acme", file, null, DAY).get("id").asText();
        await().atMost(Duration.ofSeconds(10)).until(() -> submitted.size() == 1);

        // when the API stops and starts again
        first.close();
        assertThat(first.get("acme", id)
                        .orElseThrow()
                        .at("/routeplane/submitted_requests")
                        .asLong())
                .isEqualTo(1);
        BatchService again = service(this::accept, null, new Direct());
        again.load();

        // then it sent b and c, and a only once
        assertThat(submitted).extracting(RouteRequest::getRequestId).containsExactly(id + ":a", id + ":b", id + ":c");
        assertThat(again.oldestOpenCreatedAt()).contains(ApiFixtures.NOW);
    }

    @Test
    void aBatchInterruptedWhileValidatingIsValidatedAgainOnRestart() throws IOException {
        String file = upload("acme", LINE.formatted("a", 1));
        Path batchDir = Files.createDirectories(dir.resolve("batches/acme"));
        ObjectNode stuck = Json.object()
                .put("id", "batch_0123456789abcdef01234567")
                .put("object", "batch")
                .put("status", "validating")
                .put("input_file_id", file)
                .put("created_at", ApiFixtures.NOW.getEpochSecond());
        stuck.putNull("errors");
        stuck.putObject("routeplane").put("completion_window_ms", DAY.toMillis());
        Json.writeAtomically(batchDir.resolve("batch_0123456789abcdef01234567.json"), stuck);

        batches.load();

        ObjectNode batch = batches.get("acme", "batch_0123456789abcdef01234567").orElseThrow();
        assertThat(batch.get("status").asText()).isEqualTo("in_progress");
        assertThat(submitted)
                .extracting(RouteRequest::getRequestId)
                .containsExactly("batch_0123456789abcdef01234567:a");
    }

    @Test
    void aCancelEndsTheBatchOnceTheRequestsSentHaveTheirResults() throws IOException {
        String file = upload("acme", LINE.formatted("a", 1), LINE.formatted("b", 2));
        String id = batches.create("acme", file, null, DAY).get("id").asText();
        batches.onResult(ApiFixtures.succeeded("acme", id + ":b", id, "answer b"));

        ObjectNode cancelling = batches.cancel("acme", id).orElseThrow();

        assertThat(cancelling.get("status").asText()).isEqualTo("cancelling");
        assertThat(states.get(states.size() - 1).getPhase()).isEqualTo(BatchPhase.CANCELLING);
        assertThat(states.get(states.size() - 1).getCancelRequestedAt()).isEqualTo(ApiFixtures.NOW);
        batches.onResult(cancelled("acme", id + ":a", id));

        ObjectNode cancelled = batches.get("acme", id).orElseThrow();
        assertThat(cancelled.get("status").asText()).isEqualTo("cancelled");
        assertThat(cancelled.get("cancelled_at").asLong()).isEqualTo(ApiFixtures.NOW.getEpochSecond());
        assertThat(counts(cancelled)).containsExactly(2L, 1L, 0L);
        assertThat(cancelled.at("/routeplane/cancelled").asLong()).isEqualTo(1);
        assertThat(lines("acme", cancelled.get("output_file_id").asText())).hasSize(1);
        assertThat(lines("acme", cancelled.get("error_file_id").asText()))
                .extracting(l -> l.at("/error/code").asText())
                .containsExactly(ReasonCodes.CANCELLED);
        assertThatThrownBy(() -> batches.cancel("acme", id))
                .isInstanceOf(ApiException.class)
                .extracting(e -> ((ApiException) e).status())
                .isEqualTo(409);
    }

    @Test
    void aCancelWhileSubmittingNeverSendsTheRestAndCountsItCancelled() throws Exception {
        SubmissionPacer stuck = new SubmissionPacer(tenant -> 1, 1, Duration.ofMillis(5));
        BatchService paced = service(this::accept, stuck, Executors.newCachedThreadPool());
        String file = upload("acme", LINE.formatted("a", 1), LINE.formatted("b", 2), LINE.formatted("c", 3));
        String id = paced.create("acme", file, null, DAY).get("id").asText();
        await().atMost(Duration.ofSeconds(10)).until(() -> submitted.size() == 1);

        paced.cancel("acme", id);
        paced.onResult(cancelled("acme", id + ":a", id));

        await().atMost(Duration.ofSeconds(10))
                .until(() -> "cancelled"
                        .equals(paced.get("acme", id)
                                .orElseThrow()
                                .get("status")
                                .asText()));
        ObjectNode batch = paced.get("acme", id).orElseThrow();
        assertThat(submitted).hasSize(1);
        assertThat(counts(batch)).containsExactly(3L, 0L, 0L);
        assertThat(batch.at("/routeplane/cancelled").asLong()).isEqualTo(3);
        assertThat(lines("acme", batch.get("error_file_id").asText()))
                .extracting(l ->
                        l.get("custom_id").asText() + "=" + l.at("/error/code").asText())
                .containsExactly("a=CANCELLED", "b=CANCELLED", "c=CANCELLED");
    }

    @Test
    void aBatchStoppedByTheBudgetSaysSoInItsErrors() throws IOException {
        String file = upload("acme", LINE.formatted("a", 1), LINE.formatted("b", 2));
        String id = batches.create("acme", file, null, DAY).get("id").asText();

        batches.onResult(ApiFixtures.succeeded("acme", id + ":a", id, "answer a"));
        batches.onResult(ExecutionResult.newBuilder(ApiFixtures.failed("acme", id + ":b", id, "BUDGET_EXCEEDED"))
                .setStatus(ResultStatus.BUDGET_EXCEEDED)
                .build());

        ObjectNode done = batches.get("acme", id).orElseThrow();
        assertThat(done.get("status").asText()).isEqualTo("completed");
        assertThat(counts(done)).containsExactly(2L, 1L, 1L);
        assertThat(done.at("/routeplane/outcomes/BUDGET_EXCEEDED").asInt()).isEqualTo(1);
        assertThat(done.at("/errors/data/0/code").asText()).isEqualTo("budget_exceeded");
        assertThat(done.at("/errors/data/0/message").asText()).startsWith("1 requests were not run: tenant acme's");
    }

    @Test
    void anotherTenantsBatchAndFileDoNotExistForTheCaller() throws IOException {
        String file = upload("acme", LINE.formatted("a", 1));
        String id = batches.create("acme", file, null, DAY).get("id").asText();

        assertThat(batches.get("umbrella", id)).isEmpty();
        assertThat(batches.list("umbrella")).isEmpty();
        assertThat(batches.list("acme")).hasSize(1);
        assertThatThrownBy(() -> batches.create("umbrella", file, null, DAY))
                .isInstanceOf(ApiException.class)
                .extracting(e -> ((ApiException) e).status())
                .isEqualTo(404);
    }

    @Test
    void refusesACompletionWindowItCannotReadNamingIt() {
        assertThatThrownBy(() -> BatchesRoute.completionWindow("90s"))
                .isInstanceOf(ApiException.class)
                .satisfies(e -> {
                    ApiException api = (ApiException) e;
                    assertThat(api.status()).isEqualTo(400);
                    assertThat(api.code()).isEqualTo("invalid_completion_window");
                    assertThat(api.getMessage()).contains("'90s'");
                });
        assertThat(BatchesRoute.completionWindow("24h")).isEqualTo(DAY);
    }

    private static ExecutionResult cancelled(String tenant, String requestId, String batchId) {
        return ExecutionResult.newBuilder(ApiFixtures.failed(tenant, requestId, batchId, ReasonCodes.CANCELLED))
                .setStatus(ResultStatus.CANCELLED)
                .setAttempts(List.of())
                .build();
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
