package dev.routeplane.cli;

import dev.routeplane.client.BatchProgress;
import dev.routeplane.client.BatchResultSpool;
import dev.routeplane.client.TopicFollower;
import dev.routeplane.contract.ExecutionResult;
import dev.routeplane.contract.ResultStatus;
import dev.routeplane.openai.BatchOutputWriter;
import dev.routeplane.openai.ChatCompletionJson;
import dev.routeplane.schemas.RouteplaneSerdes;
import dev.routeplane.schemas.Topics;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * {@code submit --wait}: follows the results topic from the batch's creation, spools each result of the batch as it
 * comes (memory stays bounded by the number of requests, not their outputs), shows the batch's progress, and writes
 * the results in input order in the OpenAI Batch output format.
 */
final class BatchResultsWait {
    /** Results are read from a little before the batch's creation: clocks of two machines may disagree. */
    private static final Duration CLOCK_SKEW = Duration.ofMinutes(5);

    private final Map<String, Object> kafka;
    private final Topics topics;
    private final RouteplaneSerdes serdes;
    private final String batchId;
    private final String tenant;
    private final BatchResultSpool spool;

    BatchResultsWait(
            Map<String, Object> kafka,
            Topics topics,
            RouteplaneSerdes serdes,
            String batchId,
            String tenant,
            BatchResultSpool spool) {
        this.kafka = kafka;
        this.topics = topics;
        this.serdes = serdes;
        this.batchId = batchId;
        this.tenant = tenant;
        this.spool = spool;
    }

    /** @return true if every request of the batch had its result before {@code timeout} */
    boolean follow(Instant createdAt, Duration timeout, PrintWriter err) throws Exception {
        if (spool.expected() == 0) {
            return true;
        }
        BatchProgress progress = new BatchProgress(spool.expected(), Clock.systemUTC());
        try (TopicFollower results = TopicFollower.builder(kafka, "routeplane-submit-wait")
                        .follow(topics.results().name(), serdes.decoder(topics.results()), this::record)
                        .from(createdAt.minus(CLOCK_SKEW))
                        .build()
                        .start();
                BatchProgressDisplay display = BatchProgressDisplay.of(
                        progress, System.console() != null, System.err, err, Duration.ofSeconds(10))) {
            results.awaitAssigned(Duration.ofSeconds(15));
            long deadline = System.nanoTime() + timeout.toNanos();
            while (spool.recorded() < spool.expected()) {
                display.update(spool.succeeded(), spool.failed());
                if (System.nanoTime() - deadline >= 0) {
                    return false;
                }
                Thread.sleep(200);
            }
            display.update(spool.succeeded(), spool.failed());
            return true;
        }
    }

    private void record(ExecutionResult result) {
        if (!batchId.equals(result.getBatchId()) || (tenant != null && !tenant.equals(result.getTenantId()))) {
            return;
        }
        boolean ok = result.getStatus() == ResultStatus.SUCCEEDED;
        try {
            spool.record(
                    result.getRequestId(),
                    ok,
                    ok ? ResultStatus.SUCCEEDED.name() : ChatCompletionJson.errorCode(result),
                    BatchOutputWriter.toOutputLine(result).toString());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot spool a result of batch " + batchId, e);
        }
    }

    /** Writes every result collected, in input order, to {@code out} (standard output when null). */
    void write(Path out, PrintWriter stdout) throws IOException {
        Writer target = out == null ? stdout : Files.newBufferedWriter(out, StandardCharsets.UTF_8);
        try {
            spool.forEachInOrder((line, id, recorded, ok, output) -> {
                if (recorded) {
                    target.write(output);
                    target.write('\n');
                }
            });
        } finally {
            if (out == null) {
                target.flush(); // standard output stays open
            } else {
                target.close();
            }
        }
    }
}
