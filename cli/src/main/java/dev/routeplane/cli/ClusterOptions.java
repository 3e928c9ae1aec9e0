package dev.routeplane.cli;

import dev.routeplane.schemas.RegistrySerdeConfig;
import dev.routeplane.schemas.RouteplaneSerdes;
import java.util.HashMap;
import java.util.Map;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * A cluster and its registry, for commands that read or write Routeplane's topics as a client: Kafka's connection
 * options and {@code --schema-registry-url}, with serdes configured from both (the registry's basic auth may be in
 * the {@code --command-config} file).
 */
public final class ClusterOptions {

    @Mixin
    KafkaOptions kafka;

    @Option(
            names = "--schema-registry-url",
            paramLabel = "URL",
            defaultValue = "http://localhost:8081",
            description = "Schema registry (default: ${DEFAULT-VALUE}).")
    String registryUrl;

    /** Kafka client properties: the {@code --command-config} file's, then the bootstrap servers. */
    Map<String, Object> clientConfig() {
        return kafka.clientConfig();
    }

    /** Serdes for Routeplane's topics against this registry. */
    RouteplaneSerdes serdes() {
        Map<String, Object> serdeConfig = new HashMap<>(kafka.clientConfig());
        serdeConfig.put(RegistrySerdeConfig.SCHEMA_REGISTRY_URL, registryUrl);
        return new RouteplaneSerdes(serdeConfig);
    }
}
