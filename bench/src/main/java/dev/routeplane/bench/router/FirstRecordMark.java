package dev.routeplane.bench.router;

import com.sun.management.OperatingSystemMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;

/**
 * When the first record of a run was processed ({@link System#nanoTime}), with the processing thread's and the
 * process's CPU time at that moment; set by the stream thread, read by the benchmark thread. Measuring from here
 * leaves out Kafka Streams start-up and the first rebalance.
 */
final class FirstRecordMark {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private static final OperatingSystemMXBean OS =
            (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

    private volatile long nanos;
    private volatile long threadCpuNanos;
    private volatile long processCpuNanos;

    /** Called for every record on the stream thread; only the first call sets the mark. */
    void mark() {
        if (nanos == 0) {
            threadCpuNanos = THREADS.getCurrentThreadCpuTime();
            processCpuNanos = OS.getProcessCpuTime();
            nanos = System.nanoTime();
        }
    }

    /** The mark, or 0 while no record was processed. */
    long nanos() {
        return nanos;
    }

    /** CPU time of the stream thread when it processed the first record. */
    long threadCpuNanos() {
        return threadCpuNanos;
    }

    /** CPU time of the whole process when the first record was processed. */
    long processCpuNanos() {
        return processCpuNanos;
    }
}
