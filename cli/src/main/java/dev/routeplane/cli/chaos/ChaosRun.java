package dev.routeplane.cli.chaos;

import dev.routeplane.cli.chaos.ChaosPlan.Event;
import dev.routeplane.cli.chaos.Outcomes.Counts;
import dev.routeplane.config.RouteplaneConfig;
import dev.routeplane.runtime.SimulatorSetup;
import dev.routeplane.runtime.SimulatorSetup.FaultProfile;
import dev.routeplane.schemas.Topics;
import dev.routeplane.simulator.FaultMix;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One chaos run: the cluster of processes, the seeded fault schedule played against it while the load is submitted,
 * then the wait for every outcome and the reconciliation. Prints each step with the seconds since the run started,
 * every fault as it happens (so a failing run can be replayed with the same seed), and ends with the report line.
 */
final class ChaosRun {
    /** Settings of one run. */
    record Settings(
            int requests,
            long seed,
            int badRecords,
            Duration window,
            int extraKills,
            Duration timeout,
            double latencyScale,
            double longCallShare,
            long longCallMs,
            long recordLockMs,
            String outageProvider,
            double contentFilter,
            int apiEvery) {}

    private static final DateTimeFormatter CLOCK_TIME =
            DateTimeFormatter.ofPattern("HH:mm:ss.SSS").withZone(ZoneOffset.UTC);

    private final Settings settings;
    private final RouteplaneConfig config;
    private final Path dataDir;
    private final Path logDir;
    private final PrintStream out;
    private final long t0 = System.nanoTime();
    private final AtomicLong kills = new AtomicLong();
    private final AtomicLong brokerRestarts = new AtomicLong();
    private final Map<String, Object> locks = new ConcurrentHashMap<>();
    private final List<String> failures = new ArrayList<>();

    ChaosRun(Settings settings, RouteplaneConfig config, Path dataDir, Path logDir, PrintStream out) {
        this.settings = settings;
        this.config = config;
        this.dataDir = dataDir;
        this.logDir = logDir;
        this.out = out;
    }

    /** Runs and returns the report; the cluster is stopped either way. */
    ChaosReport run(String runId) throws Exception {
        Instant started = Instant.now();
        ChaosPlan plan = ChaosPlan.draw(
                settings.seed(),
                settings.window().toMillis(),
                ChaosCluster.KILLABLE,
                settings.extraKills(),
                settings.badRecords(),
                settings.outageProvider());
        log("seed " + settings.seed() + ": " + plan.events().size() + " faults over a "
                + settings.window().toSeconds() + " s submission window (offsets from its start):");
        for (Event e : plan.events()) {
            log(String.format("  at +%6.1fs  %s", e.atMs() / 1000.0, e.describe()));
        }
        ChaosCluster.Settings clusterSettings =
                new ChaosCluster.Settings(settings.seed(), settings.latencyScale(), settings.recordLockMs());
        try (ChaosCluster cluster = new ChaosCluster(dataDir, logDir, clusterSettings, this::log)) {
            log("starting the processes (logs in " + logDir + ")");
            cluster.start();
            for (String name : List.of(ChaosCluster.PLATFORM, ChaosCluster.SIMULATOR, ChaosCluster.LEDGER)) {
                log("  " + name + " pid " + cluster.pid(name) + ": routeplane " + String.join(" ", cluster.args(name)));
            }
            for (String name : ChaosCluster.KILLABLE) {
                if (!name.equals(ChaosCluster.LEDGER)) {
                    log("  " + name + " pid " + cluster.pid(name) + ": routeplane "
                            + String.join(" ", cluster.args(name)));
                }
            }
            SimulatorAdmin simulator = new SimulatorAdmin(cluster.simulatorUrl());
            FaultMix mix = SimulatorSetup.faultMix(FaultProfile.REALISTIC, 30_000).toBuilder()
                    .contentFilter(settings.contentFilter())
                    .longCall(settings.longCallShare())
                    .longCallMs(settings.longCallMs())
                    .build();
            for (String provider : config.providers().keySet()) {
                simulator.faults(provider, mix);
            }
            log("provider faults: " + mix);
            Topics topics = Topics.defaults();
            String directRegistry = cluster.directRegistryUrl();
            try (ChaosLoad load = new ChaosLoad(
                            cluster.bootstrapServers(),
                            directRegistry,
                            cluster.apiUrl(),
                            topics,
                            settings.seed(),
                            this::log);
                    Outcomes outcomes = new Outcomes(cluster.bootstrapServers(), directRegistry, topics)) {
                // One thread per fault, so each happens when the plan says: a kill waits for its service to restart
                // (tens of seconds under load), and a smaller pool queued the later faults minutes past the window.
                ScheduledExecutorService faults =
                        Executors.newScheduledThreadPool(plan.events().size());
                List<ScheduledFuture<?>> scheduled = new ArrayList<>();
                long submitStart = System.nanoTime();
                for (Event e : plan.events()) {
                    scheduled.add(faults.schedule(
                            () -> play(e, cluster, simulator, load, runId), e.atMs(), TimeUnit.MILLISECONDS));
                }
                log("submitting " + settings.requests() + " requests over "
                        + settings.window().toSeconds() + " s (every " + settings.apiEvery()
                        + "th through the HTTP API)");
                load.submit(settings.seed(), settings.requests(), settings.window(), settings.apiEvery(), runId);
                log("all requests handed to the producer or the API");
                for (ScheduledFuture<?> f : scheduled) {
                    f.get();
                }
                faults.shutdown();
                load.awaitApi(Duration.ofMinutes(11));
                log(load.apiSummary());
                log("faults done after " + (System.nanoTime() - submitStart) / 1_000_000_000 + " s; waiting for"
                        + " every outcome (up to " + settings.timeout().toSeconds() + " s)");
                Counts counts = awaitOutcomes(outcomes, load);
                return reconcile(cluster, outcomes, load, counts, started);
            }
        }
    }

    private Counts awaitOutcomes(Outcomes outcomes, ChaosLoad load) throws InterruptedException {
        long deadline = System.nanoTime() + settings.timeout().toNanos();
        long lastPrint = 0;
        while (true) {
            outcomes.refresh();
            Counts counts = outcomes.count(load.submitted(), load.malformed());
            boolean done = counts.terminal() == counts.requests();
            if (done || System.nanoTime() > deadline) {
                log(counts.terminal() + " of " + counts.requests() + " have an outcome");
                return counts;
            }
            if (System.nanoTime() - lastPrint > 10_000_000_000L) {
                log(counts.terminal() + " of " + counts.requests() + " have an outcome so far");
                lastPrint = System.nanoTime();
            }
            Thread.sleep(1_000);
        }
    }

    private ChaosReport reconcile(
            ChaosCluster cluster, Outcomes outcomes, ChaosLoad load, Counts counts, Instant started) throws Exception {
        Reconciliation check =
                new Reconciliation(config, cluster.simulatorUrl(), cluster.ledgerUrl(), started, this::log);
        // The ledger bills asynchronously; give it time to catch up with the last calls' cost events.
        long invoice = check.invoiceMicros();
        long ledger = check.ledgerMicros();
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (ledger != invoice && System.nanoTime() < deadline) {
            Thread.sleep(1_000);
            invoice = check.invoiceMicros();
            ledger = check.ledgerMicros();
        }
        outcomes.refresh();
        outcomes.refreshDecisionsAndCosts();
        counts = outcomes.count(load.submitted(), load.malformed());
        counts.lost().stream().limit(10).forEach(key -> log("  lost: " + key));
        counts.doubled().stream()
                .limit(10)
                .forEach(key -> log("  more than one outcome: " + key + " " + outcomes.outcomesOf(key)));
        log("budgets (invoiced spend per tenant, from the providers' records):");
        List<Reconciliation.Call> invoiceLines = check.invoiceLines();
        long overshoot = check.overshootMicros(invoiceLines, outcomes);
        check.explainLedger(invoiceLines, outcomes.costEvents(), ledger);
        long violations = check.policyViolations(check.received(), outcomes);
        failures.forEach(f -> log("  fault step failed: " + f));
        return new ChaosReport(
                counts.requests(),
                counts.terminal(),
                counts.duplicates(),
                ledger,
                invoice,
                overshoot,
                violations,
                kills.get(),
                brokerRestarts.get());
    }

    private void play(Event e, ChaosCluster cluster, SimulatorAdmin simulator, ChaosLoad load, String runId) {
        String target = e.kind() == ChaosPlan.Kind.BROKER_RESTART ? ChaosCluster.PLATFORM : e.target();
        synchronized (locks.computeIfAbsent(target, t -> new Object())) {
            try {
                switch (e.kind()) {
                    case KILL -> {
                        long pid = cluster.kill(target);
                        kills.incrementAndGet();
                        log("SIGKILL " + target + " (pid " + pid + ")");
                        Thread.sleep(e.durationMs());
                        log("restarting " + target);
                        log(target + " running again (pid " + cluster.restart(target) + ")");
                    }
                    case BROKER_RESTART -> {
                        long pid = cluster.kill(ChaosCluster.PLATFORM);
                        brokerRestarts.incrementAndGet();
                        log("SIGKILL the broker and registry (pid " + pid + ")");
                        Thread.sleep(e.durationMs());
                        log("broker and registry running again (pid " + cluster.restart(ChaosCluster.PLATFORM)
                                + ") on the same data and ports");
                    }
                    case REGISTRY_OUTAGE -> {
                        cluster.cutRegistry();
                        log("registry unreachable");
                        Thread.sleep(e.durationMs());
                        cluster.restoreRegistry();
                        log("registry reachable again");
                    }
                    case BAD_RECORDS -> {
                        load.badRecords(e.count(), runId);
                        log("wrote " + e.count() + " malformed, oversized and unknown-tenant records");
                    }
                    case PROVIDER_OUTAGE -> {
                        simulator.outage(target, true);
                        log("provider " + target + " down");
                        Thread.sleep(e.durationMs());
                        simulator.outage(target, false);
                        log("provider " + target + " back");
                    }
                }
            } catch (Exception ex) {
                synchronized (failures) {
                    failures.add(e.describe() + ": " + ex);
                }
                log("fault step '" + e.describe() + "' failed: " + ex);
            }
        }
    }

    void log(String message) {
        synchronized (out) {
            out.printf("[+%6.1fs %s] %s%n", (System.nanoTime() - t0) / 1e9, CLOCK_TIME.format(Instant.now()), message);
            out.flush();
        }
    }
}
