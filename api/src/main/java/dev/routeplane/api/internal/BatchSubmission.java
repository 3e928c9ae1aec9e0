package dev.routeplane.api.internal;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.routeplane.client.BatchResultSpool;
import dev.routeplane.client.PacedSubmission;
import dev.routeplane.client.SubmissionPacer;
import dev.routeplane.contract.RouteRequest;
import dev.routeplane.openai.BatchErrorWriter;
import dev.routeplane.openai.BatchInputOptions;
import dev.routeplane.openai.BatchInputParser;
import dev.routeplane.openai.BatchLineError;
import dev.routeplane.openai.BatchParseSummary;
import dev.routeplane.openai.BatchSink;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads one batch's input file and sends its requests, on its own thread. First a validation pass: every line is
 * parsed, malformed ones are written to the rejected file (and the first hundred to the Batch object), the accepted
 * ones become the batch's index in input order; a batch with no valid line or more than {@value #MAX_LINES} lines
 * fails. Then the submission pass reads the file again and sends each accepted request, paced so that the router
 * never has more than a small window of them waiting on the tenant's partition ({@link SubmissionPacer}).
 *
 * <p>Every request is {@code <batchId>:<custom_id>}, submitted at the batch's creation and due within its completion
 * window. How far submission got is checkpointed about once a second; after a restart it resumes after the last
 * checkpoint, skipping requests whose results are already in (the router refuses any request it routed before, so
 * a request is never run twice). A send Kafka could not acknowledge in time is retried from the checkpoint after a
 * pause; a request Kafka can never take (too large for the broker) gets an error line of its own. A cancel stops the
 * pass between two requests.
 */
final class BatchSubmission implements Runnable {
    /** OpenAI's limit on requests in one batch input file. */
    static final int MAX_LINES = 50_000;

    private static final Logger LOG = LoggerFactory.getLogger(BatchSubmission.class);
    private static final int MAX_ERRORS_IN_OBJECT = 100;

    /** What the submission tells the service. */
    interface Outcome {
        /** Validation failed; the batch is failed. */
        void failed(BatchTracker tracker, String code, String message) throws IOException;

        /** Validation passed: the batch is in progress. */
        void validated(BatchTracker tracker) throws IOException;

        /** Submission ended (every line sent, or stopped by a cancel). */
        void submitted(BatchTracker tracker) throws IOException;
    }

    private final BatchTracker tracker;
    private final Path input;
    private final Function<RouteRequest, CompletableFuture<Void>> send;
    private final SubmissionPacer pacer;
    private final Duration retryPause;
    private final Outcome outcome;
    private volatile boolean stopped;
    private volatile Thread thread;
    private volatile PacedSubmission pass;

    BatchSubmission(
            BatchTracker tracker,
            Path input,
            Function<RouteRequest, CompletableFuture<Void>> send,
            SubmissionPacer pacer,
            Duration retryPause,
            Outcome outcome) {
        this.tracker = tracker;
        this.input = input;
        this.send = send;
        this.pacer = pacer;
        this.retryPause = retryPause;
        this.outcome = outcome;
    }

    /** Stops sending (a cancel), also while waiting for the router; what was sent stays sent. */
    void stop() {
        stopped = true;
        PacedSubmission current = pass;
        if (current != null) {
            current.stop();
        }
        Thread running = thread;
        if (running != null) {
            running.interrupt();
        }
    }

    @Override
    public void run() {
        thread = Thread.currentThread();
        try {
            if ("validating".equals(tracker.status()) && !validate()) {
                return;
            }
            while (!submitFromCheckpoint()) {
                Thread.sleep(retryPause.toMillis());
            }
            outcome.submitted(tracker);
        } catch (InterruptedException e) {
            if (stopped) {
                finishStopped();
            } else {
                Thread.currentThread().interrupt();
                LOG.info(
                        "Submission of batch {} of tenant {} interrupted; it resumes on restart",
                        tracker.batchId,
                        tracker.tenant);
            }
        } catch (IOException | RuntimeException e) {
            LOG.error("Submission of batch {} of tenant {} failed", tracker.batchId, tracker.tenant, e);
            try {
                outcome.failed(
                        tracker,
                        "internal_error",
                        "The batch could not be read or submitted ("
                                + e.getClass().getSimpleName() + "); create it again");
            } catch (IOException ignored) {
                // the batch object could not be written either; the log says why
            }
        }
    }

    /** A cancel interrupted the pass: what Kafka took is checkpointed, the rest is never sent. */
    private void finishStopped() {
        Thread.interrupted(); // the stop's interrupt has done its work
        try {
            outcome.submitted(tracker);
        } catch (IOException e) {
            LOG.error("Stopping the submission of batch {} of tenant {} failed", tracker.batchId, tracker.tenant, e);
        } finally {
            thread = null;
        }
    }

    /** The validation pass; false when the batch failed. */
    private boolean validate() throws IOException {
        tracker.resetSpool(); // an interrupted earlier pass may have left part of an index
        BatchResultSpool spool = tracker.spool();
        ArrayNode errors = Json.NODES.arrayNode();
        BatchParseSummary summary;
        try (BatchErrorWriter rejected = new BatchErrorWriter(
                Files.newBufferedWriter(tracker.path(".rejected.jsonl"), StandardCharsets.UTF_8))) {
            summary = parser().parse(input, new BatchSink() {
                @Override
                public void accept(long lineNumber, RouteRequest request) {
                    try {
                        spool.expect(lineNumber, request.getRequestId());
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
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
            });
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        tracker.setLineCounts(summary.accepted(), summary.rejected());
        tracker.update(b -> {
            if (!errors.isEmpty()) {
                b.putObject("errors").put("object", "list").set("data", errors);
            }
        });
        long lines = summary.accepted() + summary.rejected();
        if (lines > MAX_LINES) {
            outcome.failed(
                    tracker,
                    "batch_too_large",
                    "The input file has " + lines + " requests, more than the " + MAX_LINES
                            + " a batch may have; split it into several batches");
            return false;
        }
        if (summary.accepted() == 0) {
            outcome.failed(
                    tracker,
                    lines == 0 ? "empty_file" : "no_valid_lines",
                    lines == 0
                            ? "The input file has no lines"
                            : "No line of the input file is a valid request; see errors");
            return false;
        }
        LOG.info(
                "Batch {} of tenant {}: {} requests to send, {} malformed lines",
                tracker.batchId,
                tracker.tenant,
                summary.accepted(),
                summary.rejected());
        outcome.validated(tracker);
        return true;
    }

    /**
     * Sends every accepted request after the checkpoint; true when done (or stopped), false when Kafka failed to take
     * a request and the pass must be retried from the checkpoint.
     */
    private boolean submitFromCheckpoint() throws IOException, InterruptedException {
        BatchResultSpool spool = tracker.spool();
        PacedSubmission pass = new PacedSubmission(
                send,
                pacer,
                tracker.submittedRequests(),
                tracker.submittedThroughLine(),
                tracker::submitted,
                (line, customId, cause) -> {
                    LOG.warn(
                            "Request {} (line {}) of batch {} cannot be sent: {}",
                            customId,
                            line,
                            tracker.batchId,
                            cause.toString());
                    spool.record(customId, false, "SUBMISSION_FAILED", unsendable(line, customId, cause));
                });
        this.pass = pass;
        if (stopped) {
            pass.stop();
        }
        try {
            parser().parse(input, new BatchSink() {
                @Override
                public void accept(long lineNumber, RouteRequest request) {
                    if (pass.skips(lineNumber)) {
                        return;
                    }
                    String customId = request.getRequestId();
                    try {
                        if (spool.hasResult(customId)) {
                            pass.alreadyDone(lineNumber, customId);
                        } else {
                            pass.send(
                                    lineNumber,
                                    customId,
                                    RouteRequest.newBuilder(request)
                                            .setRequestId(tracker.requestIdPrefix() + customId)
                                            .build());
                        }
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new CompletionException(e);
                    }
                }

                @Override
                public void reject(BatchLineError error) {
                    // recorded by the validation pass
                }
            });
        } catch (CompletionException e) {
            if (e.getCause() instanceof InterruptedException interrupted) {
                pass.checkpointAcknowledged();
                throw interrupted;
            }
            throw e;
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        boolean done = pass.finish();
        if (!done) {
            LOG.warn(
                    "Kafka did not acknowledge every request of batch {} of tenant {}; sending again after line {} in {}"
                            + " s",
                    tracker.batchId,
                    tracker.tenant,
                    pass.throughLine(),
                    retryPause.toSeconds());
        }
        return done;
    }

    private static String unsendable(long line, String customId, Throwable cause) throws IOException {
        ObjectNode json = Json.object().put("id", Ids.next("batch_req_")).put("custom_id", customId);
        json.putNull("response");
        json.putObject("error")
                .put("code", "SUBMISSION_FAILED")
                .put(
                        "message",
                        "Kafka refused this request (" + cause.getClass().getSimpleName()
                                + "); it did not run and was not billed")
                .put("line", line);
        return Json.MAPPER.writeValueAsString(json);
    }

    private BatchInputParser parser() {
        BatchInputOptions options = BatchInputOptions.of(tracker.tenant, tracker.batchId, tracker.completionWindow());
        // Every request of the batch was submitted at its creation: its deadline counts from then, and a resumed
        // pass sends exactly the requests the first pass would have.
        return new BatchInputParser(options, Clock.fixed(tracker.createdAt(), ZoneOffset.UTC));
    }
}
