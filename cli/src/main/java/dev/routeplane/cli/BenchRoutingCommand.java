package dev.routeplane.cli;

import dev.routeplane.bench.routing.RoutingBenchOptions;
import dev.routeplane.bench.routing.RoutingBenchmark;
import dev.routeplane.control.ReplayRuntime;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Learned routing on recorded outcomes through the whole pipeline: train sweep with feedback, then the test split. */
@Command(
        name = "routing",
        mixinStandardHelpOptions = true,
        description = {
            "Replay DIR's train split with feedback, then route its test split, through the real pipeline "
                    + "(embedded broker, learner, router, executors against the replaying simulator, ledger); print every "
                    + "single model, per-task best, random, the oracle and the router.",
            "Last line: routing: accuracy <a> at $<c> = <p>%% of always-<best> (<ab> at $<cb>); oracle <ao> at $<co>"
        })
public final class BenchRoutingCommand implements Callable<Integer> {

    @Option(
            names = "--data",
            paramLabel = "DIR",
            required = true,
            description = "A RouterBench-shaped directory of <task>_{train,test}.csv files.")
    Path data;

    @Option(
            names = "--train-limit",
            paramLabel = "N",
            defaultValue = "0",
            description = "Replay at most N train prompts (default: all).")
    int trainLimit;

    @Option(
            names = "--test-limit",
            paramLabel = "N",
            defaultValue = "0",
            description = "Route at most N test prompts (default: all).")
    int testLimit;

    @Option(names = "--keep-data", description = "Keep the run's broker data and state.")
    boolean keepData;

    @Override
    public Integer call() throws Exception {
        if (!Files.isDirectory(data)) {
            throw new IllegalArgumentException("--data " + data + " is not a directory; pass the routerbench-subset "
                    + "directory (<task>_{train,test}.csv files)");
        }
        LogFile.redirectForRun("bench-routing");
        Path dir = Files.createTempDirectory("routeplane-bench-routing-");
        try {
            RoutingBenchmark.run(
                    RoutingBenchOptions.of(data, dir).withLimits(trainLimit, testLimit),
                    ReplayRuntime::start,
                    System.out);
        } finally {
            if (!keepData) {
                try (var paths = Files.walk(dir)) {
                    paths.sorted(Comparator.reverseOrder())
                            .forEach(p -> p.toFile().delete());
                }
            } else {
                System.out.println("data kept in " + dir);
            }
        }
        return 0;
    }
}
