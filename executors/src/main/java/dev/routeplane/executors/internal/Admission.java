package dev.routeplane.executors.internal;

import dev.routeplane.config.LatencyClass;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.ratelimiter.RateLimiter;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.IntSupplier;

/**
 * Decides when a lane may take more tasks from its queue: only while a task taken now would start its call soon, so
 * that work waiting for capacity waits in Kafka, holding no record lock, thread or memory. "Soon" is judged from the
 * three limits of the key profiles the lane's tasks may use, whichever binds: the request rate (permits booked ahead
 * of now over the rate), the token rate (tokens booked ahead, plus the tokens the tasks being polled for will book,
 * over the rate) and the in-flight limit (calls holding or waiting for a bulkhead slot beyond the slots, times the mean
 * call latency over the slots). Tasks taken earlier than that would only wait for a permit or a slot while holding a
 * lock, and a share partition hands out at most a fixed window of offsets past its oldest unfinished record.
 *
 * <p>Two kinds of lanes ({@link Kind}): the provider's exec topic (interactive and background work) and its batch
 * topic. Standard lanes take work while it would start within {@code ahead}. Batch lanes take work only while it would
 * start within the shorter {@code batchAhead} on the keys that serve batch work (counting the batch calls parked for
 * a key, {@link BatchPacer}), and while the keys it shares with standard work stay within {@code batchAhead} too: batch
 * work then uses what interactive work leaves. It books a shared key only from the permits left in the limiters'
 * current periods, never ahead of an interactive call ({@link BatchPacer}), and yields its bulkhead place to
 * interactive calls ({@link ProfileRuntime#whenSlotFree}). A key dedicated to batch work is used to the full.
 *
 * <p>Independently of the rate, the tasks held stay within {@code maxHeld}: a lane claims a poll only if a full one
 * fits beside the tasks held and the full polls its own kind's lanes are making (not the other kind's: the lanes of
 * an idle queue poll nearly empty all the time and must not starve the other queue, so the cap may be passed by what
 * the other kind's polls in progress bring). The records the same kind's lanes are polling for right now count as
 * booked already in the estimate, so lanes that check at the same moment do not all take a batch. Profiles whose circuit
 * is open are left out; without a usable profile every task fails or falls back at once, and lanes take tasks as fast
 * as {@code maxHeld} allows. Thread-safe.
 */
public final class Admission {
    private static final long MIN_SLEEP_NANOS = TimeUnit.MILLISECONDS.toNanos(1);
    /** How soon a lane waiting for room under {@code maxHeld} looks again; room frees as tasks finish. */
    private static final long FULL_RECHECK_NANOS = TimeUnit.MILLISECONDS.toNanos(5);

    /** The two queues of a provider: its exec topic and its batch exec topic. */
    public enum Kind {
        /** {@code rp.exec.<provider>.v1}: interactive and background work. */
        STANDARD,
        /** {@code rp.exec.<provider>.batch.v1}: batch work, on the capacity the other leaves. */
        BATCH
    }

    private final List<ProfileRuntime> standard;
    private final List<ProfileRuntime> batch;
    private final List<ProfileRuntime> shared;
    private final long aheadNanos;
    private final long batchAheadNanos;
    private final IntSupplier held;
    private final IntSupplier parked;
    private final int maxHeld;
    /**
     * Per {@link Kind}: lanes of a kind take turns in the order they asked, so none starves while the others poll
     * again and again (a lane that is not polling may still hold records its consumer fetched). A waiting lane holds
     * only its own kind's turn: a batch lane waiting for room never delays a standard lane.
     */
    private final ReentrantLock[] turns = {new ReentrantLock(true), new ReentrantLock(true)};

    /** Per {@link Kind}: records lanes expect from the polls they are making now (not dispatched, so not booked yet). */
    private final int[] expected = new int[2];
    /** Per {@link Kind}: records the polls being made now could bring at most. */
    private final int[] claimed = new int[2];

    /**
     * {@code held} tells the tasks taken and not yet finished, {@code parked} the batch calls among them waiting for a
     * key that can start them ({@link BatchPacer}: booked work not yet in the limiters); both must be thread-safe.
     */
    public Admission(
            List<ProfileRuntime> profiles,
            Duration ahead,
            Duration batchAhead,
            IntSupplier held,
            IntSupplier parked,
            int maxHeld) {
        this.standard = profiles.stream()
                .filter(p -> p.serves(LatencyClass.INTERACTIVE) || p.serves(LatencyClass.BACKGROUND))
                .toList();
        this.batch = profiles.stream().filter(p -> p.serves(LatencyClass.BATCH)).toList();
        this.shared = batch.stream().filter(standard::contains).toList();
        this.aheadNanos = ahead.toNanos();
        this.batchAheadNanos = batchAhead.toNanos();
        this.held = held;
        this.parked = parked;
        this.maxHeld = maxHeld;
    }

    /** An admission without parked batch calls. */
    public Admission(
            List<ProfileRuntime> profiles, Duration ahead, Duration batchAhead, IntSupplier held, int maxHeld) {
        this(profiles, ahead, batchAhead, held, () -> 0, maxHeld);
    }

    /** An admission for standard lanes only, batch work judged like the rest. */
    public Admission(List<ProfileRuntime> profiles, Duration ahead, IntSupplier held, int maxHeld) {
        this(profiles, ahead, ahead, held, () -> 0, maxHeld);
    }

    /** As {@link #claim(Kind, int, int, long)} for a standard lane. */
    public boolean claim(int records, int expect, long maxWaitMillis) throws InterruptedException {
        return claim(Kind.STANDARD, records, expect, maxWaitMillis);
    }

    /**
     * Waits, up to {@code maxWaitMillis}, until a task taken now by a lane of {@code kind} would start within its
     * look-ahead and a poll of up to {@code records} fits under {@code maxHeld}, then claims it, expecting
     * {@code expect} records from it. A successful claim must be {@link #settle settled} with the same numbers once
     * the polled records are dispatched or the poll came back empty. Lanes of one kind get their turns in the order
     * they asked; a batch lane that waits never delays a standard lane.
     *
     * @return whether the claim was made; false if the wait ran out
     */
    public boolean claim(Kind kind, int records, int expect, long maxWaitMillis) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(maxWaitMillis);
        ReentrantLock turn = turns[kind.ordinal()];
        if (!turn.tryLock(maxWaitMillis, TimeUnit.MILLISECONDS)) {
            return false;
        }
        try {
            while (true) {
                long excessNanos;
                synchronized (this) {
                    excessNanos = excessNanos(kind, records);
                    if (excessNanos <= 0) {
                        claimed[kind.ordinal()] += records;
                        expected[kind.ordinal()] += expect;
                        return true;
                    }
                }
                long left = end - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                TimeUnit.NANOSECONDS.sleep(Math.max(MIN_SLEEP_NANOS, Math.min(left, excessNanos)));
            }
        } finally {
            turn.unlock();
        }
    }

    /** As {@link #settle(Kind, int, int)} for a standard lane. */
    public void settle(int records, int expect) {
        settle(Kind.STANDARD, records, expect);
    }

    public synchronized void settle(Kind kind, int records, int expect) {
        claimed[kind.ordinal()] -= records;
        expected[kind.ordinal()] -= expect;
    }

    /** How far beyond its look-ahead a task taken now would start; at most zero means it may be taken. */
    private long excessNanos(Kind kind, int records) {
        // Only the full polls of lanes of the same kind count: lanes of an idle queue poll (nearly) empty all the
        // time, and counting their full polls would starve the other queue.
        if (held.getAsInt() + claimed[kind.ordinal()] + records > maxHeld) {
            return FULL_RECHECK_NANOS;
        }
        // Polls in progress count in their own kind's estimate only: an idle interactive queue's lanes are always
        // polling for a few records that mostly never come, and counting them would keep batch lanes off a shared
        // key; what interactive work does book shows in the limiters at once.
        int ahead = expected[kind.ordinal()];
        if (kind == Kind.STANDARD) {
            return waitNanos(standard, ahead) - aheadNanos;
        }
        // Parked batch calls book nothing until they start, so they count here as the work they will book.
        ahead += parked.getAsInt();
        return Math.max(waitNanos(batch, ahead), waitNanos(shared, ahead)) - batchAheadNanos;
    }

    /** What holds a lane of {@code kind} back now, for a log line. */
    public synchronized String describe(Kind kind, int records) {
        int ahead = expected[kind.ordinal()] + (kind == Kind.BATCH ? parked.getAsInt() : 0);
        return kind + ": held " + held.getAsInt() + ", polling " + claimed[kind.ordinal()] + " of " + maxHeld
                + ", expected " + ahead + " (parked " + parked.getAsInt() + "), wait "
                + waitNanos(kind == Kind.STANDARD ? standard : batch, ahead) / 1_000_000
                + " ms (shared " + waitNanos(shared, ahead) / 1_000_000 + " ms), excess "
                + excessNanos(kind, records) / 1_000_000 + " ms";
    }

    /**
     * How long a call taken now, behind what is booked and {@code extra} more tasks, would wait on {@code profiles}
     * for the binding one of its three limits. Zero when none of them is usable.
     */
    static long waitNanos(List<ProfileRuntime> profiles, int extra) {
        double permitsPerNano = 0;
        double tokensPerNano = 0;
        long permitsAhead = 0;
        long tokensAhead = 0;
        double tokensPerCall = 0;
        long occupied = 0;
        long slots = 0;
        double latencyNanos = 0;
        int usable = 0;
        for (ProfileRuntime p : profiles) {
            if (p.breaker.getState() == CircuitBreaker.State.OPEN) {
                continue;
            }
            usable++;
            permitsPerNano += perNano(p.requests);
            tokensPerNano += perNano(p.tokens);
            permitsAhead += Math.max(0, -p.requests.getMetrics().getAvailablePermissions());
            tokensAhead += Math.max(0, -p.tokens.getMetrics().getAvailablePermissions());
            tokensPerCall += p.meanTokens();
            occupied += p.inFlight() + p.waitingForSlot();
            slots += p.maxInFlight();
            latencyNanos += p.meanLatencyMs() * 1e6;
        }
        if (usable == 0) {
            return 0;
        }
        tokensPerCall /= usable;
        latencyNanos /= usable;
        double requestWait = (permitsAhead + extra) / permitsPerNano;
        double tokenWait = (tokensAhead + extra * tokensPerCall) / tokensPerNano;
        long beyondSlots = occupied + extra - slots;
        double slotWait = beyondSlots < 0 ? 0 : (beyondSlots + 1) * latencyNanos / slots;
        return (long) Math.max(requestWait, Math.max(tokenWait, slotWait));
    }

    private static double perNano(RateLimiter limiter) {
        var config = limiter.getRateLimiterConfig();
        return config.getLimitForPeriod()
                / (double) config.getLimitRefreshPeriod().toNanos();
    }
}
