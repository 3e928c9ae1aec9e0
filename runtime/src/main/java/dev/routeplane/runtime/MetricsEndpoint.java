package dev.routeplane.runtime;

import dev.routeplane.http.HttpLimits;
import dev.routeplane.http.LimitedHttpServer;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.UncheckedIOException;
import java.util.Objects;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * A service's Prometheus endpoint: {@code GET /metrics} in the Prometheus text format, from a
 * {@link PrometheusMeterRegistry} that also carries the JVM's metrics (memory, GC, threads, CPU, uptime), on its
 * own port ({@link #start}) or mounted on the API's ({@link #handler}). {@link MetricsAccess} decides who may
 * scrape; the metrics hold ids and counts, never prompt text or keys. Given the process's {@link ServiceHealth}, it
 * also answers {@code GET /health}: 200 while every service works, 503 when one stopped while the process runs. Health
 * names only services and their states, so it is answered to every caller that reaches the port (a liveness probe
 * carries no token).
 */
public final class MetricsEndpoint implements AutoCloseable {
    /** The content type Prometheus' text exposition format is served with. */
    public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private static final String TEXT = "text/plain; charset=utf-8";
    private static final String JSON = "application/json";

    private final LimitedHttpServer server;

    private MetricsEndpoint(LimitedHttpServer server) {
        this.server = server;
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
     * Serves {@code registry} on {@code port} (0 = a free one), on every interface or only loopback as
     * {@code access} says.
     *
     * @throws IllegalArgumentException naming the port if it cannot be bound
     */
    public static MetricsEndpoint start(int port, PrometheusMeterRegistry registry, MetricsAccess access) {
        return start(port, registry, access, null);
    }

    /** As {@link #start(int, PrometheusMeterRegistry, MetricsAccess)}, also answering {@code /health} from {@code health}. */
    public static MetricsEndpoint start(
            int port, PrometheusMeterRegistry registry, MetricsAccess access, ServiceHealth health) {
        try {
            // A scrape sends no body; a small thread pool is plenty.
            HttpLimits limits =
                    HttpLimits.ofDefaults().withMaxRequestBodyBytes(0).withMaxThreads(8);
            return new MetricsEndpoint(LimitedHttpServer.start(
                    "metrics", access.bindAddress(), port, limits, handler(registry, access, health)));
        } catch (UncheckedIOException e) {
            throw new IllegalArgumentException(
                    "cannot serve metrics on port " + port + " (" + e.getCause().getMessage()
                            + "); choose a free port with --metrics-port",
                    e);
        }
    }

    /**
     * Answers {@code GET /metrics} with the scrape, if {@code access} admits the caller (403 for a peer that is
     * not on loopback when it must be, 401 without the token); other paths 404, other methods 405.
     */
    public static Handler handler(PrometheusMeterRegistry registry, MetricsAccess access) {
        return handler(registry, access, null);
    }

    /** As {@link #handler(PrometheusMeterRegistry, MetricsAccess)}, and {@code GET /health} from {@code health}. */
    public static Handler handler(PrometheusMeterRegistry registry, MetricsAccess access, ServiceHealth health) {
        Objects.requireNonNull(registry, "registry");
        Objects.requireNonNull(access, "access");
        return new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) {
                String path = request.getHttpURI().getPath();
                if (health != null && "/health".equals(path)) {
                    if ("GET".equals(request.getMethod())) {
                        reply(response, callback, health.healthy() ? 200 : 503, JSON, health.json());
                    } else {
                        response.getHeaders().put(HttpHeader.ALLOW, "GET");
                        reply(response, callback, 405, TEXT, "use GET /health\n");
                    }
                } else if (!"/metrics".equals(path)) {
                    reply(response, callback, 404, TEXT, "not found (metrics are at /metrics)\n");
                } else if (!"GET".equals(request.getMethod())) {
                    response.getHeaders().put(HttpHeader.ALLOW, "GET");
                    reply(response, callback, 405, TEXT, "use GET /metrics\n");
                } else if (!access.admitsPeer(Request.getRemoteAddr(request))) {
                    reply(response, callback, 403, TEXT, "metrics are served to loopback clients only\n");
                } else if (!access.admitsCredentials(request.getHeaders().get(HttpHeader.AUTHORIZATION))) {
                    response.getHeaders().put(HttpHeader.WWW_AUTHENTICATE, "Bearer realm=\"routeplane-metrics\"");
                    reply(response, callback, 401, TEXT, "send Authorization: Bearer <metrics token>\n");
                } else {
                    reply(response, callback, 200, CONTENT_TYPE, registry.scrape());
                }
                return true;
            }
        };
    }

    private static void reply(Response response, Callback callback, int status, String type, String body) {
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, type);
        Content.Sink.write(response, true, body, callback);
    }

    public int port() {
        return server.port();
    }

    @Override
    public void close() {
        server.close();
    }
}
