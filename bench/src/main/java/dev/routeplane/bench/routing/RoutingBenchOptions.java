package dev.routeplane.bench.routing;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * Settings of {@link RoutingBenchmark}.
 *
 * @param dataDir    a RouterBench-shaped directory ({@code <task>_{train,test}.csv})
 * @param workDir    broker data and service state; deleted afterwards by the caller if temporary
 * @param trainLimit train prompts replayed with feedback, at most (0 = all); for quick runs
 * @param testLimit  test prompts routed, at most (0 = all); for quick runs
 * @param seed       orders the train replay and seeds the pipeline
 * @param timeout    longest wait for one phase
 */
public record RoutingBenchOptions(
        Path dataDir, Path workDir, int trainLimit, int testLimit, long seed, Duration timeout) {

    public RoutingBenchOptions {
        Objects.requireNonNull(dataDir, "dataDir");
        Objects.requireNonNull(workDir, "workDir");
        Objects.requireNonNull(timeout, "timeout");
        if (trainLimit < 0 || testLimit < 0) {
            throw new IllegalArgumentException("limits must be >= 0 (0 = all), got " + trainLimit + " / " + testLimit);
        }
    }

    /** Every prompt, seed 42, 30 minutes per phase. */
    public static RoutingBenchOptions of(Path dataDir, Path workDir) {
        return new RoutingBenchOptions(dataDir, workDir, 0, 0, 42L, Duration.ofMinutes(30));
    }

    public RoutingBenchOptions withLimits(int train, int test) {
        return new RoutingBenchOptions(dataDir, workDir, train, test, seed, timeout);
    }
}
