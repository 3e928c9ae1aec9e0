package dev.routeplane.cli;

import dev.routeplane.bench.e2e.E2eBenchOptions;
import dev.routeplane.bench.e2e.E2eBenchmark;
import dev.routeplane.bench.e2e.WarmUp;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The whole pipeline's speed on the embedded platform: the highest rate it completes and the milliseconds it adds to a
 * synchronous call; see {@link E2eBenchmark}. The API runs as its own process ({@code routeplane api}, from this jar).
 */
@Command(
        name = "e2e",
        mixinStandardHelpOptions = true,
        description =
                "The whole pipeline: a ramp to its highest completed rate, then the overhead of synchronous calls.")
public final class BenchE2eCommand implements Callable<Integer> {

    @Option(
            names = "--rates",
            split = ",",
            defaultValue = "50,100,250,500,1000,2000,3000",
            description = "Offered rates of the ramp's steps, req/s, ascending (default: ${DEFAULT-VALUE}).")
    List<Integer> rates;

    @Option(
            names = "--step-seconds",
            defaultValue = "15",
            description = "Seconds per ramp step (default: ${DEFAULT-VALUE}).")
    int stepSeconds;

    @Option(
            names = "--warmup-seconds",
            defaultValue = "30",
            description = "Least seconds of the ramp's warm-up at half the first rate (default: ${DEFAULT-VALUE}).")
    int warmupSeconds;

    @Option(
            names = "--warmup-max-seconds",
            defaultValue = "300",
            description = "Most seconds of the warm-up: past --warmup-seconds it goes on in 15 s slices until the JIT"
                    + " compiler threads use at most 0.15 cores (default: ${DEFAULT-VALUE}; equal to"
                    + " --warmup-seconds for a fixed warm-up).")
    int warmupMaxSeconds;

    @Option(
            names = "--rate",
            defaultValue = "500",
            description =
                    "Rate of the synchronous API phase and of the direct calls, req/s (default: ${DEFAULT-VALUE}).")
    int rate;

    @Option(
            names = "--duration-seconds",
            defaultValue = "60",
            description = "Seconds of the synchronous API phase (default: ${DEFAULT-VALUE}).")
    int durationSeconds;

    @Option(
            names = "--floor-seconds",
            defaultValue = "30",
            description = "Seconds of direct calls to the simulator, the floor (default: ${DEFAULT-VALUE}).")
    int floorSeconds;

    @Option(
            names = "--routers",
            defaultValue = "1",
            description = "Router instances against the one broker (default: ${DEFAULT-VALUE}).")
    int routers;

    @Option(
            names = "--executors",
            defaultValue = "1",
            description = "Executor instances against the one broker (default: ${DEFAULT-VALUE}).")
    int executors;

    @Option(
            names = "--tenant-copies",
            defaultValue = "1",
            description = "Runs each of the ramp's four tenants N times (copies <id>-2..-N, same policy), spreading"
                    + " tenant-keyed work over the partitions: the four all hash to partition 0 of 6, so a second"
                    + " router gets none of it (default: ${DEFAULT-VALUE}).")
    int tenantCopies;

    @Option(names = "--ramp-only", description = "Only the ramp, with its lost and duplicated counts.")
    boolean rampOnly;

    @Option(names = "--seed", defaultValue = "42", description = "Workload seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(
            names = "--data-dir",
            description = "Where the run keeps its data (default: a new directory under .routeplane/bench/).")
    Path dataDir;

    @Option(names = "--keep-data", description = "Keep the run's data directory.")
    boolean keepData;

    @Override
    public Integer call() throws Exception {
        BenchRun run = BenchRun.start("e2e", dataDir != null ? dataDir : Path.of(".routeplane", "bench"));
        try {
            E2eBenchOptions options = new E2eBenchOptions(
                    rates,
                    Duration.ofSeconds(stepSeconds),
                    new WarmUp(Duration.ofSeconds(warmupSeconds), Duration.ofSeconds(warmupMaxSeconds)),
                    rate,
                    Duration.ofSeconds(durationSeconds),
                    Duration.ofSeconds(floorSeconds),
                    routers,
                    executors,
                    tenantCopies,
                    rampOnly,
                    seed,
                    run.dataDir(),
                    BenchRun.apiCommand());
            return E2eBenchmark.run(options, System.out);
        } finally {
            if (!keepData) {
                run.deleteData();
            }
        }
    }
}
