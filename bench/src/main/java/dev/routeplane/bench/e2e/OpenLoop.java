package dev.routeplane.bench.e2e;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongConsumer;

/**
 * An open-loop load generator: fires the i-th call at {@code start + i / rate}, whatever became of the earlier calls.
 * A closed loop (N threads each waiting for its answer) slows down with the system under test and so hides its queueing;
 * here a slow system meets the same offered rate and its backlog shows. The action must not block (it starts an
 * asynchronous send); when the pacing thread falls behind, the due calls are fired at once to catch up.
 */
final class OpenLoop {
    private OpenLoop() {}

    /** Fires {@code action} with 0, 1, 2, ... at {@code rate} per second for {@code duration}; returns how many. */
    static long run(int rate, Duration duration, LongConsumer action) {
        long start = System.nanoTime();
        long end = start + duration.toNanos();
        double interval = 1e9 / rate;
        long fired = 0;
        while (true) {
            long due = start + (long) (fired * interval);
            if (due >= end) {
                return fired;
            }
            long wait = due - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
                continue;
            }
            action.accept(fired++);
        }
    }
}
