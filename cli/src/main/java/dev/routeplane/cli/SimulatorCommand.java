package dev.routeplane.cli;

import dev.routeplane.config.RouteplaneConfig;
import dev.routeplane.runtime.MetricsEndpoint;
import dev.routeplane.runtime.SimulatorSetup;
import dev.routeplane.runtime.SimulatorSetup.FaultProfile;
import dev.routeplane.simulator.FaultMix;
import dev.routeplane.simulator.ProviderMode;
import dev.routeplane.simulator.SimulatedProvider;
import dev.routeplane.simulator.SimulatorConfig;
import dev.routeplane.simulator.SimulatorServer;
import dev.routeplane.simulator.WireFormat;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** The provider simulator on its own, for pointing real clients or executors at it. */
@Command(name = "simulator", mixinStandardHelpOptions = true, description = "Run the provider simulator until Ctrl-C.")
public final class SimulatorCommand implements Callable<Integer> {

    @Option(names = "--port", defaultValue = "8089", description = "HTTP port (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(
            names = "--bind-address",
            paramLabel = "ADDRESS",
            defaultValue = SimulatorConfig.LOOPBACK,
            description = "Interface to listen on (default: ${DEFAULT-VALUE}); 0.0.0.0 where executors run on other"
                    + " hosts, as in docker-compose.yml. Its /_sim/ endpoints change faults and outages: keep it"
                    + " off networks others reach.")
    String bindAddress;

    @Option(
            names = "--config",
            paramLabel = "FILE",
            description = "routeplane.yaml whose providers and models to simulate (default: the bundled example).")
    Path configFile;

    @Option(
            names = "--faults",
            defaultValue = "NONE",
            description = "Injected faults: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    FaultProfile faults;

    @Option(
            names = "--latency-scale",
            defaultValue = "1.0",
            description = "Multiplies the configured latency priors (default: ${DEFAULT-VALUE}).")
    double latencyScale;

    @Option(
            names = "--replay-data",
            paramLabel = "DIR",
            description = "Also serve a provider 'replay' answering recorded prompts from this routerbench directory.")
    Path replayData;

    @Option(
            names = "--seed",
            defaultValue = "42",
            description = "Seed for latencies, faults and outputs (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(
            names = "--long-calls",
            paramLabel = "SHARE",
            defaultValue = "0",
            description = "Share of calls (0-1) that answer only after --long-call-ms, on top of --faults"
                    + " (default: ${DEFAULT-VALUE}).")
    double longCalls;

    @Option(
            names = "--long-call-ms",
            paramLabel = "MS",
            defaultValue = "" + FaultMix.DEFAULT_LONG_CALL_MS,
            description = "How long a long call takes (default: ${DEFAULT-VALUE}).")
    long longCallMs;

    @Option(
            names = "--metrics-port",
            paramLabel = "PORT",
            description = "Serve Prometheus metrics (JVM) at http://<host>:PORT/metrics (default: none).")
    Integer metricsPort;

    @Mixin
    MetricsAccessOptions metricsAccess;

    @Override
    public Integer call() throws Exception {
        if (!(longCalls >= 0 && longCalls <= 1)) {
            throw new IllegalArgumentException("--long-calls must be between 0 and 1, got " + longCalls);
        }
        RouteplaneConfig config = configFile == null ? RouteplaneConfig.defaults() : RouteplaneConfig.load(configFile);
        SimulatorConfig simulated =
                SimulatorSetup.fromConfig(config, Instant.now(), port, seed, faults, latencyScale, 30_000);
        simulated = new SimulatorConfig(
                bindAddress,
                simulated.port(),
                simulated.seed(),
                simulated.providers(),
                simulated.replayDataDir(),
                simulated.handlerThreads(),
                simulated.keepCalls());
        if (replayData != null) {
            if (!Files.isDirectory(replayData)) {
                throw new IllegalArgumentException("--replay-data " + replayData + " is not a directory");
            }
            simulated = SimulatorConfig.builder()
                    .bindAddress(simulated.bindAddress())
                    .port(simulated.port())
                    .seed(simulated.seed())
                    .providers(simulated.providers())
                    .provider(SimulatedProvider.builder("replay", WireFormat.OPENAI)
                            .mode(ProviderMode.REPLAY)
                            .build())
                    .replayDataDir(replayData)
                    .build();
        }
        SimulatorServer server = SimulatorServer.start(simulated);
        if (longCalls > 0) {
            for (SimulatedProvider provider : simulated.providers()) {
                server.setFaults(
                        provider.id(),
                        provider.faults().toBuilder()
                                .longCall(longCalls)
                                .longCallMs(longCallMs)
                                .build());
            }
        }
        PrometheusMeterRegistry registry = MetricsEndpoint.newRegistry();
        MetricsEndpoint.bindGc(registry); // for the life of this process
        MetricsEndpoint metrics =
                metricsPort == null ? null : MetricsEndpoint.start(metricsPort, registry, metricsAccess.access());
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            if (metrics != null) {
                                metrics.close();
                            }
                            server.close();
                            stopped.countDown();
                        },
                        "simulator-shutdown"));
        System.out.println("routeplane simulator on " + bindAddress + " port " + server.port() + " (faults: " + faults
                + (longCalls > 0 ? ", " + longCalls + " of calls take " + longCallMs + " ms" : "") + ")");
        for (SimulatedProvider provider : simulated.providers()) {
            System.out.printf("  %-14s %-9s %s%n", provider.id(), provider.wireFormat(), server.baseUrl(provider.id()));
        }
        System.out.println("  invoice:  http://localhost:" + server.port() + "/_sim/invoice/total"
                + "   (lines: /_sim/invoice?lines=true)");
        System.out.println("Press Ctrl-C to stop.");
        stopped.await();
        return 0;
    }
}
