package dev.routeplane.bench.router;

import com.sun.management.OperatingSystemMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;

/**
 * CPU time of one Kafka Streams application's stream threads and of the whole process. Wall-clock throughput
 * depends on what else the two cores are doing; CPU per record does not, so it is reported beside it.
 */
final class CpuMeter {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private static final OperatingSystemMXBean OS =
            (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

    private final String threadPrefix;

    /** @param applicationId stream threads are named {@code <application.id>-<uuid>-StreamThread-<n>} */
    CpuMeter(String applicationId) {
        this.threadPrefix = applicationId + "-";
    }

    /** CPU time of the point in time. */
    record Sample(long streamThreadNanos, long processNanos) {}

    Sample sample() {
        long stream = 0;
        for (ThreadInfo t : THREADS.getThreadInfo(THREADS.getAllThreadIds())) {
            if (t != null
                    && t.getThreadName().startsWith(threadPrefix)
                    && t.getThreadName().contains("-StreamThread-")) {
                long cpu = THREADS.getThreadCpuTime(t.getThreadId());
                stream += Math.max(0, cpu);
            }
        }
        return new Sample(stream, OS.getProcessCpuTime());
    }
}
