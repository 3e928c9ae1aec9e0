package dev.routeplane.bench.batch;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * How {@code bench batch} runs.
 *
 * @param requests     lines of the batch file
 * @param faults       the realistic fault mix on every simulated provider
 * @param seed         workload and simulator seed
 * @param idleProbe    how long the interactive probe runs before the batch (the idle baseline)
 * @param timeout      longest wait for the batch to end
 * @param dataDir      where the run keeps its data (broker, API files)
 * @param apiCommand   the command that starts the HTTP API as its own process, arguments to be appended
 *                     ({@code java -cp <jar> <cli main class> api}); its live heap is measured
 */
public record BatchBenchOptions(
        int requests,
        boolean faults,
        long seed,
        Duration idleProbe,
        Duration timeout,
        Path dataDir,
        List<String> apiCommand) {

    public BatchBenchOptions {
        if (requests < 1 || requests > 50_000) {
            throw new IllegalArgumentException(
                    "--requests must be 1 to 50000 (OpenAI's limit per batch file), got " + requests);
        }
        apiCommand = List.copyOf(apiCommand);
    }
}
