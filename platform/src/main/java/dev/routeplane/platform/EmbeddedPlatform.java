package dev.routeplane.platform;

import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded default platform: an {@link EmbeddedKafkaBroker} and a {@link SchemaRegistryServer} backed
 * by it, what {@code routeplane up} runs so nothing has to be installed.
 *
 * <p>Lifecycle: {@link #start} starts the broker, then the registry, and returns when both serve; if the
 * registry fails the broker is stopped again. {@link #close} stops the registry, then the broker, and waits
 * for both. The process owning the platform should call {@link #close} from a shutdown hook so the broker's
 * logs are closed cleanly (an unclean stop only costs log recovery on the next start).
 *
 * <p>Threading: safe to call from any thread; {@link #close} is idempotent.
 */
public final class EmbeddedPlatform implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedPlatform.class);

    private final PlatformOptions options;
    private final EmbeddedKafkaBroker broker;
    private final SchemaRegistryServer registry;
    private boolean closed;

    private EmbeddedPlatform(PlatformOptions options, EmbeddedKafkaBroker broker, SchemaRegistryServer registry) {
        this.options = options;
        this.broker = broker;
        this.registry = registry;
    }

    /** @throws PlatformException when the broker or the registry cannot start; nothing is left running */
    public static EmbeddedPlatform start(PlatformOptions options) {
        EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(BrokerOptions.builder(options.dataDir())
                .port(options.kafkaPort())
                .overrides(options.brokerOverrides())
                .build());
        try {
            SchemaRegistryServer registry = SchemaRegistryServer.start(
                    RegistryOptions.of(broker.bootstrapServers()).withPort(options.registryPort()));
            LOG.info("Routeplane platform up: Kafka {}, schema registry {}", broker.bootstrapServers(), registry.url());
            return new EmbeddedPlatform(options, broker, registry);
        } catch (RuntimeException e) {
            broker.close();
            throw e;
        }
    }

    /** {@code localhost:<port>} of the broker. */
    public String bootstrapServers() {
        return broker.bootstrapServers();
    }

    /** {@code http://localhost:<port>} of the schema registry. */
    public String registryUrl() {
        return registry.url();
    }

    public Path dataDir() {
        return options.dataDir();
    }

    public EmbeddedKafkaBroker broker() {
        return broker;
    }

    public SchemaRegistryServer registry() {
        return registry;
    }

    public PlatformOptions options() {
        return options;
    }

    /** Stops the registry, then the broker, waiting for both; later calls do nothing. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            registry.close();
        } finally {
            broker.close();
        }
    }
}
