package dev.routeplane.simulator;

/**
 * How long a simulated provider takes to answer. The delay is applied without holding a thread: the response is
 * scheduled and written when due.
 *
 * @param kind     the distribution
 * @param medianMs FIXED: the delay; UNIFORM: the lower bound; LOGNORMAL: the median
 * @param p95Ms    FIXED: ignored (equal to medianMs); UNIFORM: the upper bound; LOGNORMAL: the 95th percentile
 */
public record LatencyProfile(Kind kind, long medianMs, long p95Ms) {

    /** Latency distributions. */
    public enum Kind {
        FIXED,
        UNIFORM,
        LOGNORMAL
    }

    /** z-score of the 95th percentile of a standard normal, to turn (median, p95) into a lognormal sigma. */
    private static final double Z95 = 1.6448536269514722;
    /** Lognormal tails are unbounded; cap at 10 × p95 so one unlucky draw cannot look like a hang. */
    private static final long LOGNORMAL_CAP_FACTOR = 10;

    public LatencyProfile {
        if (kind == null) {
            throw new IllegalArgumentException("latency kind must be set");
        }
        if (medianMs < 0 || p95Ms < medianMs) {
            throw new IllegalArgumentException("latency needs 0 <= medianMs <= p95Ms, got " + medianMs + " / " + p95Ms);
        }
    }

    /** Always exactly {@code ms}. */
    public static LatencyProfile fixed(long ms) {
        return new LatencyProfile(Kind.FIXED, ms, ms);
    }

    /** Uniform in [{@code minMs}, {@code maxMs}]. */
    public static LatencyProfile uniform(long minMs, long maxMs) {
        return new LatencyProfile(Kind.UNIFORM, minMs, maxMs);
    }

    /** Lognormal with the given median and 95th percentile. */
    public static LatencyProfile lognormal(long medianMs, long p95Ms) {
        return new LatencyProfile(Kind.LOGNORMAL, medianMs, p95Ms);
    }

    /** Lognormal, median 800 ms, p95 2,500 ms: roughly a hosted mid-size model on a short answer. */
    public static LatencyProfile ofDefaults() {
        return lognormal(800, 2_500);
    }

    /**
     * The delay for one call.
     *
     * @param uniform   a uniform draw in [0, 1)
     * @param gaussian  a standard normal draw
     */
    long sampleMs(double uniform, double gaussian) {
        switch (kind) {
            case FIXED:
                return medianMs;
            case UNIFORM:
                return medianMs + (long) Math.floor(uniform * (p95Ms - medianMs + 1));
            default:
                if (medianMs == 0) {
                    return 0;
                }
                double sigma = Math.log((double) p95Ms / medianMs) / Z95;
                long ms = Math.round(medianMs * Math.exp(sigma * gaussian));
                return Math.min(ms, p95Ms * LOGNORMAL_CAP_FACTOR);
        }
    }
}
