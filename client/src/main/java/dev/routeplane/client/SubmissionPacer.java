package dev.routeplane.client;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Paces batch submission to the router: a request is let through only while fewer than {@code window} requests wait
 * for the router on its tenant's partition. The router takes a partition in order, so without pacing a 20,000-line
 * batch written at once would sit in front of every interactive request of that partition until routed; paced, an
 * interactive request waits behind at most {@code window} records (milliseconds of routing). Routed batch work then
 * waits in the executors' batch topics, which only hold it back from its own provider's spare capacity.
 *
 * <p>The backlog is measured (see {@link RouterBacklog}) at most every {@code recheck}; between measurements each
 * request let through counts as one more waiting. Thread-safe; one pacer can serve every batch of a process.
 */
public final class SubmissionPacer {
    /** Records a batch may have waiting for the router on its partition: well under a second of routing. */
    public static final int DEFAULT_WINDOW = 200;

    private static final Logger LOG = LoggerFactory.getLogger(SubmissionPacer.class);

    /** Measures the backlog of a tenant's partition. */
    @FunctionalInterface
    public interface Backlog {
        long of(String tenantId) throws InterruptedException;
    }

    private static final class Partition {
        long measured;
        long sentSince;
        long measuredAtNanos = Long.MIN_VALUE;
    }

    private final Backlog backlog;
    private final int window;
    private final Duration recheck;
    private final Map<String, Partition> tenants = new ConcurrentHashMap<>();

    public SubmissionPacer(Backlog backlog, int window, Duration recheck) {
        if (window < 1) {
            throw new IllegalArgumentException("window must be at least 1, got " + window);
        }
        this.backlog = backlog;
        this.window = window;
        this.recheck = recheck;
    }

    /** Blocks until one more request of the tenant may be sent, and counts it. */
    public void awaitRoom(String tenantId) throws InterruptedException {
        Partition p = tenants.computeIfAbsent(tenantId, t -> new Partition());
        synchronized (p) {
            while (p.measured + p.sentSince >= window) {
                long sinceNanos = System.nanoTime() - p.measuredAtNanos;
                if (p.measuredAtNanos != Long.MIN_VALUE && sinceNanos < recheck.toNanos()) {
                    TimeUnit.NANOSECONDS.sleep(recheck.toNanos() - sinceNanos);
                }
                measure(tenantId, p);
            }
            p.sentSince++;
        }
    }

    private void measure(String tenantId, Partition p) throws InterruptedException {
        p.measuredAtNanos = System.nanoTime();
        try {
            p.measured = backlog.of(tenantId);
            p.sentSince = 0;
        } catch (RuntimeException e) {
            // No answer means no room: waiting is safe, flooding the router is not.
            LOG.warn("Pacing batch submission of tenant {}: {}; waiting", tenantId, e.getMessage());
            p.measured = window;
            p.sentSince = 0;
        }
    }
}
