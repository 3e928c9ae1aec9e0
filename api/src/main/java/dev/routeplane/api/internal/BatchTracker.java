package dev.routeplane.api.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.routeplane.client.BatchProgress;
import dev.routeplane.client.BatchResultSpool;
import dev.routeplane.contract.BatchPhase;
import dev.routeplane.contract.BatchState;
import dev.routeplane.contract.ExecutionResult;
import dev.routeplane.contract.ResultStatus;
import dev.routeplane.openai.BatchOutputWriter;
import dev.routeplane.openai.ChatCompletionJson;
import dev.routeplane.schemas.ReasonCodes;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * One batch of one tenant: its Batch object (OpenAI's shape plus a {@code routeplane} section), persisted as
 * {@code <batchId>.json} on every change, and its results, spooled to disk in a {@link BatchResultSpool} as they
 * come so that neither memory nor the result index's bounds limit a batch. Files next to the object:
 * {@code .index} and {@code .results} (the spool), {@code .rejected.jsonl} (malformed lines).
 *
 * <p>The {@code routeplane} section: {@code accepted_lines}, {@code malformed_lines}, {@code completion_window_ms},
 * {@code submitted_requests} and {@code submitted_through_line} (how far submission got: a restart resumes after
 * it), {@code outcomes} (results so far by status or reason code), {@code cancelled} (requests that never ran because
 * of a cancel), {@code requests_per_second} and {@code eta_seconds} (the recent pace and the time left at it).
 *
 * <p>All methods synchronize on the tracker; the object is only changed under that lock.
 */
final class BatchTracker {
    final String tenant;
    final String batchId;
    final Path dir;
    private final ObjectNode batch;
    private final Clock clock;
    private final Function<BatchState, CompletableFuture<Void>> states;
    private final BatchProgress progress;
    private BatchResultSpool spool;
    private boolean submissionDone;

    BatchTracker(
            String tenant,
            Path dir,
            ObjectNode batch,
            Clock clock,
            Function<BatchState, CompletableFuture<Void>> states) {
        this.tenant = tenant;
        this.dir = dir;
        this.batch = batch;
        this.clock = clock;
        this.states = states;
        this.batchId = batch.get("id").asText();
        this.progress = new BatchProgress(0, clock);
        if (!batch.has("routeplane") || !batch.get("routeplane").isObject()) {
            batch.putObject("routeplane");
        }
    }

    /** Opens (or reopens) the spool; the index of accepted requests is whatever an earlier run wrote. */
    synchronized BatchResultSpool spool() throws IOException {
        if (spool == null) {
            spool = BatchResultSpool.open(dir, batchId);
        }
        return spool;
    }

    /** Throws away what an interrupted validation wrote, so it can run again from the start. */
    synchronized void resetSpool() throws IOException {
        spool().delete();
        spool = null;
    }

    /** The requestId prefix of this batch's requests: custom_ids need only be unique within one batch. */
    String requestIdPrefix() {
        return batchId + ":";
    }

    /** Spools a result of this batch unless one for the same request was spooled already. */
    synchronized void onResult(ExecutionResult result) throws IOException {
        String requestId = result.getRequestId();
        if (!requestId.startsWith(requestIdPrefix())) {
            return;
        }
        String customId = requestId.substring(requestIdPrefix().length());
        boolean ok = result.getStatus() == ResultStatus.SUCCEEDED;
        ObjectNode output = BatchOutputWriter.toOutputLine(result);
        output.put("custom_id", customId); // OpenAI clients match on their own id; request_id keeps ours
        String outcome = ok ? ResultStatus.SUCCEEDED.name() : ChatCompletionJson.errorCode(result);
        spool().record(customId, ok, outcome, Json.MAPPER.writeValueAsString(output));
    }

    synchronized String status() {
        return batch.path("status").asText();
    }

    synchronized Instant createdAt() {
        return Instant.ofEpochSecond(batch.path("created_at").asLong());
    }

    synchronized Duration completionWindow() {
        return Duration.ofMillis(section().path("completion_window_ms").asLong());
    }

    synchronized String inputFileId() {
        return batch.path("input_file_id").asText();
    }

    synchronized long acceptedLines() {
        return section().path("accepted_lines").asLong();
    }

    synchronized long malformedLines() {
        return section().path("malformed_lines").asLong();
    }

    synchronized long submittedRequests() {
        return section().path("submitted_requests").asLong();
    }

    synchronized long submittedThroughLine() {
        return section().path("submitted_through_line").asLong();
    }

    synchronized void setLineCounts(long accepted, long malformed) {
        section().put("accepted_lines", accepted).put("malformed_lines", malformed);
        progress.total(accepted);
    }

    /** Records how far submission got and persists it, so a restart resumes after it. */
    synchronized void submitted(long requests, long throughLine) throws IOException {
        section().put("submitted_requests", requests).put("submitted_through_line", throughLine);
        persist();
        publish();
    }

    /** Submission ended: every accepted line was sent, or a cancel stopped it. */
    synchronized void submissionDone() {
        submissionDone = true;
    }

    synchronized boolean submissionFinished() {
        return submissionDone;
    }

    /** Whether every request that was sent has its result (after a cancel: every request sent before it). */
    synchronized boolean allDone() throws IOException {
        long sent = "cancelling".equals(status()) ? submittedRequests() : acceptedLines();
        return submissionDone && spool().recorded() >= sent;
    }

    /** The Batch object with current counts and pace; a copy, safe to serialise outside the lock. */
    synchronized ObjectNode snapshot() throws IOException {
        updateCounts();
        return batch.deepCopy();
    }

    /** Changes the batch under the lock and persists it. */
    synchronized void update(Consumer<ObjectNode> change) throws IOException {
        change.accept(batch);
        persist();
        publish();
    }

    /** Adds an entry to the object's {@code errors.data}, first. */
    synchronized void addError(String code, String message) {
        JsonNode errors = batch.get("errors");
        ArrayNode data = errors != null && errors.isObject() && errors.get("data") instanceof ArrayNode a
                ? a
                : batch.putObject("errors").put("object", "list").putArray("data");
        data.insertObject(0)
                .put("code", code)
                .put("message", message)
                .putNull("param")
                .putNull("line");
    }

    private void persist() throws IOException {
        updateCounts();
        Json.writeAtomically(path(".json"), batch);
    }

    /**
     * OpenAI's three counts: {@code total} lines, {@code completed} (succeeded), {@code failed} (malformed lines and
     * requests that ended otherwise, cancelled ones excepted, as in OpenAI's API).
     */
    private void updateCounts() throws IOException {
        BatchResultSpool s = spool();
        Map<String, Integer> outcomes = s.outcomes();
        long cancelledResults = outcomes.getOrDefault(ReasonCodes.CANCELLED, 0);
        long notSent = "cancelled".equals(status()) ? Math.max(0, acceptedLines() - submittedRequests()) : 0;
        progress.observe(s.succeeded(), s.failed());
        BatchProgress.Snapshot pace = progress.snapshot();
        batch.putObject("request_counts")
                .put("total", acceptedLines() + malformedLines())
                .put("completed", s.succeeded())
                .put("failed", s.failed() - cancelledResults + malformedLines());
        ObjectNode section = section();
        ObjectNode byOutcome = section.putObject("outcomes");
        outcomes.forEach(byOutcome::put);
        section.put("cancelled", cancelledResults + notSent);
        section.put("requests_per_second", Math.round(pace.perSecond() * 10) / 10.0);
        if (pace.eta().isPresent() && "in_progress".equals(status())) {
            section.put("eta_seconds", pace.eta().get().toSeconds());
        } else {
            section.putNull("eta_seconds");
        }
    }

    /** Publishes the batch's state now; the future completes once Kafka acknowledged it. */
    synchronized CompletableFuture<Void> publishNow() {
        return publish();
    }

    /** The batch as the rest of the pipeline sees it on {@code rp.batches.v1}. */
    private CompletableFuture<Void> publish() {
        BatchPhase phase = switch (status()) {
            case "validating" -> BatchPhase.SUBMITTING;
            case "in_progress", "finalizing" -> submissionDone ? BatchPhase.IN_PROGRESS : BatchPhase.SUBMITTING;
            case "cancelling" -> BatchPhase.CANCELLING;
            case "cancelled" -> BatchPhase.CANCELLED;
            case "completed" -> BatchPhase.COMPLETED;
            default -> BatchPhase.FAILED;
        };
        long cancellingAt = batch.path("cancelling_at").asLong(0);
        return states.apply(BatchState.newBuilder()
                .setTenantId(tenant)
                .setBatchId(batchId)
                .setPhase(phase)
                .setInputLines(acceptedLines() + malformedLines())
                .setAcceptedRequests(acceptedLines())
                .setMalformedLines(malformedLines())
                .setSubmittedRequests(submittedRequests())
                .setSubmittedThroughLine(submittedThroughLine())
                .setCompletionWindowMs(completionWindow().toMillis())
                .setSource("api")
                .setCreatedAt(createdAt())
                .setUpdatedAt(clock.instant())
                .setCancelRequestedAt(cancellingAt == 0 ? null : Instant.ofEpochSecond(cancellingAt))
                .build());
    }

    private ObjectNode section() {
        return (ObjectNode) batch.get("routeplane");
    }

    synchronized void close() throws IOException {
        if (spool != null) {
            spool.close();
        }
    }

    Path path(String suffix) {
        return dir.resolve(batchId + suffix);
    }
}
