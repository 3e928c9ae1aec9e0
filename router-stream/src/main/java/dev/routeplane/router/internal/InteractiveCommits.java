package dev.routeplane.router.internal;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * When the router asks Streams to commit early for interactive requests. Under exactly-once no executor sees a task,
 * and the API no refusal, before the router's transaction commits, which happens every {@code commit.interval.ms}
 * (100 ms): a synchronous call waits half of that on average. A request with latency class INTERACTIVE asks for a
 * commit right after its poll's records, at most once per {@link #GAP} for the whole router (every task's processor
 * shares one pacer); one that comes within the gap waits for the next paced commit, which the processors' punctuators
 * ask for once the gap has passed.
 *
 * <p>Why paced: every commit is a transaction's flush, offset commit and end, with markers written to each partition
 * it touched. Asking after every interactive request, the router fell behind at 500 synchronous calls a second on 2
 * cores (its own hop 2,949 ms p50) while the hop from decision to call start fell from 57 to 19 ms p50
 * (docs/benchmarks.md, fifteenth session).
 *
 * <p>Only while the router keeps up: a request that waited in the topic longer than {@link #BEHIND} before being
 * routed means a backlog, where early commits would take the stream thread's time from the backlog that delays
 * everyone, interactive calls included, and the interval's commit comes soon enough.
 *
 * <p>Thread-safe.
 */
public final class InteractiveCommits {
    /** The shortest time between two commits asked for interactive requests. */
    public static final Duration GAP = Duration.ofMillis(20);

    /** A request older than this when routed (by its record's timestamp) says the router is behind. */
    public static final Duration BEHIND = Duration.ofMillis(100);

    private final AtomicLong lastAsked = new AtomicLong(Long.MIN_VALUE / 2);

    /** Whether a request appended at {@code recordMs} and routed at {@code nowMs} says the router keeps up. */
    static boolean keepingUp(long recordMs, long nowMs) {
        return nowMs - recordMs < BEHIND.toMillis();
    }

    /** True, and the gap starts again, if a commit may be asked for at {@code nowMs}. */
    boolean mayAsk(long nowMs) {
        long last = lastAsked.get();
        return nowMs - last >= GAP.toMillis() && lastAsked.compareAndSet(last, nowMs);
    }
}
