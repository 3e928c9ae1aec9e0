package dev.routeplane.api.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.routeplane.client.BatchResultSpool;
import dev.routeplane.schemas.ReasonCodes;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes a finished batch's output file (requests that succeeded) and error file (malformed lines, requests that did
 * not succeed, and requests a cancel stopped before they were sent), both in input line order, streaming: one line of
 * each source is in memory at a time, whatever the batch's size. Every input line ends in exactly one of the two
 * files.
 */
final class BatchResultFiles {
    private BatchResultFiles() {}

    /** The two temporary files; null where a file would be empty. */
    record Written(Path output, Path errors) {}

    static Written write(BatchTracker tracker, BatchResultSpool spool) throws IOException {
        Path out = tracker.path(".output.tmp");
        Path err = tracker.path(".error.tmp");
        long[] written = new long[2];
        try (BufferedWriter output = Files.newBufferedWriter(out, StandardCharsets.UTF_8);
                BufferedWriter errors = Files.newBufferedWriter(err, StandardCharsets.UTF_8);
                Malformed malformed = new Malformed(tracker.path(".rejected.jsonl"))) {
            spool.forEachInOrder((line, id, recorded, ok, text) -> {
                while (malformed.peekLine() >= 0 && malformed.peekLine() < line) {
                    errors.write(malformed.next());
                    written[1]++;
                }
                if (recorded) {
                    (ok ? output : errors).write(text + "\n");
                    written[ok ? 0 : 1]++;
                } else {
                    errors.write(notRun(id) + "\n");
                    written[1]++;
                }
            });
            while (malformed.peekLine() >= 0) {
                errors.write(malformed.next());
                written[1]++;
            }
        }
        return new Written(keepIfNotEmpty(out, written[0]), keepIfNotEmpty(err, written[1]));
    }

    /** The error line of a request a cancel stopped before it was sent. */
    private static String notRun(String customId) throws IOException {
        ObjectNode line = Json.object().put("id", Ids.next("batch_req_")).put("custom_id", customId);
        line.putNull("response");
        line.putObject("error")
                .put("code", ReasonCodes.CANCELLED)
                .put(
                        "message",
                        "The batch was cancelled before this request was sent; it did not run and was not" + " billed");
        return Json.MAPPER.writeValueAsString(line);
    }

    private static Path keepIfNotEmpty(Path file, long lines) throws IOException {
        if (lines == 0) {
            Files.deleteIfExists(file);
            return null;
        }
        return file;
    }

    /** The malformed lines, in line order, one at a time, as error-file lines. */
    private static final class Malformed implements AutoCloseable {
        private final BufferedReader in;
        private JsonNode next;

        Malformed(Path file) throws IOException {
            this.in = Files.exists(file) ? Files.newBufferedReader(file, StandardCharsets.UTF_8) : null;
            advance();
        }

        long peekLine() {
            return next == null ? -1 : next.path("line").asLong();
        }

        String next() throws IOException {
            ObjectNode line = Json.object().put("id", Ids.next("batch_req_"));
            line.set("custom_id", next.get("custom_id"));
            line.putNull("response");
            line.set("error", next);
            advance();
            return Json.MAPPER.writeValueAsString(line) + "\n";
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
