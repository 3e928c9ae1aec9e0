package dev.routeplane.openai;

import static org.assertj.core.api.Assertions.assertThat;

import dev.routeplane.contract.RouteRequest;
import java.io.BufferedWriter;
import java.io.IOException;
import java.lang.ref.WeakReference;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A large file streams through: requests are not retained and the heap does not grow with the file. */
class BatchInputParserLargeFileTest {
    private static final int LINES = 100_000;
    private static final long MB = 1024 * 1024;

    @Test
    void parsesAHundredThousandLinesWithoutRetainingThem(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("big.jsonl");
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            for (int i = 1; i <= LINES; i++) {
                out.write("{\"custom_id\": \"request-" + i
                        + "\", \"method\": \"POST\", \"url\": \"/v1/chat/completions\","
                        + " \"body\": {\"model\": \"auto\", \"max_tokens\": 64, \"messages\": [{\"role\": \"user\","
                        + " \"content\": \"Classify ticket " + i + " as billing, bug or other. " + "padding ".repeat(40)
                        + "\"}]}}\n");
            }
        }
        long fileBytes = Files.size(file);
        MemoryProbe probe = new MemoryProbe();

        BatchParseSummary summary =
                new BatchInputParser(BatchInputOptions.of("acme", "big"), BatchFixtures.CLOCK).parse(file, probe);

        assertThat(summary.accepted()).isEqualTo(LINES);
        assertThat(summary.rejected()).isZero();
        assertThat(probe.count).isEqualTo(LINES);
        assertThat(probe.firstRequest.get())
                .as("the first request is garbage once handed over")
                .isNull();
        // Growth between line 10,000 and the last line: the id fingerprints (a few MB), never the file's content.
        assertThat(fileBytes).isGreaterThan(40 * MB);
        assertThat(probe.usedAtEnd - probe.usedAtTenThousand).isLessThan(16 * MB);
    }

    /** Counts requests and samples the live heap, holding nothing but a weak reference. */
    private static final class MemoryProbe implements BatchSink {
        long count;
        WeakReference<RouteRequest> firstRequest;
        long usedAtTenThousand;
        long usedAtEnd;

        @Override
        public void accept(long lineNumber, RouteRequest request) {
            count++;
            if (count == 1) {
                firstRequest = new WeakReference<>(request);
            } else if (count == 10_000) {
                usedAtTenThousand = liveHeap();
            } else if (count == LINES) {
                usedAtEnd = liveHeap();
            }
        }

        @Override
        public void reject(BatchLineError error) {
            throw new AssertionError("unexpected error: " + error);
        }

        private static long liveHeap() {
            Runtime runtime = Runtime.getRuntime();
            for (int i = 0; i < 3; i++) {
                System.gc();
            }
            return runtime.totalMemory() - runtime.freeMemory();
        }
    }
}
