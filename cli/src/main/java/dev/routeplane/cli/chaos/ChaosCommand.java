package dev.routeplane.cli.chaos;

import dev.routeplane.cli.LogFile;
import dev.routeplane.cli.RunDirectory;
import dev.routeplane.config.RouteplaneConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code routeplane chaos}: the pipeline as separate processes (the commands docker-compose runs) under a seeded mix
 * of faults (SIGKILLs of every service, a broker restart, a registry outage, bad records, a provider outage, long
 * provider calls) while a mixed workload is submitted, then reconciled against the topics and the simulated
 * providers' own records. Exit code 0 only if nothing was lost or doubled, the ledger equals the invoice, no budget was
 * overshot and no call left its request's policy.
 */
@Command(
        name = "chaos",
        mixinStandardHelpOptions = true,
        description = "Run every service as its own process under seeded faults and check the guarantees.")
public final class ChaosCommand implements Callable<Integer> {

    @Option(
            names = "--requests",
            paramLabel = "N",
            defaultValue = "3000",
            description = "Workload requests to submit (default: ${DEFAULT-VALUE}).")
    int requests;

    @Option(
            names = "--seed",
            defaultValue = "1",
            description = "Seed of the workload, the fault schedule and the simulator; the same seed replays the"
                    + " same run (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(
            names = "--bad-records",
            paramLabel = "N",
            defaultValue = "200",
            description = "Malformed, oversized and unknown-tenant records written among the requests (default:"
                    + " ${DEFAULT-VALUE}).")
    int badRecords;

    @Option(
            names = "--window",
            paramLabel = "SECONDS",
            description = "How long the requests are spread over; the faults fall inside it (default: requests / 25,"
                    + " at least 60).")
    Integer windowSeconds;

    @Option(
            names = "--extra-kills",
            paramLabel = "N",
            defaultValue = "2",
            description = "SIGKILLs of random services on top of one per service (default: ${DEFAULT-VALUE}).")
    int extraKills;

    @Option(
            names = "--timeout",
            paramLabel = "SECONDS",
            defaultValue = "600",
            description = "How long to wait for every outcome after submitting (default: ${DEFAULT-VALUE}).")
    int timeoutSeconds;

    @Option(
            names = "--latency-scale",
            paramLabel = "X",
            defaultValue = "0.25",
            description = "Multiplies the simulated provider latencies (default: ${DEFAULT-VALUE}).")
    double latencyScale;

    @Option(
            names = "--long-calls",
            paramLabel = "SHARE",
            defaultValue = "0.05",
            description = "Share of provider calls longer than the record lock (default: ${DEFAULT-VALUE}).")
    double longCalls;

    @Option(
            names = "--record-lock-ms",
            paramLabel = "MS",
            defaultValue = "15000",
            description = "The executors' share-group record lock, the broker's minimum by default"
                    + " (default: ${DEFAULT-VALUE}); long calls take 1.5 times it.")
    long recordLockMs;

    @Option(names = "--keep-data", description = "Keep the run's data under .routeplane/chaos/ (logs are always kept).")
    boolean keepData;

    @Override
    public Integer call() throws Exception {
        if (requests < 1) {
            throw new IllegalArgumentException("--requests must be at least 1, got " + requests);
        }
        int window = windowSeconds != null ? windowSeconds : Math.max(60, requests / 25);
        String runId = "chaos-" + seed + "-"
                + DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")
                        .withZone(ZoneOffset.UTC)
                        .format(Instant.now());
        Path data = Path.of(".routeplane", "chaos", runId);
        Path logs = Path.of(".routeplane", "logs", runId);
        // The harness's own Kafka clients complain loudly through a broker restart; their lines go to a file.
        LogFile.redirectTo(logs.resolve("chaos-harness.log"));
        ChaosRun.Settings settings = new ChaosRun.Settings(
                requests,
                seed,
                badRecords,
                Duration.ofSeconds(window),
                extraKills,
                Duration.ofSeconds(timeoutSeconds),
                latencyScale,
                longCalls,
                recordLockMs * 3 / 2,
                recordLockMs,
                "anthropic",
                0.02,
                7);
        ChaosRun run = new ChaosRun(settings, RouteplaneConfig.defaults(), data, logs, System.out);
        run.log("routeplane chaos " + runId + " (replay: ./routeplane chaos --requests " + requests + " --seed " + seed
                + ")");
        try {
            ChaosReport report = run.run(runId);
            System.out.println(report.line());
            return report.holds(6, 1) ? 0 : 1;
        } finally {
            if (!keepData) {
                RunDirectory.delete(data, "chaos");
            }
        }
    }
}
