package dev.routeplane.api.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.routeplane.contract.ExecutionResult;
import dev.routeplane.contract.ResultStatus;
import dev.routeplane.openai.BatchOutputWriter;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * One batch that is not finished yet: its Batch object and the results that arrived for it, spooled to
 * {@code <batchId>.results.jsonl} as they come so that neither memory nor the result index's bounds limit a
 * batch. On restart the spool is read back, and results it lacks are delivered again by the index, which
 * re-reads the results topic from the beginning; a result already spooled is ignored.
 *
 * <p>Files next to {@code <batchId>.json}: {@code .requests.jsonl} (accepted lines in input order:
 * {@code {"line", "custom_id"}}), {@code .rejected.jsonl} (malformed lines), {@code .results.jsonl} (the
 * spool: {@code {"custom_id", "ok", "output"}}, output being the OpenAI batch output line).
 *
 * <p>All methods synchronize on the tracker; the batch object is only changed under that lock.
 */
final class BatchTracker {
    final String tenant;
    final String batchId;
    final Path dir;
    private final ObjectNode batch;
    private final Set<String> done = new HashSet<>();
    private long succeeded;
    private long failedResults;
    private long accepted;
    private long rejected;
    private Writer spool;

    BatchTracker(String tenant, Path dir, ObjectNode batch) {
        this.tenant = tenant;
        this.dir = dir;
        this.batch = batch;
        this.batchId = batch.get("id").asText();
        JsonNode counts = batch.path("routeplane");
        this.accepted = counts.path("accepted_lines").asLong();
        this.rejected = counts.path("malformed_lines").asLong();
    }

    /** Reads back the spool of a batch that was in progress when the API stopped. */
    synchronized void reload() throws IOException {
        Path spoolFile = path(".results.jsonl");
        if (!Files.exists(spoolFile)) {
            return;
        }
        try (BufferedReader in = Files.newBufferedReader(spoolFile, StandardCharsets.UTF_8)) {
            String line;
            while ((line = in.readLine()) != null) {
                if (line.isBlank()) {
                    continue;
                }
                JsonNode entry;
                try {
                    entry = Json.MAPPER.readTree(line);
                } catch (IOException e) {
                    break; // a line cut off by a crash: the index delivers that result again
                }
                if (done.add(entry.path("custom_id").asText())) {
                    count(entry.path("ok").asBoolean());
                }
            }
        }
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
        if (!done.add(customId)) {
            return;
        }
        boolean ok = result.getStatus() == ResultStatus.SUCCEEDED;
        ObjectNode output = BatchOutputWriter.toOutputLine(result);
        output.put("custom_id", customId); // OpenAI clients match on their own id; request_id keeps ours
        ObjectNode entry = Json.object().put("custom_id", customId).put("ok", ok);
        entry.set("output", output);
        if (spool == null) {
            spool = Files.newBufferedWriter(
                    path(".results.jsonl"),
                    StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
        }
        spool.write(Json.MAPPER.writeValueAsString(entry));
        spool.write('\n');
        spool.flush(); // no fsync: after a crash the index re-delivers what the OS lost
        count(ok);
    }

    private void count(boolean ok) {
        if (ok) {
            succeeded++;
        } else {
            failedResults++;
        }
    }

    synchronized void setLineCounts(long accepted, long rejected) {
        this.accepted = accepted;
        this.rejected = rejected;
        batch.putObject("routeplane").put("accepted_lines", accepted).put("malformed_lines", rejected);
        updateCounts();
    }

    /** Whether every submitted request has its result. */
    synchronized boolean allDone() {
        return done.size() >= accepted;
    }

    /** The Batch object with current counts; a copy, safe to serialise outside the lock. */
    synchronized ObjectNode snapshot() {
        updateCounts();
        return batch.deepCopy();
    }

    /** Changes the batch under the lock and persists it. */
    synchronized void update(java.util.function.Consumer<ObjectNode> change) throws IOException {
        change.accept(batch);
        updateCounts();
        Json.writeAtomically(path(".json"), batch);
    }

    synchronized String status() {
        return batch.path("status").asText();
    }

    private void updateCounts() {
        batch.putObject("request_counts")
                .put("total", accepted + rejected)
                .put("completed", succeeded)
                .put("failed", failedResults + rejected);
    }

    /**
     * Writes the output file (succeeded requests) and the error file (malformed lines and requests that did
     * not succeed), both in input line order, and closes the spool. Returns the two temporary files
     * (null when a file would be empty) for the caller to commit to the file store.
     */
    synchronized Path[] writeResultFiles() throws IOException {
        if (spool != null) {
            spool.close();
            spool = null;
        }
        Map<String, String> outputs = new HashMap<>();
        Map<String, Boolean> oks = new HashMap<>();
        Path spoolFile = path(".results.jsonl");
        if (Files.exists(spoolFile)) {
            for (String line : Files.readAllLines(spoolFile, StandardCharsets.UTF_8)) {
                if (!line.isBlank()) {
                    JsonNode entry = Json.MAPPER.readTree(line);
                    String id = entry.path("custom_id").asText();
                    outputs.putIfAbsent(id, entry.get("output").toString());
                    oks.putIfAbsent(id, entry.path("ok").asBoolean());
                }
            }
        }
        Path out = path(".output.tmp");
        Path err = path(".error.tmp");
        long outLines = 0;
        long errLines = 0;
        try (BufferedWriter output = Files.newBufferedWriter(out, StandardCharsets.UTF_8);
                BufferedWriter errors = Files.newBufferedWriter(err, StandardCharsets.UTF_8);
                LineCursor requests = new LineCursor(path(".requests.jsonl"));
                LineCursor malformed = new LineCursor(path(".rejected.jsonl"))) {
            while (requests.peek() != null || malformed.peek() != null) {
                boolean takeRequest =
                        malformed.peek() == null || (requests.peek() != null && requests.line() < malformed.line());
                if (takeRequest) {
                    String id = requests.next().path("custom_id").asText();
                    String line = outputs.get(id);
                    if (line != null) { // absent only when cancelled before the result came
                        (oks.get(id) ? output : errors).write(line + "\n");
                        outLines += oks.get(id) ? 1 : 0;
                        errLines += oks.get(id) ? 0 : 1;
                    }
                } else {
                    JsonNode error = malformed.next();
                    ObjectNode line = Json.object().put("id", Ids.next("batch_req_"));
                    line.set("custom_id", error.get("custom_id"));
                    line.putNull("response");
                    line.set("error", error);
                    errors.write(Json.MAPPER.writeValueAsString(line) + "\n");
                    errLines++;
                }
            }
        }
        return new Path[] {keepIfNotEmpty(out, outLines), keepIfNotEmpty(err, errLines)};
    }

    private static Path keepIfNotEmpty(Path file, long lines) throws IOException {
        if (lines == 0) {
            Files.deleteIfExists(file);
            return null;
        }
        return file;
    }

    Path path(String suffix) {
        return dir.resolve(batchId + suffix);
    }

    /** Reads a JSONL file of objects with a "line" field one at a time, with one object of look-ahead. */
    private static final class LineCursor implements AutoCloseable {
        private final BufferedReader in;
        private JsonNode next;

        LineCursor(Path file) throws IOException {
            this.in = Files.exists(file) ? Files.newBufferedReader(file, StandardCharsets.UTF_8) : null;
            advance();
        }

        JsonNode peek() {
            return next;
        }

        long line() {
            return next.path("line").asLong();
        }

        JsonNode next() throws IOException {
            JsonNode current = next;
            advance();
            return current;
        }

        private void advance() throws IOException {
            next = null;
            String line;
            while (in != null && (line = in.readLine()) != null) {
                if (!line.isBlank()) {
                    next = Json.MAPPER.readTree(line);
                    return;
                }
            }
        }

        @Override
        public void close() throws IOException {
            if (in != null) {
                in.close();
            }
        }
    }
}
