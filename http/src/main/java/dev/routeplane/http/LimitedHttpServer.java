package dev.routeplane.http;

import dev.routeplane.http.internal.JsonErrorHandler;
import dev.routeplane.http.internal.RequestTimeoutHandler;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeoutException;
import org.eclipse.jetty.http.HttpException;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.NetworkConnectionLimit;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.MinimumDataRateHandler;
import org.eclipse.jetty.server.handler.SizeLimitHandler;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An HTTP/1.1 server (Jetty 12) holding to {@link HttpLimits}: connections, headers and bodies are read by
 * Jetty's selector without a thread per connection, so clients that trickle their headers hold a connection
 * slot and nothing else; bodies are size-capped and rate-checked; every request has an overall deadline.
 * Errors Jetty raises itself are answered as OpenAI-shaped JSON.
 *
 * <p>The handler gets Jetty's {@code Request}, {@code Response} and {@code Callback}: it answers by completing
 * the callback, from any thread and at any later time, so a handler waiting for something (a routed result)
 * returns at once and holds no thread. Close the server to stop it; it is not restartable.
 */
public final class LimitedHttpServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LimitedHttpServer.class);

    private final Server server;
    private final ServerConnector connector;
    private final HttpLimits limits;
    private final String name;
    private final String host;

    private LimitedHttpServer(String name, String host, int port, HttpLimits limits) {
        this.name = name;
        this.host = host;
        this.limits = Objects.requireNonNull(limits, "limits");
        QueuedThreadPool threads = new QueuedThreadPool(limits.maxThreads(), Math.min(8, limits.maxThreads()));
        threads.setName("routeplane-" + name + "-http");
        threads.setDaemon(true);
        server = new Server(threads);
        server.setStopTimeout(2_000);

        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        http.setSendXPoweredBy(false);
        http.setRequestHeaderSize(limits.maxRequestHeaderBytes());
        connector = new ServerConnector(server, 1, 1, new HttpConnectionFactory(http));
        connector.setHost(host);
        connector.setPort(port);
        connector.setIdleTimeout(limits.idleTimeout().toMillis());
        server.addConnector(connector);
        server.addBean(new NetworkConnectionLimit(limits.maxConnections(), connector));
        server.setErrorHandler(new JsonErrorHandler());
    }

    /**
     * A server for {@code host:port} (port 0 picks a free one), not yet listening: its {@link #executor()} can be
     * handed to the handler before {@link #start(Handler)}.
     *
     * @param name names the server's threads ({@code routeplane-<name>-http-N}) and its log lines
     */
    public static LimitedHttpServer create(String name, String host, int port, HttpLimits limits) {
        return new LimitedHttpServer(name, host, port, limits);
    }

    /** {@link #create} and {@link #start(Handler)} in one. */
    public static LimitedHttpServer start(String name, String host, int port, HttpLimits limits, Handler handler) {
        return create(name, host, port, limits).start(handler);
    }

    /**
     * Starts serving {@code handler}; call once.
     *
     * @throws UncheckedIOException naming the address if it cannot be bound
     */
    public LimitedHttpServer start(Handler handler) {
        Objects.requireNonNull(handler, "handler");
        SizeLimitHandler sizeLimit = new SizeLimitHandler(limits.maxRequestBodyBytes(), -1);
        sizeLimit.setHandler(new MinimumDataRateHandler(handler, limits.minRequestBytesPerSecond(), 0));
        server.setHandler(new RequestTimeoutHandler(sizeLimit, limits.requestTimeout()));
        String where = (host == null ? "*" : host) + ":" + connector.getPort();
        try {
            server.start();
        } catch (Exception e) {
            stopQuietly(server);
            throw new UncheckedIOException(
                    "Cannot serve " + name + " on " + where + ": " + e.getMessage(),
                    e instanceof IOException io ? io : new IOException(e));
        }
        LOG.info(
                "{} listening on {}:{} (idle {} s, {} connections, body {} bytes)",
                name,
                host == null ? "*" : host,
                connector.getLocalPort(),
                limits.idleTimeout().toSeconds(),
                limits.maxConnections(),
                limits.maxRequestBodyBytes());
        return this;
    }

    /**
     * The status a failed body read should be answered with: the limit's own status (413 for a body over
     * {@link HttpLimits#maxRequestBodyBytes}, 408 for the request deadline), 408 for a body that arrived too
     * slowly or stalled past the idle timeout, 400 otherwise (a client that broke its own framing).
     */
    public static int statusOfReadFailure(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof HttpException http) {
                return http.getCode();
            }
            if (t instanceof TimeoutException) {
                return 408;
            }
        }
        return 400;
    }

    /** The port listened on (the chosen one when started with port 0). */
    public int port() {
        return connector.getLocalPort();
    }

    /** {@code http://localhost:<port>}. */
    public URI baseUri() {
        return URI.create("http://localhost:" + port());
    }

    /** The server's thread pool, for work a handler finishes later (writing an answer that was waited for). */
    public Executor executor() {
        return server.getThreadPool();
    }

    @Override
    public void close() {
        LOG.debug("Stopping {}", name);
        stopQuietly(server);
    }

    private static void stopQuietly(Server server) {
        try {
            server.stop();
        } catch (Exception e) {
            LOG.warn("Stopping the HTTP server failed: {}", e.toString());
        }
    }
}
