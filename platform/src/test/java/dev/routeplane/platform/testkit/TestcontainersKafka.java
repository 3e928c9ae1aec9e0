package dev.routeplane.platform.testkit;

import dev.routeplane.platform.internal.BrokerConfigs;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Locale;
import java.util.Map;
import org.apache.kafka.common.utils.AppInfoParser;

/**
 * Testcontainers' {@code org.testcontainers.kafka.KafkaContainer}, reached by reflection so this test-jar
 * compiles and runs without Testcontainers or Docker unless a build asks for them ({@code mvn verify
 * -Ptestcontainers}). The image is Apache Kafka's, of the same release as the clients on the classpath, with the
 * embedded broker's single-node settings ({@link BrokerConfigs#singleNode()}) as environment variables, so share
 * groups and transactions work on one broker there too.
 */
final class TestcontainersKafka implements AutoCloseable {
    static final String IMAGE = "apache/kafka:" + AppInfoParser.getVersion();

    private final Object container;

    private TestcontainersKafka(Object container) {
        this.container = container;
    }

    static TestcontainersKafka start() {
        Class<?> type;
        try {
            type = Class.forName("org.testcontainers.kafka.KafkaContainer");
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(
                    "routeplane.it.kafka=testcontainers needs org.testcontainers:kafka on the "
                            + "test classpath; add it as a test dependency or unset the property to use the embedded broker",
                    e);
        }
        requireDocker();
        try {
            Object container = type.getConstructor(String.class).newInstance(IMAGE);
            Method withEnv = type.getMethod("withEnv", String.class, String.class);
            for (Map.Entry<String, String> setting : BrokerConfigs.singleNode().entrySet()) {
                withEnv.invoke(container, environmentName(setting.getKey()), setting.getValue());
            }
            type.getMethod("start").invoke(container);
            return new TestcontainersKafka(container);
        } catch (InvocationTargetException e) {
            throw new IllegalStateException(
                    "Cannot start Kafka container " + IMAGE + ": " + e.getCause(), e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("Unsupported Testcontainers version: " + e, e);
        }
    }

    /** The apache/kafka image's environment variable for a broker property: {@code KAFKA_} + upper snake case. */
    static String environmentName(String property) {
        return "KAFKA_" + property.toUpperCase(Locale.ROOT).replace('.', '_');
    }

    private static void requireDocker() {
        boolean available;
        try {
            Class<?> factory = Class.forName("org.testcontainers.DockerClientFactory");
            Object instance = factory.getMethod("instance").invoke(null);
            available = (Boolean) factory.getMethod("isDockerAvailable").invoke(instance);
        } catch (ReflectiveOperationException | RuntimeException e) {
            available = false;
        }
        if (!available) {
            throw new IllegalStateException(
                    "routeplane.it.kafka=testcontainers needs a running Docker daemon, and none "
                            + "was found. Start Docker, or unset the property to use the embedded broker.");
        }
    }

    String bootstrapServers() {
        try {
            return (String)
                    container.getClass().getMethod("getBootstrapServers").invoke(container);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("Cannot read the container's bootstrap servers: " + e, e);
        }
    }

    @Override
    public void close() {
        try {
            container.getClass().getMethod("stop").invoke(container);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("Cannot stop Kafka container: " + e, e);
        }
    }
}
