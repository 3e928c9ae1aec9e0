package dev.routeplane.platform;

import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;

/**
 * Immutable settings of an {@link EmbeddedPlatform}.
 *
 * @param dataDir         where the broker keeps its data; survives restarts (the CLI's default is
 *                        {@code ./.routeplane/data})
 * @param kafkaPort       the broker's client port; {@code 0} picks a free port
 * @param registryPort    the schema registry's HTTP port; {@code 0} picks a free port
 * @param brokerOverrides broker properties applied over Routeplane's single-broker defaults
 */
public record PlatformOptions(Path dataDir, int kafkaPort, int registryPort, Map<String, String> brokerOverrides) {

    public PlatformOptions {
        Objects.requireNonNull(dataDir, "dataDir");
        BrokerOptions.checkPort("kafkaPort", kafkaPort);
        BrokerOptions.checkPort("registryPort", registryPort);
        brokerOverrides = Map.copyOf(Objects.requireNonNull(brokerOverrides, "brokerOverrides"));
    }

    /** Kafka on 9092, the registry on 8081, no overrides. */
    public static PlatformOptions of(Path dataDir) {
        return new PlatformOptions(dataDir, BrokerOptions.DEFAULT_PORT, RegistryOptions.DEFAULT_PORT, Map.of());
    }

    public PlatformOptions withPorts(int newKafkaPort, int newRegistryPort) {
        return new PlatformOptions(dataDir, newKafkaPort, newRegistryPort, brokerOverrides);
    }

    public PlatformOptions withBrokerOverrides(Map<String, String> overrides) {
        return new PlatformOptions(dataDir, kafkaPort, registryPort, overrides);
    }
}
