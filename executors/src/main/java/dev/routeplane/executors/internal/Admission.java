package dev.routeplane.executors.internal;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.ratelimiter.RateLimiter;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.IntSupplier;

/**
 * Decides when a lane may take more tasks from the queue: only while the tasks already taken would start their
 * calls within {@code ahead}. A task taken earlier than that only waits for a rate permit while it holds an
 * acquisition lock, and a share partition hands out at most a fixed window of offsets past its oldest unfinished
 * record ({@code share.partition.max.record.locks}), so a long local queue stalls the partition instead of feeding
 * the provider. Taking just enough keeps a steady stream: the limiter always has a backlog of about {@code ahead} to
 * serve, and each batch's records start one after another and finish together.
 *
 * <p>Independently of the rate, the tasks held never exceed {@code maxHeld}: a batch is claimed only if a full one
 * fits beside the tasks in flight and the full batches other lanes are polling for. Against the look-ahead, though,
 * a lane claims only what it expects to get (what its last poll brought): a lane whose partitions ran dry polls
 * mostly for nothing, and counting a full batch for it would hold back the lanes that still have work, which matters
 * when a few busy partitions (busy tenants) are all that is left.
 *
 * <p>The wait is estimated from the request limiters of the profiles whose circuit is not open (reserved permits
 * ahead of now, over their combined rate) plus the records lanes are polling for right now, so lanes that check at
 * the same moment do not all take a batch. Without a usable profile every task fails or falls back at once, and
 * lanes take tasks as fast as {@code maxHeld} allows. Thread-safe.
 */
public final class Admission {
    private static final long MIN_SLEEP_NANOS = TimeUnit.MILLISECONDS.toNanos(1);
    /** How soon a lane waiting for room under {@code maxHeld} looks again; room frees as tasks finish. */
    private static final long FULL_RECHECK_NANOS = TimeUnit.MILLISECONDS.toNanos(5);

    private final List<ProfileRuntime> profiles;
    private final long aheadNanos;
    private final IntSupplier held;
    private final int maxHeld;
    /** Records lanes expect from the polls they are making now: not dispatched yet, so not in any backlog yet. */
    private final AtomicInteger expected = new AtomicInteger();
    /** Records the polls being made now could bring at most. */
    private final AtomicInteger claimed = new AtomicInteger();

    private final ReentrantLock turns = new ReentrantLock(true);

    /** {@code held} tells the tasks taken and not yet finished; it must be thread-safe. */
    public Admission(List<ProfileRuntime> profiles, Duration ahead, IntSupplier held, int maxHeld) {
        this.profiles = List.copyOf(profiles);
        this.aheadNanos = ahead.toNanos();
        this.held = held;
        this.maxHeld = maxHeld;
    }

    /**
     * Waits, up to {@code maxWaitMillis}, until the tasks taken so far all start within the look-ahead and a poll
     * of up to {@code records} fits under {@code maxHeld}, then claims it, expecting {@code expect} records from it.
     * A whole batch is allowed past the look-ahead, so a provider too slow to start one batch within it still gets
     * work. Lanes get their turns in the order they asked, so none starves while others poll again and again. A
     * successful claim must be {@link #settle settled} with the same numbers once the polled records are dispatched
     * or the poll came back empty.
     *
     * @return whether the claim was made; false if the wait ran out
     */
    public boolean claim(int records, int expect, long maxWaitMillis) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(maxWaitMillis);
        if (!turns.tryLock(maxWaitMillis, TimeUnit.MILLISECONDS)) {
            return false;
        }
        try {
            while (true) {
                boolean fits = held.getAsInt() + claimed.get() + records <= maxHeld;
                double excessNanos = fits ? waitNanos(expected.get()) - aheadNanos : FULL_RECHECK_NANOS;
                if (excessNanos <= 0) {
                    claimed.addAndGet(records);
                    expected.addAndGet(expect);
                    return true;
                }
                long left = end - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                TimeUnit.NANOSECONDS.sleep(Math.max(MIN_SLEEP_NANOS, Math.min(left, (long) excessNanos)));
            }
        } finally {
            turns.unlock();
        }
    }

    public void settle(int records, int expect) {
        claimed.addAndGet(-records);
        expected.addAndGet(-expect);
    }

    /** How long a task taken now, behind the permits already reserved and {@code extra} more tasks, would wait. */
    private double waitNanos(int extra) {
        double permitsPerNano = 0;
        long backlog = 0;
        long tokenWaitNanos = Long.MAX_VALUE;
        for (ProfileRuntime p : profiles) {
            if (p.breaker.getState() == CircuitBreaker.State.OPEN) {
                continue;
            }
            RateLimiter requests = p.requests;
            permitsPerNano += requests.getRateLimiterConfig().getLimitForPeriod()
                    / (double) requests.getRateLimiterConfig()
                            .getLimitRefreshPeriod()
                            .toNanos();
            backlog += Math.max(0, -requests.getMetrics().getAvailablePermissions());
            tokenWaitNanos = Math.min(tokenWaitNanos, backlogNanos(p.tokens));
        }
        if (permitsPerNano == 0) {
            return 0;
        }
        return Math.max((backlog + extra) / permitsPerNano, tokenWaitNanos);
    }

    private static long backlogNanos(RateLimiter limiter) {
        long reservedAhead = -limiter.getMetrics().getAvailablePermissions();
        if (reservedAhead <= 0) {
            return 0;
        }
        var config = limiter.getRateLimiterConfig();
        return reservedAhead * config.getLimitRefreshPeriod().toNanos() / config.getLimitForPeriod();
    }
}
