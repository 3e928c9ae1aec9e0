package dev.routeplane.bench.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The CPU time of the threads that {@code ThreadMXBean} does not show: the JVM's JIT compilers, collector and VM
 * thread, and RocksDB's native background threads (the Streams state stores' flushes and compactions), read per thread from Linux's {@code /proc/self/task/<tid>/stat} (user plus system time, in clock ticks
 * of 10 ms: {@code USER_HZ} is 100 on Linux's common builds). The compiler's own figure
 * ({@code CompilationMXBean.getTotalCompilationTime}) is the time compilations took from start to end, waiting for a
 * CPU included, so on a machine short of CPU it says little of what the compiler cost; this says what it cost.
 *
 * <p>Keyed by thread id, so an interval is the difference of two readings of the same threads; a thread that did not
 * exist at the first reading counts from zero. Empty where {@code /proc} cannot be read (not Linux).
 */
final class JvmThreadCpu {
    static final String COMPILER = "(JVM) JIT compiler threads";
    static final String COLLECTOR = "(JVM) collector threads";
    static final String VM = "(JVM) VM thread";
    static final String ROCKSDB = "(native) RocksDB background threads";
    private static final long NS_PER_TICK = 10_000_000L;
    private static final Path TASKS = Path.of("/proc/self/task");

    private JvmThreadCpu() {}

    /** A JVM thread's reading: its group and its CPU time so far. */
    record Reading(String group, long cpuNs) {}

    /** Every such thread of this process now, by thread id; empty where {@code /proc} is not readable. */
    static Map<Long, Reading> read() {
        Map<Long, Reading> readings = new HashMap<>();
        if (!Files.isDirectory(TASKS)) {
            return readings;
        }
        try (Stream<Path> tasks = Files.list(TASKS)) {
            tasks.forEach(task -> {
                try {
                    Reading r = parse(Files.readString(task.resolve("stat")));
                    if (r != null) {
                        readings.put(Long.parseLong(task.getFileName().toString()), r);
                    }
                } catch (IOException | UncheckedIOException gone) {
                    // the thread ended between the listing and the read
                }
            });
        } catch (IOException | UncheckedIOException e) {
            return Map.of(); // /proc not listable: nothing measured rather than a failed benchmark
        }
        return readings;
    }

    /** The CPU each group used between two readings. */
    static Map<String, Long> between(Map<Long, Reading> start, Map<Long, Reading> end) {
        Map<String, Long> byGroup = new HashMap<>();
        end.forEach((tid, r) -> {
            Reading before = start.get(tid);
            long from = before == null ? 0 : before.cpuNs();
            byGroup.merge(r.group(), Math.max(0, r.cpuNs() - from), Long::sum);
        });
        return byGroup;
    }

    /**
     * One {@code stat} line's group and CPU, or null for a thread outside the groups (a Java thread, say). The name sits in
     * parentheses and may hold spaces and parentheses itself, so the fields are counted from its last ')'.
     */
    static Reading parse(String stat) {
        int open = stat.indexOf('(');
        int close = stat.lastIndexOf(')');
        if (open < 0 || close < open) {
            return null;
        }
        String group = group(stat.substring(open + 1, close));
        if (group == null) {
            return null;
        }
        String[] fields = stat.substring(close + 1).trim().split("\\s+");
        if (fields.length < 13) {
            return null;
        }
        long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
        return new Reading(group, ticks * NS_PER_TICK);
    }

    /** The group of a thread no {@code ThreadMXBean} shows, by its (kernel-truncated) name; null for any other. */
    static String group(String name) {
        if (name.startsWith("C1 CompilerThre") || name.startsWith("C2 CompilerThre")) {
            return COMPILER;
        }
        if (name.startsWith("GC Thread") || name.startsWith("G1 ")) {
            return COLLECTOR;
        }
        if (name.equals("VM Thread")) {
            return VM;
        }
        if (name.startsWith("rocksdb:")) {
            return ROCKSDB;
        }
        return null;
    }
}
