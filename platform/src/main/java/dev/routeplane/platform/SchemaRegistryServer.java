package dev.routeplane.platform;

import com.sun.net.httpserver.HttpServer;
import dev.routeplane.platform.internal.KafkaSchemaLog;
import dev.routeplane.platform.internal.RegistryHttpHandler;
import dev.routeplane.platform.internal.RegistryRoutes;
import dev.routeplane.platform.internal.RegistryService;
import dev.routeplane.platform.internal.RegistryState;
import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A schema registry speaking the part of Confluent Schema Registry's REST API that serializers and
 * operators use (register, look up, fetch by id, subjects and versions, compatibility checks and levels),
 * for Avro schemas, storing everything in a compacted Kafka topic so ids survive restarts.
 *
 * <p>Lifecycle: {@link #start} creates the topic if missing, reads it to the end to rebuild its state, then
 * serves HTTP; {@link #close} stops serving, then stops reading the topic. A write is answered only after
 * it has been read back from the topic, so any number of servers on the same topic agree on ids.
 *
 * <p>Threading: requests are served concurrently; writes are serialised within one server. The methods
 * are safe to call from any thread; {@link #close} is idempotent.
 */
public final class SchemaRegistryServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SchemaRegistryServer.class);
    private static final int HTTP_THREADS = 8;

    private final RegistryOptions options;
    private final KafkaSchemaLog log;
    private final HttpServer http;
    private final RegistryHttpHandler handler;
    private final ExecutorService executor;
    private final int port;
    private boolean closed;

    private SchemaRegistryServer(
            RegistryOptions options,
            KafkaSchemaLog log,
            HttpServer http,
            RegistryHttpHandler handler,
            ExecutorService executor) {
        this.options = options;
        this.log = log;
        this.http = http;
        this.handler = handler;
        this.executor = executor;
        this.port = http.getAddress().getPort();
    }

    /**
     * Starts a registry and returns once it serves requests with the topic's full state.
     *
     * @throws PlatformException when the port is taken or the topic cannot be created or read
     */
    public static SchemaRegistryServer start(RegistryOptions options) {
        // Bind first: a taken port fails fast, before any Kafka work; requests wait in the backlog until start.
        HttpServer http;
        try {
            http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), options.port()), 0);
        } catch (IOException e) {
            String reason = e instanceof BindException ? "it is already in use on localhost" : e.getMessage();
            throw new PlatformException(
                    "Schema registry cannot listen on port " + options.port() + ": " + reason
                            + ". Stop the process using it or choose another port (0 picks a free one).",
                    e);
        }
        RegistryState state = new RegistryState();
        KafkaSchemaLog log;
        try {
            log = KafkaSchemaLog.open(options.bootstrapServers(), options.topic(), state, options.timeout());
        } catch (RuntimeException e) {
            http.stop(0);
            throw new PlatformException(
                    "Schema registry cannot use topic '" + options.topic() + "' on " + options.bootstrapServers() + ": "
                            + describe(e),
                    e);
        }
        AtomicInteger threads = new AtomicInteger();
        ExecutorService executor = Executors.newFixedThreadPool(HTTP_THREADS, task -> {
            Thread thread = new Thread(task, "routeplane-registry-http-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        RegistryHttpHandler handler = new RegistryHttpHandler(new RegistryRoutes(new RegistryService(state, log)));
        http.createContext("/", handler);
        http.setExecutor(executor);
        http.start();
        SchemaRegistryServer server = new SchemaRegistryServer(options, log, http, handler, executor);
        LOG.info(
                "Schema registry ready on {} (topic {}, {} subject(s))",
                server.url(),
                options.topic(),
                state.subjects().size());
        return server;
    }

    private static String describe(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root == e ? String.valueOf(e.getMessage()) : e.getMessage() + " (cause: " + root + ")";
    }

    /** {@code http://localhost:<port>}, for {@code schema.registry.url}. */
    public String url() {
        return "http://localhost:" + port();
    }

    /** The HTTP port actually bound (resolved when the options asked for 0). */
    public int port() {
        return port;
    }

    public RegistryOptions options() {
        return options;
    }

    /** Lets in-flight requests finish (up to 1 s), stops serving, then stops reading the topic. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        // HttpServer.stop(delay) always sleeps the whole delay; waiting for idle first makes stop(0) safe and quick.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(1);
        try {
            while (handler.inFlight() > 0 && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        http.stop(0);
        executor.shutdown();
        try {
            executor.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        log.close();
        LOG.info("Schema registry on port {} stopped", port());
    }
}
