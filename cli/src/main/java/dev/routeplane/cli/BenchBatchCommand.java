package dev.routeplane.cli;

import dev.routeplane.bench.batch.BatchBenchOptions;
import dev.routeplane.bench.batch.BatchBenchmark;
import dev.routeplane.bench.batch.ProviderBatchBenchmark;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * A large batch through the OpenAI Files and Batches API on the embedded platform while an interactive probe runs; see
 * {@link BatchBenchmark}. The API runs as its own process ({@code routeplane api}, started from this same jar) so its
 * live heap can be measured.
 */
@Command(
        name = "batch",
        mixinStandardHelpOptions = true,
        description = "A large mixed batch through the Batches API beside an interactive probe.")
public final class BenchBatchCommand implements Callable<Integer> {

    @Option(
            names = "--requests",
            defaultValue = "20000",
            description = "Lines of the batch file, at most 50000 (default: ${DEFAULT-VALUE}).")
    int requests;

    @Option(names = "--faults", description = "Add the realistic fault mix (5xx, 429s, timeouts, cut-off answers).")
    boolean faults;

    @Option(
            names = "--seed",
            defaultValue = "42",
            description = "Workload and simulator seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(
            names = "--idle-probe-seconds",
            defaultValue = "30",
            description = "How long the interactive probe runs alone first (default: ${DEFAULT-VALUE}).")
    int idleSeconds;

    @Option(
            names = "--timeout-minutes",
            defaultValue = "120",
            description = "Give up when the batch has not ended after this long (default: ${DEFAULT-VALUE}).")
    int timeoutMinutes;

    @Option(
            names = "--provider-batch",
            description =
                    "Let the tenant use providers' own batch APIs at the batch price (tenants.acme.providerBatch);"
                            + " prints the cost against all-synchronous execution and the ledger against the invoice.")
    boolean providerBatch;

    @Option(names = "--keep-data", description = "Keep the run's data directory under .routeplane/bench/.")
    boolean keepData;

    @Override
    public Integer call() throws Exception {
        BenchRun run = BenchRun.start("batch", Path.of(".routeplane", "bench"));
        try {
            BatchBenchOptions options = new BatchBenchOptions(
                    requests,
                    faults,
                    seed,
                    Duration.ofSeconds(idleSeconds),
                    Duration.ofMinutes(timeoutMinutes),
                    run.dataDir(),
                    BenchRun.apiCommand());
            return providerBatch
                    ? ProviderBatchBenchmark.run(options, System.out)
                    : BatchBenchmark.run(options, System.out);
        } finally {
            if (!keepData) {
                run.deleteData();
            }
        }
    }
}
