package dev.routeplane.client;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;

/**
 * How far a batch has come: requests finished out of the total, how many failed, the recent completion rate and the
 * time left at that rate. The rate is taken over the last {@code window} of observations, so it follows the pace the
 * batch runs at now (paced to its routes' limits), not its average since it started.
 *
 * <p>Feed it with {@link #observe} as counts change (or every so often); read it from any thread. Thread-safe.
 */
public final class BatchProgress {
    /** What is known at one moment. */
    public record Snapshot(long total, long succeeded, long failed, double perSecond, Optional<Duration> eta) {
        /** Requests with a terminal result. */
        public long done() {
            return succeeded + failed;
        }

        /** Requests still to finish. */
        public long remaining() {
            return Math.max(0, total - done());
        }
    }

    private record Sample(Instant at, long done) {}

    private final Clock clock;
    private final Duration window;
    private final Deque<Sample> samples = new ArrayDeque<>();
    private long total;
    private long succeeded;
    private long failed;

    public BatchProgress(long total, Clock clock, Duration window) {
        this.total = total;
        this.clock = clock;
        this.window = window;
    }

    /** A tracker over the last 60 seconds. */
    public BatchProgress(long total, Clock clock) {
        this(total, clock, Duration.ofSeconds(60));
    }

    /** Records the counts as they are now (they only grow). */
    public synchronized void observe(long succeeded, long failed) {
        this.succeeded = succeeded;
        this.failed = failed;
        Instant now = clock.instant();
        samples.addLast(new Sample(now, succeeded + failed));
        while (samples.size() > 2 && samples.peekFirst().at().isBefore(now.minus(window))) {
            samples.removeFirst();
        }
    }

    /** Changes the total (a batch whose size is known only once its file was read). */
    public synchronized void total(long total) {
        this.total = total;
    }

    public synchronized Snapshot snapshot() {
        double perSecond = 0;
        if (samples.size() >= 2) {
            Sample first = samples.peekFirst();
            Sample last = samples.peekLast();
            long millis = Duration.between(first.at(), last.at()).toMillis();
            perSecond = millis <= 0 ? 0 : (last.done() - first.done()) * 1000.0 / millis;
        }
        long remaining = Math.max(0, total - succeeded - failed);
        Optional<Duration> eta = remaining == 0
                ? Optional.of(Duration.ZERO)
                : perSecond > 0
                        ? Optional.of(Duration.ofMillis((long) (remaining / perSecond * 1000)))
                        : Optional.empty();
        return new Snapshot(total, succeeded, failed, perSecond, eta);
    }
}
