package dev.routeplane.bench.e2e;

import java.io.IOException;
import java.lang.management.CompilationMXBean;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Where this JVM's CPU went over an interval, by thread group: every live thread's CPU time at the start and at the
 * end, grouped by its name with numbers and ids taken out (so one provider's executor lanes are one group, and each
 * client's network thread one, named by its client id), the threads {@code ThreadMXBean} does not show (the JIT
 * compilers, the collector, the VM thread and RocksDB's, from {@link JvmThreadCpu} on Linux), and the process's own CPU
 * time beside it. Over a ramp step that divides by the requests completed, this says what
 * a request costs and which part of the pipeline pays it: on two cores, a rate at which the process needs more than
 * two cores cannot be kept up with, whatever the settings.
 *
 * <p>A thread that starts and ends inside the interval is not counted in its group (only in the process total).
 */
final class ThreadCpu {
    private static final Pattern NUMBERS = Pattern.compile("(?<![A-Za-z])\\d+");
    private static final Pattern UUID = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

    private static final int SHOWN = 10;

    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    private final Map<Long, Long> startNs = new HashMap<>();
    private final Map<Long, JvmThreadCpu.Reading> jvmStart;
    private final long processStartNs;
    private final long wallStartNs;
    private final long gcStartMs;
    private final long jitStartMs;

    private ThreadCpu() {
        liveThreads((id, name, cpu) -> startNs.put(id, cpu));
        jvmStart = JvmThreadCpu.read();
        processStartNs = processCpuNs();
        wallStartNs = System.nanoTime();
        gcStartMs = gcMs();
        jitStartMs = jitMs();
    }

    /** Time the collectors report spent collecting (ms, summed over collectors; concurrent work counts). */
    private static long gcMs() {
        long ms = 0;
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            ms += Math.max(0, gc.getCollectionTime());
        }
        return ms;
    }

    /**
     * Time the JIT compilers report spent compiling (ms), 0 when not reported: from each compilation's start to its end,
     * so time waiting for a CPU counts; what the compiler used is its group's CPU ({@link JvmThreadCpu}).
     */
    private static long jitMs() {
        CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
        return jit != null && jit.isCompilationTimeMonitoringSupported() ? jit.getTotalCompilationTime() : 0;
    }

    /** Starts an interval now; {@code null} when this JVM cannot measure thread CPU time. */
    static ThreadCpu start() {
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        if (!mx.isThreadCpuTimeSupported() || !mx.isThreadCpuTimeEnabled() || processCpuNs() < 0) {
            return null;
        }
        return new ThreadCpu();
    }

    /** One group's CPU over the interval. */
    record Group(String name, long cpuNs) {}

    /** The interval's end: the process's CPU, the wall time and the groups, largest first. */
    record Usage(long processCpuNs, long wallNs, long gcMs, long jitMs, List<Group> groups) {
        double cores() {
            return wallNs == 0 ? 0 : processCpuNs / (double) wallNs;
        }

        /**
         * A line for each of the ten largest groups, then the rest together: each as its share of the process's CPU,
         * in cores, and per completed request when {@code completed} is above 0 (an idle interval has none).
         */
        List<String> describe(long completed) {
            List<String> lines = new ArrayList<>();
            lines.add(String.format(
                    Locale.ROOT,
                    "    CPU: %.2f cores (process; the collector reported %d ms of collections, the compiler %d ms of"
                            + " compiling, waits included)%s",
                    cores(),
                    gcMs,
                    jitMs,
                    completed > 0
                            ? String.format(
                                    Locale.ROOT, ", %.0f µs per completed request", processCpuNs / 1e3 / completed)
                            : ""));
            long shown = 0;
            for (Group g : groups.subList(0, Math.min(SHOWN, groups.size()))) {
                shown += g.cpuNs();
                lines.add(line(g.cpuNs(), completed, g.name()));
            }
            lines.add(line(
                    processCpuNs - shown,
                    completed,
                    "the rest (" + Math.max(0, groups.size() - SHOWN)
                            + " smaller groups, and threads that ended meanwhile)"));
            return lines;
        }

        private String line(long cpuNs, long completed, String what) {
            return String.format(
                    Locale.ROOT,
                    "      %5.1f%% %5.2f cores%s  %s",
                    100.0 * cpuNs / Math.max(1, processCpuNs),
                    wallNs == 0 ? 0 : cpuNs / (double) wallNs,
                    completed > 0 ? String.format(Locale.ROOT, " %6.0f µs/request", cpuNs / 1e3 / completed) : "",
                    what);
        }
    }

    /** Appends every group of {@code usage} to a tab-separated file under the heading {@code interval}. */
    static void append(Path file, String interval, Usage usage) throws IOException {
        StringBuilder b = new StringBuilder();
        if (!Files.exists(file)) {
            b.append("interval\tthread group\tcpu ms\tshare of process\n");
        }
        for (Group g : usage.groups()) {
            b.append(String.format(
                    Locale.ROOT,
                    "%s\t%s\t%.1f\t%.4f%n",
                    interval,
                    g.name(),
                    g.cpuNs() / 1e6,
                    g.cpuNs() / (double) Math.max(1, usage.processCpuNs())));
        }
        b.append(String.format(Locale.ROOT, "%s\t(process)\t%.1f\t1%n", interval, usage.processCpuNs() / 1e6));
        Files.writeString(file, b, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    Usage end() {
        Map<String, Long> byGroup = new HashMap<>();
        liveThreads((id, name, cpu) -> byGroup.merge(group(name), cpu - startNs.getOrDefault(id, 0L), Long::sum));
        JvmThreadCpu.between(jvmStart, JvmThreadCpu.read()).forEach((name, ns) -> byGroup.merge(name, ns, Long::sum));
        List<Group> groups = new ArrayList<>();
        byGroup.forEach((name, ns) -> groups.add(new Group(name, ns)));
        groups.sort((a, b) -> Long.compare(b.cpuNs(), a.cpuNs()));
        return new Usage(
                processCpuNs() - processStartNs,
                System.nanoTime() - wallStartNs,
                gcMs() - gcStartMs,
                jitMs() - jitStartMs,
                List.copyOf(groups));
    }

    private interface ThreadCpuSink {
        void accept(long id, String name, long cpuNs);
    }

    /** Every live thread whose CPU time the JVM reports, with its name and CPU time so far. */
    private void liveThreads(ThreadCpuSink sink) {
        for (ThreadInfo t : threads.getThreadInfo(threads.getAllThreadIds())) {
            long cpu = t == null ? -1 : threads.getThreadCpuTime(t.getThreadId());
            if (cpu >= 0) {
                sink.accept(t.getThreadId(), t.getThreadName(), cpu);
            }
        }
    }

    /** A thread's group: its name with UUIDs and numbers (not those inside a word, as in {@code e2e}) replaced. */
    static String group(String threadName) {
        String name = UUID.matcher(threadName).replaceAll("<id>");
        return NUMBERS.matcher(name).replaceAll("N").trim();
    }

    private static long processCpuNs() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getProcessCpuTime();
        }
        return -1;
    }
}
