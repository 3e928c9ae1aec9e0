package dev.routeplane.cli;

import dev.routeplane.config.RouteplaneConfig;
import dev.routeplane.runtime.RuntimeOptions;
import dev.routeplane.runtime.RuntimeOptions.Service;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.kafka.clients.CommonClientConfigs;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Options of every service command ({@code router}, {@code executors}, {@code ledger serve}, {@code api}): the
 * cluster and registry to use, the configuration, where state lives and the metrics port.
 */
public final class ServiceOptions {

    @Mixin
    KafkaOptions kafka;

    @Option(
            names = "--schema-registry-url",
            paramLabel = "URL",
            defaultValue = "http://localhost:8081",
            description = "Schema registry (Confluent-compatible REST API); user info in the URL is used for basic auth"
                    + " (default: ${DEFAULT-VALUE}).")
    String registryUrl;

    @Option(names = "--config", paramLabel = "FILE", description = "routeplane.yaml (default: the bundled example).")
    Path configFile;

    @Option(
            names = "--metrics-port",
            paramLabel = "PORT",
            description = "Serve Prometheus metrics at http://<host>:PORT/metrics (default: no metrics endpoint).")
    Integer metricsPort;

    @Mixin
    MetricsAccessOptions metricsAccess;

    @Option(
            names = "--data-dir",
            paramLabel = "DIR",
            defaultValue = ".routeplane/service",
            description = "Kafka Streams state and service files (default: ${DEFAULT-VALUE}).")
    Path dataDir;

    @Option(
            names = "--partitions",
            paramLabel = "N",
            defaultValue = "6",
            description = "Partitions for topics this service creates if missing (default: ${DEFAULT-VALUE}).")
    int partitions;

    RouteplaneConfig config() {
        return configFile == null ? RouteplaneConfig.defaults() : RouteplaneConfig.load(configFile);
    }

    /** Where and to whom this service serves {@code /metrics}. */
    ForegroundService.Metrics metrics() {
        return new ForegroundService.Metrics(metricsPort, metricsAccess.access());
    }

    /** Options for a runtime running {@code services} of this process against the given cluster. */
    RuntimeOptions runtimeOptions(RouteplaneConfig config, Set<Service> services) {
        Map<String, String> passThrough = new TreeMap<>();
        kafka.clientConfig().forEach((k, v) -> passThrough.put(k, String.valueOf(v)));
        passThrough.remove(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG);
        return RuntimeOptions.embedded(config, dataDir)
                .withCluster(kafka.bootstrapServers(), registryUrl)
                .withPartitions(partitions)
                .withServices(services)
                .withKafkaProperties(passThrough);
    }
}
