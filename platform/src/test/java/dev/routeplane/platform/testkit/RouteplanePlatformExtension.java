package dev.routeplane.platform.testkit;

import dev.routeplane.platform.EmbeddedPlatform;
import dev.routeplane.platform.PlatformOptions;
import dev.routeplane.platform.RegistryOptions;
import dev.routeplane.platform.SchemaRegistryServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Gives a test class a real Kafka broker and schema registry on free ports, with a temporary data directory
 * deleted afterwards. Register it on a static field so it spans the class:
 *
 * <pre>{@code
 * @RegisterExtension
 * static final RouteplanePlatformExtension platform = new RouteplanePlatformExtension();
 * }</pre>
 *
 * <p>With {@code -Drouteplane.it.kafka=testcontainers} Kafka runs in
 * Testcontainers' {@code apache/kafka} container instead, with the registry still embedded; that needs
 * {@code org.testcontainers:kafka} on the test classpath and Docker.
 *
 * <p>Threading: start and stop happen on JUnit's thread; the accessors may be read from any thread.
 */
public final class RouteplanePlatformExtension implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback {
    /** System property choosing the Kafka behind the extension: unset (embedded) or {@code testcontainers}. */
    public static final String KAFKA_PROPERTY = "routeplane.it.kafka";

    private Path dataDir;
    private volatile EmbeddedPlatform embedded;
    private TestcontainersKafka container;
    private volatile SchemaRegistryServer containerRegistry;

    @Override
    public void beforeAll(ExtensionContext context) throws IOException {
        dataDir = Files.createTempDirectory("routeplane-it-");
        if ("testcontainers".equals(System.getProperty(KAFKA_PROPERTY))) {
            container = TestcontainersKafka.start();
            containerRegistry = SchemaRegistryServer.start(
                    RegistryOptions.of(container.bootstrapServers()).withPort(0));
        } else {
            embedded = EmbeddedPlatform.start(PlatformOptions.of(dataDir).withPorts(0, 0));
        }
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        if (embedded == null && containerRegistry == null) {
            throw new IllegalStateException("RouteplanePlatformExtension did not start: register it on a static field "
                    + "(@RegisterExtension static final RouteplanePlatformExtension platform = ...)");
        }
    }

    @Override
    public void afterAll(ExtensionContext context) {
        try {
            stop();
        } finally {
            deleteRecursively(dataDir);
        }
    }

    /**
     * Stops the registry and Kafka and starts them again on the same data directory and ports, as a process
     * restart would. With Testcontainers only the registry restarts.
     */
    public void restart() {
        if (embedded != null) {
            PlatformOptions previous = embedded.options()
                    .withPorts(embedded.broker().port(), embedded.registry().port());
            embedded.close();
            embedded = EmbeddedPlatform.start(previous);
        } else {
            int port = containerRegistry.port();
            containerRegistry.close();
            containerRegistry = SchemaRegistryServer.start(
                    RegistryOptions.of(container.bootstrapServers()).withPort(port));
        }
    }

    public String bootstrapServers() {
        return embedded != null ? embedded.bootstrapServers() : container.bootstrapServers();
    }

    public String registryUrl() {
        return embedded != null ? embedded.registryUrl() : containerRegistry.url();
    }

    /** The temporary data directory (unused by Kafka in Testcontainers mode). */
    public Path dataDir() {
        return dataDir;
    }

    /** A new mutable map with {@code bootstrap.servers}, for {@code Admin.create}. */
    public Map<String, Object> adminConfig() {
        Map<String, Object> config = new HashMap<>();
        config.put("bootstrap.servers", bootstrapServers());
        return config;
    }

    /** A new mutable map for a durable producer; add serializers. */
    public Map<String, Object> producerProps() {
        Map<String, Object> config = adminConfig();
        config.put("acks", "all");
        config.put("enable.idempotence", true);
        return config;
    }

    /** A new mutable map for a consumer in {@code groupId} reading from the earliest offset; add deserializers. */
    public Map<String, Object> consumerProps(String groupId) {
        Map<String, Object> config = adminConfig();
        config.put("group.id", groupId);
        config.put("auto.offset.reset", "earliest");
        config.put("enable.auto.commit", false);
        return config;
    }

    private void stop() {
        try {
            if (embedded != null) {
                embedded.close();
            }
            if (containerRegistry != null) {
                containerRegistry.close();
            }
        } finally {
            if (container != null) {
                container.close();
            }
        }
    }

    private static void deleteRecursively(Path dir) {
        if (dir == null || !Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> {
                try {
                    Files.delete(path);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot delete test data directory " + dir, e);
        }
    }
}
