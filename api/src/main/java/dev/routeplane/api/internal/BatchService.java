package dev.routeplane.api.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.routeplane.contract.ExecutionResult;
import dev.routeplane.contract.RouteRequest;
import dev.routeplane.openai.BatchErrorWriter;
import dev.routeplane.openai.BatchInputOptions;
import dev.routeplane.openai.BatchInputParser;
import dev.routeplane.openai.BatchLineError;
import dev.routeplane.openai.BatchParseSummary;
import dev.routeplane.openai.BatchSink;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * OpenAI Batches on Routeplane. Creating a batch parses its input file with {@link BatchInputParser}, submits
 * every valid line as a request with requestId {@code <batchId>:<custom_id>} (so custom_ids need only be
 * unique within a file, as in OpenAI's API, and two batches never collide), and records malformed lines.
 * Status: {@code validating} while submitting, then {@code in_progress}, then {@code completed} once every
 * submitted request has a terminal result (output and error files are written then), {@code failed} when no
 * line was valid or submission failed, {@code cancelled} after a cancel (requests already submitted still
 * run; only waiting stops). The 24 h completion window is recorded, not enforced.
 *
 * <p>Batch objects are JSON files under {@code <root>/<tenant>/}, so a restart keeps them; a batch caught
 * in {@code validating} by a restart is marked failed (create it again). One API process owns a data
 * directory: two processes on the same one would both write it.
 */
public final class BatchService {
    public static final String ENDPOINT = "/v1/chat/completions";
    public static final String WINDOW = "24h";
    private static final Logger LOG = LoggerFactory.getLogger(BatchService.class);
    private static final Pattern TENANT = Pattern.compile("[a-z0-9-]{1,64}");
    private static final int MAX_ERRORS_IN_OBJECT = 100;
    private static final Duration SUBMIT_TIMEOUT = Duration.ofMinutes(2);

    private final Path root;
    private final FileStore files;
    private final Function<RouteRequest, CompletableFuture<Void>> submit;
    private final Clock clock;
    private final Map<String, BatchTracker> active = new ConcurrentHashMap<>();

    public BatchService(
            Path root, FileStore files, Function<RouteRequest, CompletableFuture<Void>> submit, Clock clock) {
        this.root = root;
        this.files = files;
        this.submit = submit;
        this.clock = clock;
    }

    /** Loads persisted batches: unfinished ones are tracked again, interrupted validations fail. */
    public void load() throws IOException {
        if (!Files.isDirectory(root)) {
            return;
        }
        try (DirectoryStream<Path> tenants = Files.newDirectoryStream(root)) {
            for (Path dir : tenants) {
                if (!Files.isDirectory(dir)) {
                    continue;
                }
                for (ObjectNode batch : readAll(dir)) {
                    BatchTracker tracker = new BatchTracker(dir.getFileName().toString(), dir, batch);
                    switch (batch.path("status").asText()) {
                        case "validating" ->
                            tracker.update(b -> fail(
                                    b,
                                    "interrupted",
                                    "The API stopped while this batch was" + " being submitted; create the batch again",
                                    clock.instant().getEpochSecond()));
                        case "in_progress", "finalizing" -> {
                            tracker.reload();
                            active.put(key(tracker.tenant, tracker.batchId), tracker);
                        }
                        default -> {}
                    }
                }
            }
        }
    }

    /** Feeds a result to its batch, if it belongs to one this service tracks. Called on the index thread. */
    public void onResult(ExecutionResult result) {
        if (result.getBatchId() == null) {
            return;
        }
        BatchTracker tracker = active.get(key(result.getTenantId(), result.getBatchId()));
        if (tracker != null) {
            try {
                tracker.onResult(result);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot spool a result of batch " + tracker.batchId, e);
            }
        }
    }

    /** Creates a batch from an uploaded file: parses, submits, returns the Batch object. */
    public ObjectNode create(String tenant, String inputFileId, ObjectNode metadata) throws IOException {
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
        batch.put("input_file_id", inputFileId).put("completion_window", WINDOW).put("status", "validating");
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
        batch.put("expires_at", now + Duration.ofHours(24).toSeconds());
        batch.set("metadata", metadata);
        BatchTracker tracker = new BatchTracker(tenant, dir, batch);
        tracker.setLineCounts(0, 0);
        tracker.update(b -> {});
        active.put(key(tenant, id), tracker); // before submitting: a result may come back before parsing ends
        try {
            submitLines(tracker, input);
        } catch (IOException | RuntimeException e) {
            active.remove(key(tenant, id));
            tracker.update(b -> fail(
                    b,
                    "internal_error",
                    "The batch could not be read or submitted (" + e.getClass().getSimpleName() + "); create it again",
                    clock.instant().getEpochSecond()));
            throw e;
        }
        return refresh(tracker);
    }

    private void submitLines(BatchTracker tracker, Path input) throws IOException {
        List<CompletableFuture<Void>> acks = new ArrayList<>();
        ArrayNode errors = Json.NODES.arrayNode();
        BatchParseSummary summary;
        try (BufferedWriter requests =
                        Files.newBufferedWriter(tracker.path(".requests.jsonl"), StandardCharsets.UTF_8);
                BatchErrorWriter rejected = new BatchErrorWriter(
                        Files.newBufferedWriter(tracker.path(".rejected.jsonl"), StandardCharsets.UTF_8))) {
            BatchParser sink = new BatchParser(tracker, requests, rejected, acks, errors);
            summary = new BatchInputParser(BatchInputOptions.of(tracker.tenant, tracker.batchId), clock)
                    .parse(input, sink);
        }
        tracker.setLineCounts(summary.accepted(), summary.rejected());
        String failure = awaitAcks(acks);
        long now = clock.instant().getEpochSecond();
        tracker.update(b -> {
            if (!errors.isEmpty()) {
                b.putObject("errors").put("object", "list").set("data", errors);
            }
            if (failure != null) {
                fail(b, "submission_failed", failure, now);
            } else if (summary.accepted() == 0) {
                fail(
                        b,
                        summary.lines() == 0 ? "empty_file" : "no_valid_lines",
                        summary.lines() == 0
                                ? "The input file has no lines"
                                : "No line of the input file is a valid request; see errors",
                        now);
            } else {
                b.put("status", "in_progress").put("in_progress_at", now);
            }
        });
        LOG.info(
                "Batch {} of tenant {}: {} requests submitted, {} malformed lines",
                tracker.batchId,
                tracker.tenant,
                summary.accepted(),
                summary.rejected());
    }

    private static String awaitAcks(List<CompletableFuture<Void>> acks) {
        try {
            CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new))
                    .get(SUBMIT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            return null;
        } catch (ExecutionException e) {
            return "Kafka did not accept every request ("
                    + e.getCause().getClass().getSimpleName()
                    + "); requests already accepted still run. Create the batch again once Kafka is reachable";
        } catch (TimeoutException e) {
            return "Kafka did not acknowledge every request within " + SUBMIT_TIMEOUT.toSeconds() + " s";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted while submitting";
        }
    }

    /** The Batch object, moved on to completed once every result is in. Another tenant's id is not found. */
    public Optional<ObjectNode> get(String tenant, String id) throws IOException {
        if (!Ids.isBatchId(id) || !TENANT.matcher(tenant).matches()) {
            return Optional.empty();
        }
        BatchTracker tracker = active.get(key(tenant, id));
        if (tracker != null) {
            return Optional.of(refresh(tracker));
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
     * Cancels an in-progress batch: waiting stops and the files are written with the results so far.
     * Requests already on Kafka cannot be recalled; they still run and are billed.
     */
    public Optional<ObjectNode> cancel(String tenant, String id) throws IOException {
        Optional<ObjectNode> batch = get(tenant, id);
        BatchTracker tracker = active.get(key(tenant, id));
        if (batch.isEmpty() || tracker == null) {
            return batch.map(b -> {
                throw new ApiException(
                        409,
                        "invalid_request_error",
                        "batch_not_cancellable",
                        null,
                        "Batch " + id + " is " + b.path("status").asText() + " and cannot be cancelled");
            });
        }
        synchronized (tracker) {
            if (!"in_progress".equals(tracker.status())) {
                throw new ApiException(
                        409,
                        "invalid_request_error",
                        "batch_not_cancellable",
                        null,
                        "Batch " + id + " is " + tracker.status() + "; only an in-progress batch can be cancelled");
            }
            long now = clock.instant().getEpochSecond();
            tracker.update(b -> b.put("status", "cancelling").put("cancelling_at", now));
            finish(tracker, "cancelled", "cancelled_at");
        }
        return Optional.of(tracker.snapshot());
    }

    private ObjectNode refresh(BatchTracker tracker) throws IOException {
        synchronized (tracker) {
            if ("in_progress".equals(tracker.status()) && tracker.allDone() || "finalizing".equals(tracker.status())) {
                tracker.update(b -> b.put("status", "finalizing")
                        .put("finalizing_at", clock.instant().getEpochSecond()));
                finish(tracker, "completed", "completed_at");
            }
            if (!"in_progress".equals(tracker.status()) && !"validating".equals(tracker.status())) {
                active.remove(key(tracker.tenant, tracker.batchId));
            }
            return tracker.snapshot();
        }
    }

    private void finish(BatchTracker tracker, String status, String timeField) throws IOException {
        Path[] written = tracker.writeResultFiles();
        String output = commit(tracker, written[0], "output");
        String error = commit(tracker, written[1], "error");
        long now = clock.instant().getEpochSecond();
        tracker.update(b -> b.put("output_file_id", output)
                .put("error_file_id", error)
                .put("status", status)
                .put(timeField, now));
        active.remove(key(tracker.tenant, tracker.batchId));
        LOG.info("Batch {} of tenant {} {}", tracker.batchId, tracker.tenant, status);
    }

    private String commit(BatchTracker tracker, Path temp, String kind) throws IOException {
        if (temp == null) {
            return null;
        }
        Path staged = files.newTemp(tracker.tenant);
        Files.move(temp, staged, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        return files.commit(
                        tracker.tenant, staged, tracker.batchId + "_" + kind + ".jsonl", FileStore.PURPOSE_BATCH_OUTPUT)
                .get("id")
                .asText();
    }

    private static void fail(ObjectNode batch, String code, String message, long now) {
        batch.put("status", "failed").put("failed_at", now);
        JsonNode errors = batch.get("errors");
        ArrayNode data = errors != null && errors.isObject()
                ? (ArrayNode) errors.get("data")
                : batch.putObject("errors").put("object", "list").putArray("data");
        data.insertObject(0)
                .put("code", code)
                .put("message", message)
                .putNull("param")
                .putNull("line");
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

    /** Submits accepted lines and records malformed ones while the parser reads the file. */
    private final class BatchParser implements BatchSink {
        private final BatchTracker tracker;
        private final BufferedWriter requests;
        private final BatchErrorWriter rejected;
        private final List<CompletableFuture<Void>> acks;
        private final ArrayNode errors;

        BatchParser(
                BatchTracker tracker,
                BufferedWriter requests,
                BatchErrorWriter rejected,
                List<CompletableFuture<Void>> acks,
                ArrayNode errors) {
            this.tracker = tracker;
            this.requests = requests;
            this.rejected = rejected;
            this.acks = acks;
            this.errors = errors;
        }

        @Override
        public void accept(long lineNumber, RouteRequest request) {
            String customId = request.getRequestId();
            try {
                requests.write(Json.MAPPER.writeValueAsString(
                        Json.object().put("line", lineNumber).put("custom_id", customId)));
                requests.write('\n');
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            RouteRequest prefixed = RouteRequest.newBuilder(request)
                    .setRequestId(tracker.requestIdPrefix() + customId)
                    .build();
            acks.add(submit.apply(prefixed));
        }

        @Override
        public void reject(BatchLineError error) {
            try {
                rejected.write(error);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            if (errors.size() < MAX_ERRORS_IN_OBJECT) {
                ObjectNode json = BatchErrorWriter.toJson(error);
                json.remove("custom_id"); // the Batch object's errors.data has code, message, param, line
                errors.add(json);
            }
        }
    }
}
