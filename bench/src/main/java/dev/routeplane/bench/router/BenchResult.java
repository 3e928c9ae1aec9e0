package dev.routeplane.bench.router;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The router benchmark's figures.
 *
 * @param options         what was run
 * @param streamsSettings the Kafka Streams settings shared by identity, router and io-shaped (application.id aside)
 * @param warmup          the unmeasured warm-up runs (empty when {@code warmupRequests} is 0)
 * @param runs            the measured runs, in the order they ran
 */
public record BenchResult(
        RouterBenchOptions options,
        Map<String, String> streamsSettings,
        List<RunFigures> warmup,
        List<RunFigures> runs) {

    public BenchResult {
        streamsSettings = Collections.unmodifiableMap(new LinkedHashMap<>(streamsSettings));
        warmup = List.copyOf(warmup);
        runs = List.copyOf(runs);
    }

    /** Mean throughput of the measured router runs, req/s. */
    public long routerRequestsPerSecond() {
        return mean(RunFigures.ROUTER);
    }

    /** Mean throughput of the measured identity runs, req/s. */
    public long identityRequestsPerSecond() {
        return mean(RunFigures.IDENTITY);
    }

    /** Mean throughput of the measured io-shaped runs, req/s. */
    public long ioShapedRequestsPerSecond() {
        return mean(RunFigures.IO_SHAPED);
    }

    /** Router throughput over identity throughput, both as means over the measured rounds. */
    public double ratio() {
        return (double) routerRequestsPerSecond() / identityRequestsPerSecond();
    }

    /** Io-shaped throughput over identity throughput: the most the router can reach without changing its I/O. */
    public double ioShapedRatio() {
        return (double) ioShapedRequestsPerSecond() / identityRequestsPerSecond();
    }

    /**
     * Router throughput over io-shaped throughput, both as means over the measured rounds: how near the router's
     * computation lets it come to the ceiling its own Kafka I/O sets.
     */
    public double routerToIoShapedRatio() {
        return (double) routerRequestsPerSecond() / ioShapedRequestsPerSecond();
    }

    /** Mean stream-thread CPU per request of the topology's measured runs, µs. */
    public double streamThreadCpuMicros(String topology) {
        return runs.stream()
                .filter(r -> r.topology().equals(topology))
                .mapToDouble(RunFigures::streamThreadCpuMicros)
                .average()
                .orElse(0);
    }

    /** {@code router/identity throughput ratio: <r> (router <a> req/s, identity <b> req/s)}. */
    public String summaryLine() {
        return String.format(
                Locale.ROOT,
                "router/identity throughput ratio: %.2f (router %d req/s, identity %d req/s)",
                ratio(),
                routerRequestsPerSecond(),
                identityRequestsPerSecond());
    }

    /** {@code io-shaped/identity throughput ratio: <r> (io-shaped <a> req/s, identity <b> req/s)}. */
    public String ioShapedSummaryLine() {
        return String.format(
                Locale.ROOT,
                "io-shaped/identity throughput ratio: %.2f (io-shaped %d req/s, identity %d req/s)",
                ioShapedRatio(),
                ioShapedRequestsPerSecond(),
                identityRequestsPerSecond());
    }

    /** {@code router/io-shaped throughput ratio: <r> (router <a> req/s, io-shaped <b> req/s)}. */
    public String routerToIoShapedLine() {
        return String.format(
                Locale.ROOT,
                "router/io-shaped throughput ratio: %.2f (router %d req/s, io-shaped %d req/s)",
                routerToIoShapedRatio(),
                routerRequestsPerSecond(),
                ioShapedRequestsPerSecond());
    }

    private long mean(String topology) {
        return Math.round(runs.stream()
                .filter(r -> r.topology().equals(topology))
                .mapToLong(RunFigures::requestsPerSecond)
                .average()
                .orElse(0));
    }
}
