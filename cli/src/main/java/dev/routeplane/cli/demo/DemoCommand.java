package dev.routeplane.cli.demo;

import dev.routeplane.cli.LogFile;
import dev.routeplane.cli.RunDirectory;
import dev.routeplane.client.RequestSender;
import dev.routeplane.config.RouteplaneConfig;
import dev.routeplane.runtime.RouteplaneRuntime;
import dev.routeplane.runtime.RuntimeOptions;
import dev.routeplane.runtime.SimulatorSetup.FaultProfile;
import dev.routeplane.schemas.RouteplaneSerdes;
import dev.routeplane.simulator.SimulatorServer;
import dev.routeplane.simulator.workload.MixedWorkload;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The one-command demo: the whole pipeline on the embedded platform against the provider simulator, a mixed
 * workload from several tenants, a live progress line, and a summary whose last line scripts can check.
 */
@Command(
        name = "demo",
        mixinStandardHelpOptions = true,
        description = "Run the whole pipeline on a mixed workload and summarise it.")
public final class DemoCommand implements Callable<Integer> {

    @Option(
            names = "--requests",
            paramLabel = "N",
            defaultValue = "2000",
            description = "Requests to submit (default: ${DEFAULT-VALUE}).")
    int requests;

    @Option(
            names = "--faults",
            description = "Add provider errors, rate limits and timeouts, and take one provider down mid-run.")
    boolean faults;

    @Option(
            names = "--outage-provider",
            paramLabel = "ID",
            defaultValue = "anthropic",
            description = "With --faults, the provider that goes down mid-run (default: ${DEFAULT-VALUE}).")
    String outageProvider;

    @Option(
            names = "--config",
            paramLabel = "FILE",
            description = "routeplane.yaml to use (default: the bundled example).")
    Path configFile;

    @Option(
            names = "--latency-scale",
            paramLabel = "X",
            defaultValue = "0.25",
            description = "Multiplies the simulated provider latencies (default: ${DEFAULT-VALUE}, a fast demo).")
    double latencyScale;

    @Option(
            names = "--timeout",
            paramLabel = "SECONDS",
            defaultValue = "600",
            description = "Give up waiting for results after this long (default: ${DEFAULT-VALUE}).")
    int timeoutSeconds;

    @Option(
            names = "--seed",
            defaultValue = "42",
            description = "Workload and simulator seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--keep-data", description = "Keep the run's data directory under .routeplane/demo/.")
    boolean keepData;

    @Override
    public Integer call() throws Exception {
        if (requests < 1) {
            throw new IllegalArgumentException("--requests must be at least 1, got " + requests);
        }
        RouteplaneConfig config = configFile == null ? RouteplaneConfig.defaults() : RouteplaneConfig.load(configFile);
        if (faults && !config.providers().containsKey(outageProvider)) {
            throw new IllegalArgumentException(
                    "--outage-provider '" + outageProvider + "' is not a configured provider; " + "known: "
                            + String.join(", ", config.providers().keySet()));
        }
        Clock clock = Clock.systemUTC();
        String runId = "demo-"
                + DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")
                        .withZone(ZoneOffset.UTC)
                        .format(clock.instant());
        Path dataDir = Path.of(".routeplane", "demo", runId);
        Path logFile = LogFile.redirectTo(Path.of(".routeplane", "logs", runId + ".log"));
        RuntimeOptions options = RuntimeOptions.embedded(config, dataDir)
                .withFaults(faults ? FaultProfile.REALISTIC : FaultProfile.NONE)
                .withLatencyScale(latencyScale)
                .withSeed(seed);
        Progress progress = new Progress(System.out);
        progress.line("routeplane demo: " + requests + " requests from " + MixedWorkload.DEMO_TENANTS.size()
                + " tenants" + (faults ? ", with provider faults and a " + outageProvider + " outage" : "")
                + " (service logs: " + logFile + ")");
        Instant started = clock.instant();
        try (RouteplaneRuntime runtime = RouteplaneRuntime.start(options, step -> progress.line("  " + step))) {
            RouteplaneSerdes serdes = runtime.serdes();
            try (PipelineWatcher watcher =
                    new PipelineWatcher(runtime.clientProperties(), runtime.topics(), serdes, runId)) {
                submit(runtime, serdes, runId, progress);
                SimulatorServer simulator = runtime.simulator().orElseThrow();
                WatchSnapshot last = awaitTerminal(watcher, simulator, progress, started, clock);
                LedgerTotal ledger = new LedgerTotal(
                        runtime.ledger().orElseThrow().queries(),
                        config.tenants().keySet(),
                        started,
                        clock);
                long invoice = awaitLedger(ledger, simulator);
                long billed = ledger.costMicros();
                last = watcher.snapshot();
                progress.finish();
                new DemoSummary(config, clock.instant())
                        .print(System.out, requests, last, billed, invoice, Duration.between(started, clock.instant()));
                return last.terminal() == requests && last.duplicateResults() == 0 && billed == invoice ? 0 : 1;
            }
        } finally {
            if (!keepData) {
                RunDirectory.delete(dataDir, "demo");
            }
        }
    }

    private void submit(RouteplaneRuntime runtime, RouteplaneSerdes serdes, String runId, Progress progress)
            throws Exception {
        MixedWorkload workload = MixedWorkload.demo(seed, Clock.systemUTC(), runId);
        List<CompletableFuture<Void>> acks = new ArrayList<>(requests);
        try (RequestSender sender =
                new RequestSender(runtime.clientProperties(), runtime.topics(), serdes, "routeplane-demo")) {
            for (int i = 0; i < requests; i++) {
                acks.add(sender.send(workload.next()));
            }
            CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new)).get();
        }
        progress.line("  submitted " + requests + " requests to "
                + runtime.topics().requests().name());
    }

    private WatchSnapshot awaitTerminal(
            PipelineWatcher watcher, SimulatorServer simulator, Progress progress, Instant started, Clock clock)
            throws InterruptedException {
        Instant deadline = started.plusSeconds(timeoutSeconds);
        boolean outageStarted = false;
        WatchSnapshot snapshot = watcher.snapshot();
        while (snapshot.terminal() < requests && clock.instant().isBefore(deadline)) {
            if (faults && !outageStarted && snapshot.terminal() >= requests / 4) {
                simulator.setOutage(outageProvider, true);
                outageStarted = true;
                progress.line("  outage: provider " + outageProvider + " now answers every call with 503");
            }
            progress.update(requests, snapshot, simulator.inFlight());
            Thread.sleep(250);
            snapshot = watcher.snapshot();
        }
        progress.update(requests, snapshot, simulator.inFlight());
        return snapshot;
    }

    /**
     * The ledger bills asynchronously (exactly-once commits every 100 ms) and the cost events of the last calls
     * may land just after their results; wait briefly for it to catch up with the invoice.
     */
    private static long awaitLedger(LedgerTotal ledger, SimulatorServer simulator) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        long invoice = simulator.invoice().totalMicros();
        while (System.nanoTime() < deadline && ledger.costMicros() != invoice) {
            Thread.sleep(200);
            invoice = simulator.invoice().totalMicros();
        }
        return invoice;
    }
}
