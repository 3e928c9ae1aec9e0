package dev.routeplane.platform;

import java.time.Duration;
import java.util.Objects;

/**
 * Immutable settings of a {@link SchemaRegistryServer}.
 *
 * @param bootstrapServers the Kafka cluster holding the schema topic
 * @param port             the HTTP port on localhost; {@code 0} picks a free port
 * @param topic            the compacted topic storing schemas and compatibility levels
 * @param timeout          how long a request waits for Kafka (writes, reading the topic) before failing
 */
public record RegistryOptions(String bootstrapServers, int port, String topic, Duration timeout) {

    /** Confluent Schema Registry's port, where serializers look by default. */
    public static final int DEFAULT_PORT = 8081;
    /** Confluent Schema Registry's topic name. */
    public static final String DEFAULT_TOPIC = "_schemas";

    public RegistryOptions {
        Objects.requireNonNull(bootstrapServers, "bootstrapServers");
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(timeout, "timeout");
        BrokerOptions.checkPort("port", port);
        if (topic.isBlank()) {
            throw new IllegalArgumentException("topic must not be blank");
        }
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive, was " + timeout);
        }
    }

    /** Port 8081, topic {@code _schemas}, 30 s timeout. */
    public static RegistryOptions of(String bootstrapServers) {
        return new RegistryOptions(bootstrapServers, DEFAULT_PORT, DEFAULT_TOPIC, Duration.ofSeconds(30));
    }

    public RegistryOptions withPort(int newPort) {
        return new RegistryOptions(bootstrapServers, newPort, topic, timeout);
    }

    public RegistryOptions withTopic(String newTopic) {
        return new RegistryOptions(bootstrapServers, port, newTopic, timeout);
    }

    public RegistryOptions withTimeout(Duration newTimeout) {
        return new RegistryOptions(bootstrapServers, port, topic, newTimeout);
    }
}
