package dev.routeplane.api.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.routeplane.client.SubmissionPacer;
import dev.routeplane.contract.BatchState;
import dev.routeplane.contract.ExecutionResult;
import dev.routeplane.contract.RouteRequest;
import dev.routeplane.openai.CompletionWindow;
import dev.routeplane.schemas.ReasonCodes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * OpenAI Batches on Routeplane. Creating a batch answers at once with status {@code validating}; its own thread then
 * reads the input file ({@link BatchSubmission}): malformed lines are recorded, and every valid line becomes a request
 * {@code <batchId>:<custom_id>} (custom_ids need only be unique within a file, as in OpenAI's API, and two batches
 * never collide), due within the batch's completion window and sent paced to the router. Status: {@code validating},
 * {@code in_progress} once the file was read, {@code finalizing} then {@code completed} once every request has its
 * terminal result (the output and error files are written then), {@code failed} when no line was valid, the file has
 * more than 50,000 requests or it could not be read; {@code cancelling} after a cancel, then {@code cancelled}.
 *
 * <p><b>Cancel.</b> Lines not yet sent are never sent; the cancel is published on {@code rp.batches.v1}, where the
 * router and the executors see it: requests of the batch that have not started a provider call end {@code CANCELLED}
 * (reservation released, nothing billed), calls already running finish and are billed. The batch is
 * {@code cancelled} once every request sent has its result; every line is then in the output or the error file.
 *
 * <p><b>Restart.</b> Batch objects are JSON files under {@code <root>/<tenant>/}, results are spooled next to them as
 * they come: after a restart a batch still being validated is validated again, one still being submitted resumes
 * after its last checkpoint once the result index has caught up, and results it lacks arrive again from the results
 * topic. One API process owns a data directory: two processes on the same one would both write it.
 *
 * <p>Thread-safe.
 */
public final class BatchService implements AutoCloseable {
    public static final String ENDPOINT = "/v1/chat/completions";
    private static final Logger LOG = LoggerFactory.getLogger(BatchService.class);
    private static final Pattern TENANT = Pattern.compile("[a-z0-9-]{1,64}");
    private static final Duration PUBLISH_TIMEOUT = Duration.ofSeconds(10);

    private final Path root;
    private final FileStore files;
    private final Function<RouteRequest, CompletableFuture<Void>> send;
    private final SubmissionPacer pacer;
    private final Function<BatchState, CompletableFuture<Void>> states;
    private final BooleanSupplier resultsCaughtUp;
    private final Duration retryPause;
    private final Clock clock;
    private final ExecutorService jobs;
    private final Map<String, BatchTracker> active = new ConcurrentHashMap<>();
    private final Map<String, BatchSubmission> submitting = new ConcurrentHashMap<>();

    private BatchService(Builder b) {
        this.root = b.root;
        this.files = b.files;
        this.send = b.send;
        this.pacer = b.pacer;
        this.states = b.states;
        this.resultsCaughtUp = b.resultsCaughtUp;
        this.retryPause = b.retryPause;
        this.clock = b.clock;
        this.jobs = b.jobs != null ? b.jobs : Executors.newCachedThreadPool(daemonThreads());
    }

    /**
     * @param root where batch objects live ({@code <root>/<tenant>/<batchId>.json})
     * @param send sends one request; the future completes once Kafka acknowledged it
     */
    public static Builder builder(Path root, FileStore files, Function<RouteRequest, CompletableFuture<Void>> send) {
        return new Builder(root, files, send);
    }

    /** Loads persisted batches and resumes the unfinished ones. Call once, before results flow. */
    public void load() throws IOException {
        if (!Files.isDirectory(root)) {
            return;
        }
        try (DirectoryStream<Path> tenants = Files.newDirectoryStream(root)) {
            for (Path dir : tenants) {
                if (Files.isDirectory(dir)) {
                    for (ObjectNode batch : readAll(dir)) {
                        resume(new BatchTracker(dir.getFileName().toString(), dir, batch, clock, this::publish));
                    }
                }
            }
        }
    }

    private void resume(BatchTracker tracker) throws IOException {
        String status = tracker.status();
        if (!List.of("validating", "in_progress", "finalizing", "cancelling").contains(status)) {
            return;
        }
        active.put(key(tracker.tenant, tracker.batchId), tracker);
        tracker.spool(); // reads back the results spooled before the stop
        boolean sent =
                tracker.snapshot().path("routeplane").path("submission_done").asBoolean(false);
        if (sent) {
            tracker.submissionDone();
            LOG.info("Batch {} of tenant {} resumed: waiting for its results", tracker.batchId, tracker.tenant);
            return;
        }
        Optional<Path> input = files.content(tracker.tenant, tracker.inputFileId());
        if (input.isEmpty()) {
            fail(tracker, "input_file_missing", "The input file was deleted before the batch was submitted in full");
            return;
        }
        LOG.info(
                "Batch {} of tenant {} resumed: {} after line {}",
                tracker.batchId,
                tracker.tenant,
                "validating".equals(status) ? "validating" : "submitting",
                tracker.submittedThroughLine());
        startSubmission(tracker, input.get(), true);
    }

    /** When the oldest unfinished batch was created: the result index must read results from then on. */
    public Optional<Instant> oldestOpenCreatedAt() {
        return active.values().stream().map(BatchTracker::createdAt).min(Comparator.naturalOrder());
    }

    /** Feeds a result to its batch, if it belongs to one this service tracks. Called on the index thread. */
    public void onResult(ExecutionResult result) {
        if (result.getBatchId() == null) {
            return;
        }
        BatchTracker tracker = active.get(key(result.getTenantId(), result.getBatchId()));
        if (tracker == null) {
            return;
        }
        try {
            tracker.onResult(result);
            if (tracker.allDone()) {
                jobs.execute(() -> finishQuietly(tracker));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot spool a result of batch " + tracker.batchId, e);
        }
    }

    /**
     * Creates a batch from an uploaded file and starts reading it; returns the Batch object ({@code validating}).
     *
     * @param completionWindow every request of the batch is due this long after its creation
     */
    public ObjectNode create(String tenant, String inputFileId, ObjectNode metadata, Duration completionWindow)
            throws IOException {
        ObjectNode file = files.get(tenant, inputFileId).orElseThrow(() -> ApiException.notFound("file", inputFileId));
        if (!FileStore.PURPOSE_BATCH.equals(file.path("purpose").asText())) {
            throw ApiException.badRequest(
                    "invalid_input_file",
                    "input_file_id",
                    "File " + inputFileId + " has purpose '"
                            + file.path("purpose").asText() + "'; a batch reads a file uploaded with purpose 'batch'");
        }
        Path input = files.content(tenant, inputFileId).orElseThrow(() -> ApiException.notFound("file", inputFileId));
        Path dir = Files.createDirectories(tenantDir(tenant));
        String id = Ids.next(Ids.BATCH);
        long now = clock.instant().getEpochSecond();
        ObjectNode batch = Json.object().put("id", id).put("object", "batch").put("endpoint", ENDPOINT);
        batch.putNull("errors");
        batch.put("input_file_id", inputFileId)
                .put("completion_window", CompletionWindow.format(completionWindow))
                .put("status", "validating");
        for (String field : List.of("output_file_id", "error_file_id")) {
            batch.putNull(field);
        }
        batch.put("created_at", now);
        for (String field : List.of(
                "in_progress_at",
                "finalizing_at",
                "completed_at",
                "failed_at",
                "expired_at",
                "cancelling_at",
                "cancelled_at")) {
            batch.putNull(field);
        }
        batch.put("expires_at", now + completionWindow.toSeconds());
        batch.set("metadata", metadata);
        batch.putObject("routeplane").put("completion_window_ms", completionWindow.toMillis());
        BatchTracker tracker = new BatchTracker(tenant, dir, batch, clock, this::publish);
        tracker.setLineCounts(0, 0);
        tracker.update(b -> {});
        active.put(key(tenant, id), tracker); // before submitting: a result may come back before reading ends
        startSubmission(tracker, input, false);
        return tracker.snapshot();
    }

    private void startSubmission(BatchTracker tracker, Path input, boolean resumed) {
        BatchSubmission submission = new BatchSubmission(tracker, input, send, pacer, retryPause, new Callbacks());
        submitting.put(key(tracker.tenant, tracker.batchId), submission);
        jobs.execute(() -> {
            if (resumed) {
                awaitResults();
            }
            submission.run();
        });
    }

    /** A resumed batch waits for the results already in, so it does not send again what has finished. */
    private void awaitResults() {
        long end = System.nanoTime() + Duration.ofMinutes(5).toNanos();
        while (!resultsCaughtUp.getAsBoolean() && System.nanoTime() < end) {
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** What the submission thread reports. */
    private final class Callbacks implements BatchSubmission.Outcome {
        @Override
        public void failed(BatchTracker tracker, String code, String message) throws IOException {
            fail(tracker, code, message);
        }

        @Override
        public void validated(BatchTracker tracker) throws IOException {
            synchronized (tracker) {
                if ("validating".equals(tracker.status())) {
                    long now = clock.instant().getEpochSecond();
                    tracker.update(b -> b.put("status", "in_progress").put("in_progress_at", now));
                }
            }
        }

        @Override
        public void submitted(BatchTracker tracker) throws IOException {
            submitting.remove(key(tracker.tenant, tracker.batchId));
            tracker.submissionDone();
            tracker.update(b -> ((ObjectNode) b.get("routeplane")).put("submission_done", true));
            finishIfDone(tracker);
        }
    }

    private void fail(BatchTracker tracker, String code, String message) throws IOException {
        long now = clock.instant().getEpochSecond();
        submitting.remove(key(tracker.tenant, tracker.batchId));
        synchronized (tracker) {
            tracker.addError(code, message);
            tracker.update(b -> b.put("status", "failed").put("failed_at", now));
        }
        active.remove(key(tracker.tenant, tracker.batchId));
        tracker.close();
        LOG.info("Batch {} of tenant {} failed: {}", tracker.batchId, tracker.tenant, code);
    }

    /** The Batch object with its current counts. Another tenant's id is not found. */
    public Optional<ObjectNode> get(String tenant, String id) throws IOException {
        if (!Ids.isBatchId(id) || !TENANT.matcher(tenant).matches()) {
            return Optional.empty();
        }
        BatchTracker tracker = active.get(key(tenant, id));
        if (tracker != null) {
            finishIfDone(tracker);
            return Optional.of(tracker.snapshot());
        }
        Path file = tenantDir(tenant).resolve(id + ".json");
        return Files.exists(file) ? Optional.of(Json.readObject(file)) : Optional.empty();
    }

    /** The tenant's batches, newest first. */
    public List<ObjectNode> list(String tenant) throws IOException {
        List<ObjectNode> batches = new ArrayList<>();
        Path dir = tenantDir(tenant);
        if (Files.isDirectory(dir)) {
            for (ObjectNode stored : readAll(dir)) {
                get(tenant, stored.get("id").asText()).ifPresent(batches::add);
            }
        }
        batches.sort(
                Comparator.comparingLong((ObjectNode b) -> b.path("created_at").asLong())
                        .reversed()
                        .thenComparing(b -> b.path("id").asText()));
        return batches;
    }

    /**
     * Cancels a batch that is validating or in progress: lines not yet sent are never sent, and the cancel is
     * published so that requests sent but not yet started end {@code CANCELLED}. Answers {@code cancelling}; the batch
     * becomes {@code cancelled} once every request sent has its result.
     */
    public Optional<ObjectNode> cancel(String tenant, String id) throws IOException {
        Optional<ObjectNode> batch = get(tenant, id);
        BatchTracker tracker = active.get(key(tenant, id));
        if (batch.isEmpty()) {
            return batch;
        }
        if (tracker == null) {
            throw notCancellable(id, batch.get().path("status").asText());
        }
        synchronized (tracker) {
            String status = tracker.status();
            if (!"in_progress".equals(status) && !"validating".equals(status)) {
                throw notCancellable(id, status);
            }
            long now = clock.instant().getEpochSecond();
            tracker.update(b -> b.put("status", "cancelling").put("cancelling_at", now));
        }
        BatchSubmission submission = submitting.get(key(tenant, id));
        if (submission != null) {
            submission.stop();
        }
        // The router and the executors stop the batch's waiting requests only once they read this.
        try {
            tracker.publishNow().get(PUBLISH_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            throw new ApiException(
                    503,
                    "server_error",
                    "cancel_not_published",
                    null,
                    "The cancel of batch " + id + " could not be published to Kafka; requests already sent may still"
                            + " run. Retry the cancel");
        }
        finishIfDone(tracker);
        return Optional.of(tracker.snapshot());
    }

    private static ApiException notCancellable(String id, String status) {
        return new ApiException(
                409,
                "invalid_request_error",
                "batch_not_cancellable",
                null,
                "Batch " + id + " is " + status + "; only a validating or in-progress batch can be cancelled");
    }

    private void finishQuietly(BatchTracker tracker) {
        try {
            finishIfDone(tracker);
        } catch (IOException | RuntimeException e) {
            LOG.error("Finishing batch {} of tenant {} failed", tracker.batchId, tracker.tenant, e);
        }
    }

    /** Writes the files and ends the batch once every request sent has its result. */
    private void finishIfDone(BatchTracker tracker) throws IOException {
        synchronized (tracker) {
            String status = tracker.status();
            boolean cancelling = "cancelling".equals(status);
            if (!(cancelling || "in_progress".equals(status) || "finalizing".equals(status)) || !tracker.allDone()) {
                return;
            }
            long now = clock.instant().getEpochSecond();
            if (!cancelling) {
                tracker.update(b -> b.put("status", "finalizing").put("finalizing_at", now));
            }
            BatchResultFiles.Written written = BatchResultFiles.write(tracker, tracker.spool());
            String output = commit(tracker, written.output(), "output");
            String error = commit(tracker, written.errors(), "error");
            Map<String, Integer> outcomes = tracker.spool().outcomes();
            int budget = outcomes.getOrDefault(ReasonCodes.BUDGET_EXCEEDED, 0);
            if (budget > 0) {
                tracker.addError(
                        "budget_exceeded",
                        budget + " requests were not run: tenant " + tracker.tenant + "'s budget did not cover them"
                                + " (BUDGET_EXCEEDED in the error file); nothing beyond the budget was spent");
            }
            int late = outcomes.getOrDefault(ReasonCodes.DEADLINE_EXCEEDED, 0);
            if (late > 0) {
                tracker.addError(
                        "deadline_exceeded",
                        late + " requests could not be served within the completion window (DEADLINE_EXCEEDED in the"
                                + " error file)");
            }
            String end = cancelling ? "cancelled" : "completed";
            tracker.update(b -> b.put("output_file_id", output)
                    .put("error_file_id", error)
                    .put("status", end)
                    .put(end + "_at", now));
            active.remove(key(tracker.tenant, tracker.batchId));
            tracker.close();
            LOG.info("Batch {} of tenant {} {}", tracker.batchId, tracker.tenant, end);
        }
    }

    private String commit(BatchTracker tracker, Path temp, String kind) throws IOException {
        if (temp == null) {
            return null;
        }
        Path staged = files.newTemp(tracker.tenant);
        Files.move(temp, staged, StandardCopyOption.REPLACE_EXISTING);
        return files.commit(
                        tracker.tenant, staged, tracker.batchId + "_" + kind + ".jsonl", FileStore.PURPOSE_BATCH_OUTPUT)
                .get("id")
                .asText();
    }

    private CompletableFuture<Void> publish(BatchState state) {
        return states.apply(state).whenComplete((ok, error) -> {
            if (error != null) {
                LOG.warn(
                        "Publishing the state of batch {} of tenant {} failed: {}",
                        state.getBatchId(),
                        state.getTenantId(),
                        error.toString());
            }
        });
    }

    private static List<ObjectNode> readAll(Path dir) throws IOException {
        List<ObjectNode> batches = new ArrayList<>();
        try (DirectoryStream<Path> jsons = Files.newDirectoryStream(dir, "batch_*.json")) {
            for (Path json : jsons) {
                batches.add(Json.readObject(json));
            }
        }
        return batches;
    }

    private Path tenantDir(String tenant) {
        return root.resolve(tenant);
    }

    private static String key(String tenant, String batchId) {
        return tenant + "/" + batchId;
    }

    /** Stops the submission threads; what they sent is checkpointed and resumes on restart. */
    @Override
    public void close() {
        jobs.shutdownNow();
        try {
            jobs.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static java.util.concurrent.ThreadFactory daemonThreads() {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, "routeplane-api-batch-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    /** Configures a {@link BatchService}. */
    public static final class Builder {
        private final Path root;
        private final FileStore files;
        private final Function<RouteRequest, CompletableFuture<Void>> send;
        private SubmissionPacer pacer;
        private Function<BatchState, CompletableFuture<Void>> states = s -> CompletableFuture.completedFuture(null);
        private BooleanSupplier resultsCaughtUp = () -> true;
        private Duration retryPause = Duration.ofSeconds(5);
        private Clock clock = Clock.systemUTC();
        private ExecutorService jobs;

        private Builder(Path root, FileStore files, Function<RouteRequest, CompletableFuture<Void>> send) {
            this.root = root;
            this.files = files;
            this.send = send;
        }

        /** Paces submission to the router; without one, requests are sent as fast as Kafka takes them. */
        public Builder pacer(SubmissionPacer pacer) {
            this.pacer = pacer;
            return this;
        }

        /** Publishes batch states on {@code rp.batches.v1}; without it nothing is published. */
        public Builder states(Function<BatchState, CompletableFuture<Void>> states) {
            this.states = states;
            return this;
        }

        /** Whether the result index has read the results already in; a resumed batch waits for it. */
        public Builder resultsCaughtUp(BooleanSupplier caughtUp) {
            this.resultsCaughtUp = caughtUp;
            return this;
        }

        /** How long to wait before sending again when Kafka did not acknowledge a request; default 5 s. */
        public Builder retryPause(Duration pause) {
            this.retryPause = pause;
            return this;
        }

        public Builder clock(Clock clock) {
            this.clock = clock;
            return this;
        }

        /** Runs submissions on this executor (tests pass one that runs them at once); default: a thread each. */
        public Builder jobs(ExecutorService jobs) {
            this.jobs = jobs;
            return this;
        }

        public BatchService build() {
            return new BatchService(this);
        }
    }
}
