package dev.routeplane.client;

import dev.routeplane.contract.RouteRequest;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import org.apache.kafka.common.errors.RetriableException;

/**
 * One pass of sending a batch's requests in input order, paced to the router, with a checkpoint of how far Kafka has
 * acknowledged them: {@code requests} sent and the input line {@code throughLine} up to which every request was
 * acknowledged. Acknowledgements of one tenant's requests arrive in order (one partition), so the checkpoint only
 * moves forward over a contiguous run. A pass that starts from an earlier checkpoint (after a restart) skips what
 * the checkpoint covers; a request sent again anyway is refused by the router as a duplicate, never run twice.
 *
 * <p>When Kafka does not acknowledge a request in time (a retriable error), the pass stops sending and
 * {@link #finish} answers false: the caller starts a new pass from the checkpoint after a pause. A request Kafka can
 * never take (too large for the broker) is handed to {@code unsendable} and the pass goes on. The checkpoint is
 * reported about once a second and when the pass ends.
 *
 * <p>Not thread-safe: one thread drives a pass.
 */
public final class PacedSubmission {
    private static final Duration CHECKPOINT_EVERY = Duration.ofSeconds(1);

    /** Receives the checkpoint: persist it so a restart resumes after it. */
    @FunctionalInterface
    public interface Checkpoints {
        void checkpoint(long requests, long throughLine) throws IOException;
    }

    /** Receives a request Kafka refused for good; it did not run and must get an outcome of its own. */
    @FunctionalInterface
    public interface Unsendable {
        void refused(long line, String id, Throwable cause) throws IOException;
    }

    private record Sent(long line, String id, CompletableFuture<Void> ack) {}

    private final Function<RouteRequest, CompletableFuture<Void>> send;
    private final SubmissionPacer pacer;
    private final Checkpoints checkpoints;
    private final Unsendable unsendable;
    private final Deque<Sent> inFlight = new ArrayDeque<>();
    private final long startLine;
    private long requests;
    private long throughLine;
    private long checkpointedAtNanos = System.nanoTime();
    private boolean failed;
    private volatile boolean stopped;

    /**
     * @param pacer null to send as fast as Kafka takes them
     * @param requests the checkpoint to start from: requests acknowledged so far
     * @param throughLine the checkpoint's line; lines up to it are skipped
     */
    public PacedSubmission(
            Function<RouteRequest, CompletableFuture<Void>> send,
            SubmissionPacer pacer,
            long requests,
            long throughLine,
            Checkpoints checkpoints,
            Unsendable unsendable) {
        this.send = send;
        this.pacer = pacer;
        this.requests = requests;
        this.throughLine = throughLine;
        this.startLine = throughLine;
        this.checkpoints = checkpoints;
        this.unsendable = unsendable;
    }

    /** Whether the request on {@code line} is not to be sent in this pass (covered, or the pass is ending). */
    public boolean skips(long line) {
        return stopped || failed || line <= startLine;
    }

    /** Counts a request whose result is already known as sent, without sending it again. */
    public void alreadyDone(long line, String id) throws IOException, InterruptedException {
        inFlight.addLast(new Sent(line, id, CompletableFuture.completedFuture(null)));
        drain(false);
    }

    /**
     * Waits for room at the router, then sends {@code request} (the one on {@code line}, {@code id} within the batch).
     *
     * @throws InterruptedException when interrupted while waiting for room (a stop)
     */
    public void send(long line, String id, RouteRequest request) throws IOException, InterruptedException {
        if (pacer != null) {
            pacer.awaitRoom(request.getTenantId());
        }
        inFlight.addLast(new Sent(line, id, send.apply(request)));
        drain(false);
    }

    /** Ends sending early (a cancel): what is unacknowledged then counts as not sent. Callable from any thread. */
    public void stop() {
        stopped = true;
    }

    public boolean stopped() {
        return stopped;
    }

    /**
     * Ends the pass: waits for every send in flight and reports the checkpoint.
     *
     * @return true when every request of the pass was acknowledged (or the pass was stopped), false when one was not
     *     and a new pass must start from the checkpoint
     */
    public boolean finish() throws IOException, InterruptedException {
        if (stopped) {
            checkpointAcknowledged();
            return true;
        }
        drain(true);
        return !failed;
    }

    /**
     * Waits briefly for the sends in flight, then reports the checkpoint over those Kafka acknowledged: the pass ends
     * early (a stop or an interrupt), and what is unacknowledged counts as not sent.
     */
    public void checkpointAcknowledged() throws IOException {
        boolean interrupted = Thread.interrupted(); // cleared to wait for the acks, restored below
        for (Sent sent : inFlight) {
            try {
                sent.ack().get(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                interrupted = true;
                break;
            } catch (ExecutionException | TimeoutException e) {
                break;
            }
        }
        while (!inFlight.isEmpty()
                && inFlight.peekFirst().ack().isDone()
                && !inFlight.peekFirst().ack().isCompletedExceptionally()) {
            advance(inFlight.removeFirst());
        }
        checkpoints.checkpoint(requests, throughLine);
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    public long requests() {
        return requests;
    }

    public long throughLine() {
        return throughLine;
    }

    /** Advances over acknowledged sends; with {@code all}, waits for every send in flight. */
    private void drain(boolean all) throws IOException, InterruptedException {
        while (!inFlight.isEmpty() && (all || inFlight.peekFirst().ack().isDone())) {
            Sent head = inFlight.removeFirst();
            try {
                head.ack().get();
                advance(head);
            } catch (ExecutionException e) {
                Throwable cause = e.getCause();
                if (stopped) {
                    continue; // a stop interrupted the send: it counts as not sent
                }
                if (cause instanceof RetriableException || failed) {
                    failed = true; // Kafka did not take it in time: send again from the checkpoint
                    continue;
                }
                unsendable.refused(head.line(), head.id(), cause);
                advance(head);
            }
        }
        if (all || System.nanoTime() - checkpointedAtNanos >= CHECKPOINT_EVERY.toNanos()) {
            checkpointedAtNanos = System.nanoTime();
            checkpoints.checkpoint(requests, throughLine);
        }
    }

    private void advance(Sent head) {
        if (!failed) {
            requests++;
            throughLine = head.line();
        }
    }
}
