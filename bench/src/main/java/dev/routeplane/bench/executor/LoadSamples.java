package dev.routeplane.bench.executor;

import dev.routeplane.executors.ExecutorWorker;
import dev.routeplane.simulator.SimulatorServer;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What {@link ExecutorLoadRun} observes, sampled every 100 ms from the simulator's own counters (not the worker's), and
 * the figures it derives:
 * <ul>
 *   <li>rate: calls the provider admitted per second over the <em>steady-state window</em>, from the sample where
 *       10 % of the expected calls were admitted to the one where 90 % were. A call counts as admitted when the
 *       simulator accepts it (answered with anything but 429, or still waiting out its latency), not when it is
 *       answered: answers lag admissions by the latency and can bunch up, so a window counted in answers could show
 *       more than the limit admits. The window leaves out the ramp-up (the first polls, the limiter's first burst)
 *       and the drain (the last calls trickle in while the queue is empty);</li>
 *   <li>in flight: calls accepted by the simulator and not yet answered, i.e. really outstanding at the provider:
 *       the peak sample and the mean over the steady-state window. By Little's law the steady mean is at most
 *       rate × latency (1,960 at 980 calls/s and 2 s);</li>
 *   <li>429s: the share of all calls of the run answered 429;</li>
 *   <li>heap: the most heap in use at any sample ({@link MemoryMXBean}, no GC forced), for the whole JVM: with
 *       {@code ExecutorLoadRunMain} that includes the embedded broker and the simulator.</li>
 * </ul>
 * Prints one progress line a second.
 */
final class LoadSamples {
    private static final long SAMPLE_MS = 100;
    private static final Duration LIMIT = Duration.ofMinutes(15);
    /**
     * A run with neither a provider call nor a finished delivery for this long has stalled (e.g. the circuit opened
     * and every remaining task already has its failed result, so the expected answers can never come); it stops
     * with what was sampled instead of waiting out {@link #LIMIT}.
     */
    private static final Duration STALL = Duration.ofSeconds(60);

    /** {@code admitted}: calls answered with anything but 429, plus those on the wire (accepted, not answered). */
    private record Sample(long nanos, long admitted, long wire) {}

    private final List<Sample> samples = new ArrayList<>();
    private long peakWire;
    private long peakHeap;
    private long calls;
    private long rejected429;
    private int from = -1;
    private int to = -1;

    private LoadSamples() {}

    /** Samples until the worker has finished {@code requests} deliveries and the provider answered as many. */
    static LoadSamples record(
            int requests, String provider, SimulatorServer sim, ExecutorWorker worker, PrintStream out)
            throws InterruptedException {
        LoadSamples s = new LoadSamples();
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        long start = System.nanoTime();
        long end = start + LIMIT.toNanos();
        long lastPrint = start;
        long lastPrintAdmitted = 0;
        long lastProgress = start;
        long lastProgressMark = -1;
        while (System.nanoTime() < end) {
            Map<String, Long> counts = sim.callCounts().get(provider);
            long all = counts.values().stream().mapToLong(Long::longValue).sum();
            long r429 = counts.getOrDefault("429", 0L);
            long wire = sim.inFlight();
            long now = System.nanoTime();
            s.samples.add(new Sample(now, all - r429 + wire, wire));
            s.calls = all;
            s.rejected429 = r429;
            s.peakWire = Math.max(s.peakWire, wire);
            s.peakHeap = Math.max(s.peakHeap, memory.getHeapMemoryUsage().getUsed());
            if (now - lastPrint >= 1_000_000_000L) {
                out.printf(
                        "  t=%3ds  %,5d calls/s  %,5d on the wire  %,5d tasks in flight  %,5d records held"
                                + "  %,6d answered  429s %,d  heap %,d MB%n",
                        (now - start) / 1_000_000_000L,
                        (all - r429 - lastPrintAdmitted) * 1_000_000_000L / (now - lastPrint),
                        wire,
                        worker.inFlight(),
                        worker.heldRecords(),
                        all - r429,
                        r429,
                        memory.getHeapMemoryUsage().getUsed() >> 20);
                lastPrint = now;
                lastPrintAdmitted = all - r429;
            }
            if (worker.deliveriesFinished() >= requests && counts.getOrDefault("200", 0L) >= requests) {
                break;
            }
            long mark = all + wire + worker.deliveriesFinished();
            if (mark != lastProgressMark) {
                lastProgressMark = mark;
                lastProgress = now;
            } else if (all > 0 && now - lastProgress > STALL.toNanos()) {
                out.printf(
                        "stalled: no call and no finished delivery for %d s (%,d calls answered, %,d of %,d"
                                + " deliveries finished, %,d tasks in flight); stopping%n",
                        STALL.toSeconds(), all, worker.deliveriesFinished(), requests, worker.inFlight());
                break;
            }
            Thread.sleep(SAMPLE_MS);
        }
        s.window(requests);
        return s;
    }

    private void window(int requests) {
        for (int i = 0; i < samples.size(); i++) {
            long admitted = samples.get(i).admitted();
            if (from < 0 && admitted >= requests / 10) {
                from = i;
            }
            if (to < 0 && admitted >= requests - requests / 10) { // 90 % of the calls, one per request
                to = i;
            }
        }
        if (from < 0 || to <= from) {
            throw new IllegalStateException("the run answered too few calls for a steady-state window ("
                    + (samples.isEmpty() ? 0 : samples.get(samples.size() - 1).admitted()) + " of " + requests
                    + "); raise --requests");
        }
    }

    double windowSeconds() {
        return (samples.get(to).nanos() - samples.get(from).nanos()) / 1e9;
    }

    long windowFrom() {
        return samples.get(from).admitted();
    }

    long windowTo() {
        return samples.get(to).admitted();
    }

    ExecutorLoadRun.Figures figures(int rateLimitRpm, int peakTasksInFlight) {
        double rate = (windowTo() - windowFrom()) / windowSeconds();
        double wire = samples.subList(from, to + 1).stream()
                .mapToLong(Sample::wire)
                .average()
                .orElse(0);
        return new ExecutorLoadRun.Figures(
                rate,
                peakWire,
                wire,
                peakTasksInFlight,
                100 * rate / (rateLimitRpm / 60.0),
                calls == 0 ? 0 : 100.0 * rejected429 / calls,
                peakHeap >> 20);
    }
}
