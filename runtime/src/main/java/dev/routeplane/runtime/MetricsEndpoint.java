package dev.routeplane.runtime;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A service's Prometheus endpoint: {@code GET /metrics} on its own port, in the Prometheus text format, from a
 * {@link PrometheusMeterRegistry} that also carries the JVM's metrics (memory, GC, threads, CPU, uptime).
 * Listens on every interface (a scraper runs elsewhere); the metrics hold ids and counts, never prompt text or keys.
 */
public final class MetricsEndpoint implements AutoCloseable {
    /** The content type Prometheus' text exposition format is served with. */
    public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private final HttpServer server;
    private final ExecutorService executor;

    private MetricsEndpoint(HttpServer server, ExecutorService executor) {
        this.server = server;
        this.executor = executor;
    }

    /**
     * A Prometheus registry with the JVM's metrics bound, apart from garbage collection: that binder listens to the
     * JVM's GC notifications until closed, so its owner binds it with {@link #bindGc} and closes it when done.
     */
    public static PrometheusMeterRegistry newRegistry() {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        new ClassLoaderMetrics().bindTo(registry);
        new JvmMemoryMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        return registry;
    }

    /** Binds the JVM's GC metrics to {@code registry}; close the result to stop listening. */
    public static AutoCloseable bindGc(PrometheusMeterRegistry registry) {
        JvmGcMetrics gc = new JvmGcMetrics();
        gc.bindTo(registry);
        return gc;
    }

    /**
     * Serves {@code registry} on {@code port} (0 = a free one).
     *
     * @throws IllegalArgumentException naming the port if it cannot be bound
     */
    public static MetricsEndpoint start(int port, PrometheusMeterRegistry registry) {
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress(port), 0);
        } catch (IOException e) {
            throw new IllegalArgumentException(
                    "cannot serve metrics on port " + port + " (" + e.getMessage()
                            + "); choose a free port with --metrics-port",
                    e);
        }
        ExecutorService executor = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "routeplane-metrics-http");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        server.createContext("/", exchange -> {
            try (exchange) {
                serve(exchange, registry);
            }
        });
        server.start();
        return new MetricsEndpoint(server, executor);
    }

    /** Answers one request: {@code GET /metrics} with the scrape, anything else 404/405. */
    public static void serve(HttpExchange exchange, PrometheusMeterRegistry registry) throws IOException {
        String path = exchange.getRequestURI().getPath();
        if (!path.equals("/metrics")) {
            reply(exchange, 404, "text/plain; charset=utf-8", "not found: " + path + " (metrics are at /metrics)\n");
            return;
        }
        if (!exchange.getRequestMethod().equals("GET")) {
            exchange.getResponseHeaders().set("Allow", "GET");
            reply(exchange, 405, "text/plain; charset=utf-8", "use GET /metrics\n");
            return;
        }
        reply(exchange, 200, CONTENT_TYPE, registry.scrape());
    }

    private static void reply(HttpExchange exchange, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public int port() {
        return server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
