package dev.routeplane.platform;

import dev.routeplane.platform.internal.BrokerConfigs;
import dev.routeplane.platform.internal.KafkaStorage;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.common.utils.Time;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real Apache Kafka broker in KRaft mode (combined broker and controller, node id 1), run in this JVM
 * from Kafka's own server code, the same {@code KafkaRaftServer} that {@code kafka-server-start.sh} runs.
 *
 * <p>Lifecycle: {@link #start} formats the data directory if it holds no Kafka storage yet, starts the
 * broker and returns once it answers clients; {@link #close} stops it and waits for the shutdown to finish.
 * Topics and records live under {@link #dataDir()} and survive a restart on the same directory.
 *
 * <p>Failure: as in a standalone broker, a fatal metadata fault (e.g. a corrupt metadata log) makes Kafka
 * halt the JVM; there is no in-process recovery from those.
 *
 * <p>Threading: the methods are safe to call from any thread; {@link #close} is idempotent.
 */
public final class EmbeddedKafkaBroker implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedKafkaBroker.class);
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);

    private final BrokerOptions options;
    private final int port;
    private final int controllerPort;
    private final KafkaRaftServer server;
    private boolean closed;

    private EmbeddedKafkaBroker(BrokerOptions options, int port, int controllerPort, KafkaRaftServer server) {
        this.options = options;
        this.port = port;
        this.controllerPort = controllerPort;
        this.server = server;
    }

    /**
     * Starts a broker and blocks until it serves clients.
     *
     * @throws PlatformException when a port is taken, the data directory is unusable, or the broker does not
     *                           become ready within 60 s; nothing is left running in that case
     */
    public static EmbeddedKafkaBroker start(BrokerOptions options) {
        Path dataDir = options.dataDir().toAbsolutePath().normalize();
        Path logDir = dataDir.resolve("kafka");
        int port = claim("Kafka client port", options.port());
        int controllerPort = claim("Kafka controller port", options.controllerPort());
        // Two "any free port" picks can return the same port, since the first one is released before the
        // second is asked for; Kafka refuses listeners sharing a port, so pick again.
        for (int tries = 0; controllerPort == port && options.controllerPort() == 0 && tries < 10; tries++) {
            controllerPort = claim("Kafka controller port", 0);
        }
        if (controllerPort == port) {
            throw new PlatformException("The Kafka client and controller ports must differ, both are " + port
                    + "; choose another controller port (0 picks a free one).");
        }
        try {
            KafkaStorage.formatIfNeeded(logDir);
        } catch (Exception e) {
            throw new PlatformException(
                    "Cannot format Kafka storage in " + logDir + ": " + e.getMessage()
                            + ". Check the directory is writable, or delete it to start from scratch.",
                    e);
        }
        Map<String, String> props = BrokerConfigs.build(logDir, port, controllerPort, options.overrides());
        KafkaRaftServer server;
        try {
            server = new KafkaRaftServer(new KafkaConfig(props, false), Time.SYSTEM);
        } catch (RuntimeException e) {
            throw new PlatformException("Invalid Kafka broker configuration: " + e.getMessage(), e);
        }
        EmbeddedKafkaBroker broker = new EmbeddedKafkaBroker(options, port, controllerPort, server);
        try {
            server.startup();
            broker.awaitReady();
        } catch (RuntimeException e) {
            broker.close();
            throw new PlatformException(
                    "Kafka broker on port " + port + " (data " + logDir + ") failed to start: " + e.getMessage(), e);
        }
        LOG.info("Kafka broker ready on {} (data {})", broker.bootstrapServers(), logDir);
        return broker;
    }

    private static int claim(String what, int requested) {
        int resolved = LocalPorts.resolve(requested);
        if (!LocalPorts.isFree(resolved)) {
            throw new PlatformException(what + " " + resolved + " is already in use on localhost. Stop the process "
                    + "using it (another Kafka broker?) or choose another port (0 picks a free one).");
        }
        return resolved;
    }

    private void awaitReady() {
        Properties config = new Properties();
        config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        try (Admin admin = Admin.create(config)) {
            while (true) {
                try {
                    int nodes = admin.describeCluster(new DescribeClusterOptions().timeoutMs(5_000))
                            .nodes()
                            .get(10, TimeUnit.SECONDS)
                            .size();
                    if (nodes > 0) {
                        return;
                    }
                } catch (Exception e) {
                    if (System.nanoTime() > deadline) {
                        throw new IllegalStateException("not ready after " + READY_TIMEOUT.toSeconds() + " s: " + e, e);
                    }
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("not ready after " + READY_TIMEOUT.toSeconds() + " s");
                }
                Thread.sleep(100); // a bounded readiness poll of a separate server, not a test wait
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the broker", e);
        }
    }

    /** {@code localhost:<port>}, for {@code bootstrap.servers}. */
    public String bootstrapServers() {
        return "localhost:" + port;
    }

    /** The client port actually bound (resolved when the options asked for 0). */
    public int port() {
        return port;
    }

    /** The controller port actually bound. */
    public int controllerPort() {
        return controllerPort;
    }

    /** The data directory given in the options (Kafka's files are in its {@code kafka} subdirectory). */
    public Path dataDir() {
        return options.dataDir();
    }

    public BrokerOptions options() {
        return options;
    }

    /** Stops the broker and waits until it has shut down; later calls do nothing. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        server.shutdown();
        server.awaitShutdown();
        LOG.info("Kafka broker on port {} stopped", port);
    }
}
