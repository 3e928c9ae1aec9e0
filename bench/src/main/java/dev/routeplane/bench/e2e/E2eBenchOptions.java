package dev.routeplane.bench.e2e;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * How {@code bench e2e} runs.
 *
 * @param rampRates    offered rates of the ramp's steps in requests per second, ascending
 * @param step         how long each ramp step offers its rate
 * @param rampWarmUp   how long the ramp's warm-up offers half the first rate before the first step: at least its
 *                     minimum, then until the JIT compiler has settled, at most its maximum
 * @param fixedRate    the rate of the synchronous API phase and of the direct-call floor
 * @param fixedPhase   how long the API phase runs
 * @param floorPhase   how long the direct calls to the simulator run
 * @param routers      router instances (1 or more) against the one broker
 * @param executors    executor instances (1 or more) against the one broker
 * @param tenantCopies how many times each of the ramp's four tenants runs (1 or more): copies spread tenant-keyed work
 *                     over the partitions ({@link BenchSetup#withTenantCopies})
 * @param rampOnly     skip the API phase and the floor (for comparing scale-out ramps)
 * @param seed         workload seed
 * @param dataDir      where the run keeps its data (broker, state, API files, logs)
 * @param apiCommand   the command that starts the HTTP API as its own process, arguments to be appended
 */
public record E2eBenchOptions(
        List<Integer> rampRates,
        Duration step,
        WarmUp rampWarmUp,
        int fixedRate,
        Duration fixedPhase,
        Duration floorPhase,
        int routers,
        int executors,
        int tenantCopies,
        boolean rampOnly,
        long seed,
        Path dataDir,
        List<String> apiCommand) {

    public E2eBenchOptions {
        rampRates = List.copyOf(rampRates);
        if (rampRates.isEmpty()) {
            throw new IllegalArgumentException("--rates needs at least one rate");
        }
        for (int i = 0; i < rampRates.size(); i++) {
            if (rampRates.get(i) < 1 || (i > 0 && rampRates.get(i) <= rampRates.get(i - 1))) {
                throw new IllegalArgumentException("--rates must be positive and ascending, got " + rampRates);
            }
        }
        if (step.toSeconds() < 5) {
            throw new IllegalArgumentException("--step-seconds must be at least 5, got " + step.toSeconds());
        }
        if (fixedRate < 1) {
            throw new IllegalArgumentException("--rate must be at least 1, got " + fixedRate);
        }
        if (fixedPhase.toSeconds() < 1 || floorPhase.toSeconds() < 1) {
            throw new IllegalArgumentException("--duration-seconds and --floor-seconds must be at least 1");
        }
        if (routers < 1 || executors < 1) {
            throw new IllegalArgumentException(
                    "--routers and --executors must be at least 1, got " + routers + " and " + executors);
        }
        if (tenantCopies < 1 || tenantCopies > 100) {
            throw new IllegalArgumentException("--tenant-copies must be between 1 and 100, got " + tenantCopies);
        }
        apiCommand = List.copyOf(apiCommand);
    }
}
