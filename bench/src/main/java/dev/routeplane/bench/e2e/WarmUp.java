package dev.routeplane.bench.e2e;

import java.time.Duration;
import java.util.Map;

/**
 * How long the ramp's warm-up lasts: at least its minimum, then until the JIT compiler has settled, at most its
 * maximum. Everything starts cold in one JVM (broker, clients, Streams, HTTP, simulator), and the compiler threads
 * decide the ramp: on this project's 2-core machine every run that kept up to 1,500 req/s started its ramp with them at
 * about 0.1 core, while the runs that fell behind at 500-1,000 still had them at 0.23-0.51 cores 4-5 minutes after the
 * start (docs/benchmarks.md, ninth and tenth sessions). A fixed warm-up measured sometimes the one and sometimes the
 * other; waiting for the compiler measures the pipeline a long-running deployment has.
 *
 * <p>The warm-up runs in slices of {@link #SLICE}; after each, the compiler threads' CPU over that slice
 * ({@link JvmThreadCpu}) says whether it has settled: at most {@link #SETTLED_CORES}.
 *
 * @param minimum how long the warm-up lasts at least ({@code --warmup-seconds})
 * @param maximum how long it lasts at most, settled or not ({@code --warmup-max-seconds})
 */
public record WarmUp(Duration minimum, Duration maximum) {
    /** The compiler threads' cores (over one slice) at or below which the compiler counts as settled. */
    static final double SETTLED_CORES = 0.15;

    /** How long each slice of the warm-up lasts, the last one shortened to the maximum. */
    static final Duration SLICE = Duration.ofSeconds(15);

    public WarmUp {
        if (minimum.isNegative()) {
            throw new IllegalArgumentException("--warmup-seconds must be 0 or more, got " + minimum.toSeconds());
        }
        if (maximum.compareTo(minimum) < 0) {
            throw new IllegalArgumentException("--warmup-max-seconds (" + maximum.toSeconds()
                    + ") must be at least --warmup-seconds (" + minimum.toSeconds() + ")");
        }
    }

    /** The next slice after {@code elapsed} of warming, or zero when the warm-up is over. */
    Duration nextSlice(Duration elapsed, double compilerCores) {
        if (elapsed.compareTo(maximum) >= 0) {
            return Duration.ZERO;
        }
        if (elapsed.compareTo(minimum) >= 0 && settled(compilerCores)) {
            return Duration.ZERO;
        }
        Duration left = maximum.minus(elapsed);
        return left.compareTo(SLICE) < 0 ? left : SLICE;
    }

    /** Whether the compiler counts as settled at {@code cores}; NaN (nothing measured yet) does not. */
    static boolean settled(double cores) {
        return cores <= SETTLED_CORES;
    }

    /**
     * The compiler threads' cores between two readings {@code wallNs} apart: NaN before the first slice; 0 where no
     * compiler thread can be read (not Linux), so the minimum alone then decides.
     */
    static double compilerCores(
            Map<Long, JvmThreadCpu.Reading> start, Map<Long, JvmThreadCpu.Reading> end, long wallNs) {
        long ns = JvmThreadCpu.between(start, end).getOrDefault(JvmThreadCpu.COMPILER, 0L);
        return wallNs <= 0 ? 0 : ns / (double) wallNs;
    }
}
