package dev.routeplane.bench.router;

import java.io.PrintStream;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.StringJoiner;
import java.util.TreeMap;
import java.util.function.Predicate;

/** Prints the router benchmark's figures: each run's as it ends, and the closing summary. */
final class BenchReport {
    private static final Predicate<String> DECISIONS = t -> t.equals("decisions.v1");
    private static final Predicate<String> EXEC = t -> t.startsWith("exec.");

    private BenchReport() {}

    /** The run's throughput, CPU and outputs, then what it wrote per topic. */
    static void printRun(RunFigures f, PrintStream out) {
        out.printf(
                "  %s%s: %,d req/s (%,d requests in %.2f s; start-up %,d ms; first commit after %,d ms);"
                        + " CPU per request: stream thread %.1f µs, process %.1f µs; outputs %s%n",
                f.topology(),
                f.round() == 0 ? " warm-up" : " round " + f.round(),
                f.requestsPerSecond(),
                f.requests(),
                f.seconds(),
                f.startupMillis(),
                f.firstCommitMillis(),
                f.streamThreadCpuMicros(),
                f.processCpuMicros(),
                new TreeMap<>(f.outputs()));
        StringJoiner volumes = new StringJoiner(", ", "    written (records × mean value bytes): ", "");
        new TreeMap<>(f.written()).forEach((topic, v) -> {
            if (v.records() > 0) {
                volumes.add(String.format("%s %,d × %,d B", topic, v.records(), v.meanBytes()));
            }
        });
        out.println(volumes);
    }

    /** The summary; its last line is {@link BenchResult#summaryLine()}. */
    static void printSummary(BenchResult result, PrintStream out) {
        out.println();
        out.println("== router benchmark ==");
        out.println("streams settings (identity, router and io-shaped): " + result.streamsSettings());
        for (RunFigures w : result.warmup()) {
            out.printf("warm-up  %-9s %,8d req/s (%,d requests)%n", w.topology(), w.requestsPerSecond(), w.requests());
        }
        Map<Integer, Map<String, RunFigures>> byRound = new TreeMap<>();
        for (RunFigures r : result.runs()) {
            byRound.computeIfAbsent(r.round(), k -> new HashMap<>()).put(r.topology(), r);
        }
        for (Map.Entry<Integer, Map<String, RunFigures>> e : byRound.entrySet()) {
            RunFigures id = e.getValue().get(RunFigures.IDENTITY);
            RunFigures ro = e.getValue().get(RunFigures.ROUTER);
            RunFigures io = e.getValue().get(RunFigures.IO_SHAPED);
            out.printf(
                    "round %d  identity %,8d req/s (%.2f s)  router %,8d req/s (%.2f s)  ratio %.2f;"
                            + "  stream-thread CPU µs/request: identity %.1f, router %.1f (ratio %.2f)%n",
                    e.getKey(),
                    id.requestsPerSecond(),
                    id.seconds(),
                    ro.requestsPerSecond(),
                    ro.seconds(),
                    (double) ro.requestsPerSecond() / id.requestsPerSecond(),
                    id.streamThreadCpuMicros(),
                    ro.streamThreadCpuMicros(),
                    id.streamThreadCpuMicros() / ro.streamThreadCpuMicros());
            out.printf(
                    "round %d  io-shaped %,8d req/s (%.2f s)  ratio to identity %.2f, to router %.2f;"
                            + "  stream-thread CPU µs/request: io-shaped %.1f%n",
                    e.getKey(),
                    io.requestsPerSecond(),
                    io.seconds(),
                    (double) io.requestsPerSecond() / id.requestsPerSecond(),
                    (double) io.requestsPerSecond() / ro.requestsPerSecond(),
                    io.streamThreadCpuMicros());
        }
        out.println("router outputs per run: " + last(result, RunFigures.ROUTER).outputs());
        RunFigures id = last(result, RunFigures.IDENTITY);
        out.printf(
                "written per request, last round (value bytes): identity %,d B; router %s; io-shaped %s%n",
                id.writtenTo(t -> true).bytes() / id.requests(),
                routed(last(result, RunFigures.ROUTER)),
                routed(last(result, RunFigures.IO_SHAPED)));
        out.printf(
                "stream-thread CPU per request, mean of rounds: identity %.1f µs, router %.1f µs, io-shaped %.1f µs%n",
                result.streamThreadCpuMicros(RunFigures.IDENTITY),
                result.streamThreadCpuMicros(RunFigures.ROUTER),
                result.streamThreadCpuMicros(RunFigures.IO_SHAPED));
        out.println(result.ioShapedSummaryLine());
        out.println(result.routerToIoShapedLine());
        out.println(result.summaryLine());
    }

    private static RunFigures last(BenchResult result, String topology) {
        return result.runs().stream()
                .filter(r -> r.topology().equals(topology))
                .max(Comparator.comparingInt(RunFigures::round))
                .orElseThrow();
    }

    /** {@code decision <d> B + task <t> B (<n> exec topics)}, per request. */
    private static String routed(RunFigures f) {
        long execTopics = f.written().entrySet().stream()
                .filter(e -> EXEC.test(e.getKey()) && e.getValue().records() > 0)
                .count();
        return String.format(
                "decision %,d B + task %,d B (%d exec topics)",
                f.writtenTo(DECISIONS).bytes() / f.requests(), f.writtenTo(EXEC).bytes() / f.requests(), execTopics);
    }
}
