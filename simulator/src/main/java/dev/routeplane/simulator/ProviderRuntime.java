package dev.routeplane.simulator;

import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/** The live state of one simulated provider: current faults and outage, its rate window, draws and counters. */
final class ProviderRuntime {

    private static final long GOLDEN = 0x9E3779B97F4A7C15L;

    final SimulatedProvider config;
    final WireCodec codec;
    final RateWindow window;
    private volatile FaultMix faults;
    private volatile boolean outage;
    private volatile boolean batchFailure;
    private final long drawSeed;
    private final AtomicLong draws = new AtomicLong();
    private final Map<String, LongAdder> outcomes = new ConcurrentHashMap<>();

    ProviderRuntime(SimulatedProvider config, long seed) {
        this.config = config;
        this.codec = config.wireFormat() == WireFormat.ANTHROPIC ? new AnthropicCodec() : new OpenAiCodec();
        this.window = new RateWindow(config.rpm(), config.tpm());
        this.faults = config.faults();
        this.outage = config.outage();
        this.drawSeed = seed ^ (config.id().hashCode() * GOLDEN);
    }

    /**
     * The random draws of one call. The n-th call of a provider always gets the same draws for the same seed, so
     * a run that sends calls in the same order sees the same faults and latencies.
     *
     * @param fault     uniform in [0, 1), picks the fault
     * @param latency   uniform in [0, 1), for uniform latency
     * @param gaussian  standard normal, for lognormal latency
     * @param alternate a coin flip, e.g. 500 versus overloaded for a server-error fault
     */
    record Draw(double fault, double latency, double gaussian, boolean alternate) {}

    Draw nextDraw() {
        SplittableRandom r = new SplittableRandom(drawSeed + draws.getAndIncrement() * GOLDEN);
        double fault = r.nextDouble();
        double latency = r.nextDouble();
        double u1 = 1.0 - r.nextDouble(); // (0, 1], keeps log finite
        double u2 = r.nextDouble();
        double gaussian = Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
        return new Draw(fault, latency, gaussian, r.nextBoolean());
    }

    FaultMix faults() {
        return faults;
    }

    void setFaults(FaultMix faults) {
        this.faults = faults;
    }

    boolean outage() {
        return outage;
    }

    void setOutage(boolean outage) {
        this.outage = outage;
    }

    /** Whether batches created from now on fail (OpenAI: status failed; Anthropic: every line errored). */
    boolean batchFailure() {
        return batchFailure;
    }

    void setBatchFailure(boolean failing) {
        this.batchFailure = failing;
    }

    /** Counts one finished call under an outcome label (an HTTP status, or e.g. {@code timeout}). */
    void count(String outcome) {
        outcomes.computeIfAbsent(outcome, k -> new LongAdder()).increment();
    }

    Map<String, Long> counts() {
        Map<String, Long> out = new TreeMap<>();
        outcomes.forEach((k, v) -> out.put(k, v.sum()));
        return out;
    }
}
