package dev.routeplane.cli;

import dev.routeplane.bench.router.RouterBenchOptions;
import dev.routeplane.bench.router.RouterBenchmark;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The router topology against an identity topology with the same serdes, on the embedded broker, plus an io-shaped
 * topology doing the router's Kafka I/O without its computation (the bound the router's contract allows).
 */
@Command(
        name = "router",
        mixinStandardHelpOptions = true,
        description = "Router topology against an identity topology with the same serdes, and an io-shaped topology "
                + "(the router's writes without its computation).")
public final class BenchRouterCommand implements Callable<Integer> {

    @Option(
            names = "--requests",
            paramLabel = "N",
            description = "Requests per measured run (default: " + RouterBenchOptions.DEFAULT_REQUESTS + ").")
    Integer requests;

    @Option(
            names = "--warmup",
            paramLabel = "N",
            description =
                    "Warm-up requests before measuring (default: " + RouterBenchOptions.DEFAULT_WARMUP_REQUESTS + ").")
    Integer warmup;

    @Option(
            names = "--rounds",
            paramLabel = "N",
            description = "Rounds of identity, router and io-shaped runs, " + "order alternating (default: "
                    + RouterBenchOptions.DEFAULT_ROUNDS + ").")
    Integer rounds;

    @Option(
            names = "--partitions",
            paramLabel = "N",
            description = "Input partitions (default: " + RouterBenchOptions.DEFAULT_PARTITIONS + ").")
    Integer partitions;

    @Override
    public Integer call() throws Exception {
        LogFile.redirectForRun("bench-router");
        RouterBenchOptions options = RouterBenchOptions.defaults();
        if (requests != null) {
            options = options.withRequests(requests);
        }
        if (warmup != null) {
            options = options.withWarmupRequests(warmup);
        }
        if (rounds != null) {
            options = options.withRounds(rounds);
        }
        if (partitions != null) {
            options = options.withPartitions(partitions);
        }
        RouterBenchmark.run(options, System.out);
        return 0;
    }
}
