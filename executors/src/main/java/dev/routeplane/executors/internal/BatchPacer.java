package dev.routeplane.executors.internal;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

/**
 * Batch calls waiting for a key that can start them now, in arrival order. Batch work may book a key it shares with
 * interactive work only from the permits its limiters have left in their current period, never ahead of it: an
 * interactive call then finds at most the rest of one period booked ahead of it (a second of tokens, a tenth of a
 * second of requests), where batch calls booked ahead would put seconds of batch work in front of it. A batch call
 * that finds no such permits parks here; every {@link #TICK_MILLIS} the waiting calls, oldest first, try again until
 * one cannot start (the rest stay in order behind it). A parked call holds its record (renewed) but no thread, slot
 * or permit; the admission counts parked calls as booked work ({@link #parked()}), so lanes stop taking batch tasks
 * while enough wait here. Thread-safe.
 */
public final class BatchPacer {
    /** How often parked calls try again: short against the request limiters' 100 ms periods. */
    static final long TICK_MILLIS = 10;

    private final ScheduledExecutorService scheduler;
    private final Queue<BooleanSupplier> waiting = new ConcurrentLinkedQueue<>();
    private final AtomicInteger parked = new AtomicInteger();
    private final AtomicBoolean ticking = new AtomicBoolean();

    public BatchPacer(ScheduledExecutorService scheduler) {
        this.scheduler = scheduler;
    }

    /**
     * Parks a call until {@code tryStart} returns true: it is asked again every tick, after the calls parked before
     * it have started. {@code tryStart} either starts the call (books its permits and hands it on) and returns true,
     * or changes nothing and returns false. It should not throw: one that does is dropped, and its task must see to
     * its own end.
     */
    public void park(BooleanSupplier tryStart) {
        parked.incrementAndGet();
        waiting.add(tryStart);
        schedule();
    }

    /** Calls parked now. */
    public int parked() {
        return parked.get();
    }

    private void schedule() {
        if (ticking.compareAndSet(false, true)) {
            scheduler.schedule(this::tick, TICK_MILLIS, TimeUnit.MILLISECONDS);
        }
    }

    private void tick() {
        try {
            BooleanSupplier head;
            while ((head = waiting.peek()) != null && start(head)) {
                waiting.poll();
                parked.decrementAndGet();
            }
        } finally {
            ticking.set(false);
            // A call parked after the loop's last look, or one still waiting: look again next tick.
            if (!waiting.isEmpty()) {
                schedule();
            }
        }
    }

    private static boolean start(BooleanSupplier call) {
        try {
            return call.getAsBoolean();
        } catch (RuntimeException e) {
            // A call that fails to start must not block the ones behind it.
            return true;
        }
    }
}
