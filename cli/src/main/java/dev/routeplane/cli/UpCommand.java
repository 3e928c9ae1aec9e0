package dev.routeplane.cli;

import dev.routeplane.api.ApiWiring;
import dev.routeplane.api.FileLimits;
import dev.routeplane.api.PublicListenGuard;
import dev.routeplane.api.TenantAuthenticator;
import dev.routeplane.config.EnvAndFileSecretResolver;
import dev.routeplane.config.RouteplaneConfig;
import dev.routeplane.runtime.LearningOptions;
import dev.routeplane.runtime.MetricsAccess;
import dev.routeplane.runtime.MetricsEndpoint;
import dev.routeplane.runtime.RouteplaneRuntime;
import dev.routeplane.runtime.RuntimeOptions;
import dev.routeplane.runtime.RuntimeOptions.Service;
import dev.routeplane.runtime.SimulatorSetup.FaultProfile;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Runs Routeplane in the foreground: on the embedded platform (a real KRaft broker and the schema registry)
 * or against an existing cluster, with the router, executors, ledger and (by default) the provider simulator.
 * Stops cleanly on Ctrl-C.
 */
@Command(
        name = "up",
        mixinStandardHelpOptions = true,
        description = "Start Kafka, the registry and every service until Ctrl-C.")
public final class UpCommand implements Callable<Integer> {

    @Option(
            names = "--data-dir",
            paramLabel = "DIR",
            defaultValue = ".routeplane/data",
            description = "Broker, registry and service state; a restart reuses it (default: ${DEFAULT-VALUE}).")
    Path dataDir;

    @Option(
            names = "--kafka-port",
            paramLabel = "PORT",
            defaultValue = "9092",
            description = "Embedded Kafka client port other tools connect to (default: ${DEFAULT-VALUE}).")
    int kafkaPort;

    @Option(
            names = "--registry-port",
            paramLabel = "PORT",
            defaultValue = "8081",
            description = "Embedded schema registry HTTP port (default: ${DEFAULT-VALUE}).")
    int registryPort;

    @Option(
            names = "--bootstrap-servers",
            paramLabel = "HOST:PORT[,...]",
            description = "Use an existing Kafka cluster instead of the embedded broker (needs --schema-registry-url).")
    String bootstrapServers;

    @Option(
            names = "--schema-registry-url",
            paramLabel = "URL",
            description = "The existing cluster's schema registry (Confluent-compatible REST API).")
    String registryUrl;

    @Option(
            names = "--command-config",
            paramLabel = "FILE",
            description = "Kafka client properties (SASL, TLS, ...) for an existing cluster, passed to every client.")
    Path commandConfig;

    @Option(
            names = "--partitions",
            paramLabel = "N",
            defaultValue = "6",
            description = "Partitions for topics this command creates (default: ${DEFAULT-VALUE}).")
    int partitions;

    @Option(names = "--config", paramLabel = "FILE", description = "routeplane.yaml (default: the bundled example).")
    Path configFile;

    @Option(
            names = "--no-simulator",
            negatable = true,
            defaultValue = "true",
            description = "Call the providers' real base URLs with real keys instead of the bundled simulator.")
    boolean simulator;

    @Option(
            names = "--simulator-port",
            paramLabel = "PORT",
            defaultValue = "8089",
            description = "Provider simulator port (default: ${DEFAULT-VALUE}).")
    int simulatorPort;

    @Option(
            names = "--faults",
            defaultValue = "NONE",
            description = "Simulated provider faults: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    FaultProfile faults;

    @Option(
            names = "--api-port",
            paramLabel = "PORT",
            defaultValue = "8080",
            description =
                    "HTTP API port: OpenAI-compatible chat completions, files and batches, ledger (default: ${DEFAULT-VALUE}).")
    int apiPort;

    @Option(names = "--no-api", negatable = true, defaultValue = "true", description = "Do not start the HTTP API.")
    boolean api;

    @Option(
            names = "--metrics-port",
            paramLabel = "PORT",
            description = "Also serve Prometheus metrics on this port (they are always at the API's /metrics).")
    Integer metricsPort;

    @Mixin
    MetricsAccessOptions metricsAccess;

    @Mixin
    FileLimitOptions files;

    @Option(
            names = "--learned-routing",
            description = "Route by learned per-prompt success estimates, and run the learner (trains them from "
                    + "rp.feedback.v1) and the online alias guard.")
    boolean learnedRouting;

    @Option(
            names = "--services",
            split = ",",
            paramLabel = "SERVICE",
            description = "Run only these services: ${COMPLETION-CANDIDATES} (default: all).")
    Set<Service> services;

    @Override
    public Integer call() throws Exception {
        RouteplaneConfig config = configFile == null ? RouteplaneConfig.defaults() : RouteplaneConfig.load(configFile);
        Set<Service> which =
                services == null || services.isEmpty() ? EnumSet.allOf(Service.class) : EnumSet.copyOf(services);
        if (!simulator) {
            which.remove(Service.SIMULATOR);
        }
        RuntimeOptions options = RuntimeOptions.embedded(config, dataDir)
                .withPorts(kafkaPort, registryPort, simulatorPort)
                .withPartitions(partitions)
                .withServices(which)
                .withFaults(faults);
        if (bootstrapServers != null || registryUrl != null) {
            options = options.withCluster(bootstrapServers, registryUrl)
                    .withKafkaProperties(KafkaOptions.readProperties(commandConfig));
        } else if (commandConfig != null) {
            throw new IllegalArgumentException(
                    "--command-config applies to an existing cluster: give --bootstrap-servers"
                            + " and --schema-registry-url too (the embedded broker needs no client settings)");
        }
        MetricsAccess access = metricsAccess.access(); // before anything starts: a missing token fails fast
        // Demo keys on the embedded platform only, where the API listens on loopback; against a cluster the API
        // listens on every interface and so needs every tenant's real key, checked before anything starts.
        TenantAuthenticator authenticator =
                TenantAuthenticator.fromConfig(config, EnvAndFileSecretResolver.system(), options.embeddedPlatform());
        if (api) {
            PublicListenGuard.check("the API", PublicListenGuard.defaultHost(authenticator), authenticator);
        }
        FileLimits fileLimits = files.limits();
        System.out.println("routeplane up: data in " + dataDir.toAbsolutePath());
        LearningOptions learning = learnedRouting ? LearningOptions.learned() : LearningOptions.none();
        RouteplaneRuntime runtime =
                RouteplaneRuntime.start(options, learning, step -> System.out.println("routeplane up: " + step));
        ApiWiring apiServer;
        try {
            apiServer = api ? new ApiWiring(runtime, apiPort, authenticator, null, null, fileLimits, access) : null;
        } catch (RuntimeException e) {
            runtime.close();
            throw e;
        }
        MetricsEndpoint metrics;
        try {
            metrics = metricsPort == null
                    ? null
                    : MetricsEndpoint.start(metricsPort, runtime.meters(), access, runtime.health());
        } catch (RuntimeException e) {
            if (apiServer != null) {
                apiServer.close();
            }
            runtime.close();
            throw e;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            System.out.println("routeplane up: stopping...");
                            if (metrics != null) {
                                metrics.close();
                            }
                            if (apiServer != null) {
                                apiServer.close();
                            }
                            runtime.close();
                            System.out.println("routeplane up: stopped cleanly");
                            stopped.countDown();
                        },
                        "routeplane-shutdown"));
        System.out.println();
        System.out.println("  Kafka bootstrap servers: " + runtime.bootstrapServers());
        System.out.println("  Schema registry URL:     " + runtime.registryUrl());
        runtime.simulator()
                .ifPresent(s -> System.out.println("  Provider simulator:      http://localhost:" + s.port()
                        + "  (invoice: /_sim/invoice/total)"));
        System.out.println("  Services:                " + which);
        if (metrics != null) {
            System.out.println("  Metrics:                 http://localhost:" + metrics.port() + "/metrics");
        }
        if (apiServer != null) {
            System.out.println(
                    "  HTTP API:                " + apiServer.server().baseUri()
                            + "  (OpenAI-compatible: /v1/chat/completions, /v1/files, /v1/batches; /v1/ledger/; /metrics)");
            apiServer
                    .authenticator()
                    .demoKeysInUse()
                    .forEach((tenant, key) -> System.out.printf("    demo API key for %-10s %s%n", tenant + ":", key));
        }
        System.out.println();
        System.out.println("Submit requests to " + runtime.topics().requests().name()
                + " (keyed by tenantId); press Ctrl-C to stop.");
        stopped.await();
        return 0;
    }
}
