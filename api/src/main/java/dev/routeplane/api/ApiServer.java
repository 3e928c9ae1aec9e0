package dev.routeplane.api;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import dev.routeplane.api.internal.ApiException;
import dev.routeplane.api.internal.ApiRoute;
import dev.routeplane.api.internal.BatchService;
import dev.routeplane.api.internal.BatchesRoute;
import dev.routeplane.api.internal.ChatCompletionsRoute;
import dev.routeplane.api.internal.FileStore;
import dev.routeplane.api.internal.FilesRoute;
import dev.routeplane.api.internal.HttpIo;
import dev.routeplane.api.internal.Ids;
import dev.routeplane.api.internal.RequestsRoute;
import dev.routeplane.api.internal.Submission;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Routeplane's HTTP API on one port (JDK {@code HttpServer}), OpenAI-compatible where OpenAI has the
 * endpoint, so an OpenAI SDK works by changing only its base URL ({@code http://host:8080/v1}) and key:
 *
 * <ul>
 *   <li>{@code POST /v1/chat/completions}: waits for the routed result (default up to 120 s;
 *       {@code X-Routeplane-Timeout-Ms} lowers it); {@code Idempotency-Key} names the request;
 *   <li>{@code POST /v1/files} (multipart, purpose {@code batch}), {@code GET /v1/files},
 *       {@code GET|DELETE /v1/files/{id}}, {@code GET /v1/files/{id}/content};
 *   <li>{@code POST /v1/batches}, {@code GET /v1/batches}, {@code GET /v1/batches/{id}},
 *       {@code POST /v1/batches/{id}/cancel};
 *   <li>{@code POST /v1/requests} (202, asynchronous), {@code GET /v1/requests/{id}};
 *   <li>whatever is {@linkplain Builder#mount mounted}: the ledger queries, {@code /metrics}.
 * </ul>
 *
 * <p>Every {@code /v1/} call needs {@code Authorization: Bearer <key>} ({@link TenantAuthenticator}); a
 * missing or unknown key is 401. <b>Tenant isolation:</b> requests, files and batches are looked up only
 * within the caller's tenant, so another tenant's id is answered 404 exactly like an id that does not exist
 * (same status, same body): neither existence nor ownership leaks. A query naming a tenant (the ledger's
 * {@code ?tenant=}) is 403 for any tenant but the caller's, existing or not ({@link TenantAuthenticator#mayRead}).
 *
 * <p>Errors are OpenAI-shaped JSON, {@code {"error": {"message", "type", "param", "code"}}}; no stack trace
 * ever reaches a client. Data lives under {@code <dataDir>/api/}: {@code files/<tenant>/<fileId>} (content)
 * and {@code <fileId>.json} (File object), {@code batches/<tenant>/<batchId>.json} plus its
 * {@code .requests.jsonl}, {@code .rejected.jsonl} and {@code .results.jsonl}. One API process per data
 * directory.
 *
 * <p>Threads: a fixed pool of {@code threads} handles requests; a chat completion holds no thread while it
 * waits. The server does not close the {@link ResultIndex} or {@link RequestSubmitter} it was given; it
 * starts the index (after registering the batch bookkeeping as its listener).
 */
public final class ApiServer implements AutoCloseable {
    public static final int DEFAULT_PORT = 8080;
    private static final Logger LOG = LoggerFactory.getLogger(ApiServer.class);

    private final HttpServer server;
    private final ExecutorService pool;
    private final Map<String, ApiRoute> routes = new LinkedHashMap<>();
    private final TenantAuthenticator authenticator;

    private ApiServer(Builder b) throws IOException {
        this.authenticator = b.authenticator;
        Clock clock = b.clock;
        Path apiDir = b.dataDir.resolve("api");
        FileStore files = new FileStore(apiDir.resolve("files"), clock);
        BatchService batches = new BatchService(apiDir.resolve("batches"), files, b.submitter::send, clock);
        batches.load();
        b.resultIndex.addListener(batches::onResult);
        b.resultIndex.start();

        AtomicInteger threadNumber = new AtomicInteger();
        this.pool =
                new ThreadPoolExecutor(b.threads, b.threads, 60, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
                    Thread thread = new Thread(r, "routeplane-api-" + threadNumber.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                });
        Submission submission = new Submission(b.submitter::send, b.resultIndex.store(), clock, pool);
        routes.put("/v1/chat/completions", new ChatCompletionsRoute(submission, b.chatTimeout));
        routes.put("/v1/files", new FilesRoute(files, b.maxUploadBytes));
        routes.put("/v1/batches", new BatchesRoute(batches));
        routes.put("/v1/requests", new RequestsRoute(submission));

        String host = b.bindAddress != null ? b.bindAddress : authenticator.demoMode() ? "127.0.0.1" : "0.0.0.0";
        this.server = HttpServer.create(new InetSocketAddress(host, b.port), 0);
        server.setExecutor(pool);
        server.createContext("/", this::dispatch);
        for (Mount mount : b.mounts) {
            server.createContext(mount.prefix(), exchange -> mounted(exchange, mount));
        }
        server.start();
        LOG.info("Routeplane API listening on http://{}:{}/v1", host, port());
    }

    /** A builder; {@code dataDir}, {@code authenticator}, {@code resultIndex} and {@code submitter} are required. */
    public static Builder builder() {
        return new Builder();
    }

    /** The port the server listens on (the chosen one when built with port 0). */
    public int port() {
        return server.getAddress().getPort();
    }

    /** {@code http://localhost:<port>}: append {@code /v1} for an OpenAI SDK's base URL. */
    public URI baseUri() {
        return URI.create("http://localhost:" + port());
    }

    private void dispatch(HttpExchange exchange) {
        try {
            String path = exchange.getRequestURI().getRawPath();
            if (!path.startsWith("/v1/")) {
                throw new ApiException(
                        404,
                        "invalid_request_error",
                        "unknown_url",
                        null,
                        "Unknown URL " + shortPath(path) + "; the API lives under /v1/");
            }
            Optional<TenantAuthenticator.Caller> caller = authenticator.authenticate(exchange);
            if (caller.isEmpty()) {
                throw unauthorized(exchange);
            }
            for (Map.Entry<String, ApiRoute> route : routes.entrySet()) {
                String prefix = route.getKey();
                if (path.equals(prefix) || path.startsWith(prefix + "/")) {
                    String sub = path.length() <= prefix.length() + 1 ? "" : path.substring(prefix.length() + 1);
                    LOG.debug(
                            "{} {} tenant={} key={}",
                            exchange.getRequestMethod(),
                            prefix,
                            caller.get().tenantId(),
                            caller.get().keyId());
                    route.getValue().handle(exchange, caller.get().tenantId(), sub);
                    return;
                }
            }
            throw new ApiException(404, "invalid_request_error", "unknown_url", null, "Unknown URL " + shortPath(path));
        } catch (Throwable t) {
            fail(exchange, t);
        }
    }

    private void mounted(HttpExchange exchange, Mount mount) {
        try {
            if (mount.authenticated() && authenticator.authenticate(exchange).isEmpty()) {
                throw unauthorized(exchange);
            }
            mount.handler().handle(exchange);
        } catch (Throwable t) {
            fail(exchange, t);
        }
    }

    private static ApiException unauthorized(HttpExchange exchange) {
        exchange.getResponseHeaders().set("WWW-Authenticate", "Bearer realm=\"routeplane\"");
        boolean missing = exchange.getRequestHeaders().getFirst("Authorization") == null;
        return new ApiException(
                401,
                "invalid_request_error",
                "invalid_api_key",
                null,
                missing
                        ? "No API key provided; send 'Authorization: Bearer <key>' with your tenant's Routeplane API key"
                        : "Incorrect API key provided; use a key configured for your tenant in routeplane.yaml");
    }

    /** Answers an error if nothing was sent yet; an unexpected exception is logged with a reference, never shown. */
    private static void fail(HttpExchange exchange, Throwable t) {
        ApiException answer;
        if (t instanceof ApiException api) {
            answer = api;
        } else {
            String reference = Ids.next("err_");
            // Only the type and the frames: an exception message may quote request content.
            LOG.error(
                    "Unexpected {} answering {} {} ({}) at {}",
                    t.getClass().getName(),
                    exchange.getRequestMethod(),
                    exchange.getRequestURI().getRawPath(),
                    reference,
                    t.getStackTrace().length > 0 ? t.getStackTrace()[0] : "?");
            answer = new ApiException(
                    500,
                    "server_error",
                    "internal_error",
                    null,
                    "The server failed on this request;" + " quote reference " + reference + " when reporting it");
        }
        try {
            if (exchange.getResponseCode() == -1) {
                HttpIo.sendError(exchange, answer);
            } else {
                exchange.close();
            }
        } catch (IOException | RuntimeException e) {
            exchange.close();
        }
    }

    private static String shortPath(String path) {
        return path.length() <= 100 ? path : path.substring(0, 100) + "...";
    }

    @Override
    public void close() {
        server.stop(1);
        pool.shutdownNow();
    }

    private record Mount(String prefix, HttpHandler handler, boolean authenticated) {}

    /** Configures and starts an {@link ApiServer}. Not thread-safe; use once. */
    public static final class Builder {
        private int port = DEFAULT_PORT;
        private String bindAddress;
        private Path dataDir;
        private TenantAuthenticator authenticator;
        private ResultIndex resultIndex;
        private RequestSubmitter submitter;
        private Clock clock = Clock.systemUTC();
        private Duration chatTimeout = Duration.ofSeconds(120);
        private int threads = 16;
        private long maxUploadBytes = 200L * 1024 * 1024;
        private final List<Mount> mounts = new ArrayList<>();

        private Builder() {}

        /** Port to listen on; default 8080, 0 picks a free one ({@link ApiServer#port()}). */
        public Builder port(int port) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port must be 0 to 65535, got " + port);
            }
            this.port = port;
            return this;
        }

        /**
         * Address to bind; default {@code 0.0.0.0}, except {@code 127.0.0.1} when the authenticator uses demo
         * keys, which anyone can compute.
         */
        public Builder bindAddress(String bindAddress) {
            this.bindAddress = bindAddress;
            return this;
        }

        /** Root of the API's files: {@code <dataDir>/api/}. */
        public Builder dataDir(Path dataDir) {
            this.dataDir = dataDir;
            return this;
        }

        public Builder authenticator(TenantAuthenticator authenticator) {
            this.authenticator = authenticator;
            return this;
        }

        public Builder resultIndex(ResultIndex resultIndex) {
            this.resultIndex = resultIndex;
            return this;
        }

        public Builder submitter(RequestSubmitter submitter) {
            this.submitter = submitter;
            return this;
        }

        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** Longest wait of {@code /v1/chat/completions} for its result; default 120 s. */
        public Builder chatTimeout(Duration chatTimeout) {
            if (chatTimeout.isNegative() || chatTimeout.isZero()) {
                throw new IllegalArgumentException("chatTimeout must be positive, got " + chatTimeout);
            }
            this.chatTimeout = chatTimeout;
            return this;
        }

        /** Request-handling threads; default 16. */
        public Builder threads(int threads) {
            if (threads < 1) {
                throw new IllegalArgumentException("threads must be at least 1, got " + threads);
            }
            this.threads = threads;
            return this;
        }

        /** Largest accepted upload; default 200 MiB, OpenAI's batch input limit. */
        public Builder maxUploadBytes(long maxUploadBytes) {
            if (maxUploadBytes < 1) {
                throw new IllegalArgumentException("maxUploadBytes must be positive, got " + maxUploadBytes);
            }
            this.maxUploadBytes = maxUploadBytes;
            return this;
        }

        /**
         * Serves every path starting with {@code pathPrefix} by {@code handler}, without authentication (e.g.
         * {@code /metrics} for a Prometheus scraper). The handler answers and closes the exchange; anything it
         * throws becomes a JSON 500.
         */
        public Builder mount(String pathPrefix, HttpHandler handler) {
            return addMount(pathPrefix, handler, false);
        }

        /**
         * As {@link #mount}, but a missing or unknown API key is answered 401 before the handler runs (e.g.
         * {@code /v1/ledger/} with {@code new LedgerHttpHandler(queries, authenticator::mayRead)}, which answers
         * 403 for any tenant but the caller's).
         */
        public Builder mountAuthenticated(String pathPrefix, HttpHandler handler) {
            return addMount(pathPrefix, handler, true);
        }

        private Builder addMount(String pathPrefix, HttpHandler handler, boolean authenticated) {
            if (pathPrefix == null || !pathPrefix.startsWith("/") || "/".equals(pathPrefix)) {
                throw new IllegalArgumentException(
                        "mount path must start with '/' and not be '/' itself: " + pathPrefix);
            }
            mounts.add(new Mount(pathPrefix, Objects.requireNonNull(handler, "handler"), authenticated));
            return this;
        }

        /**
         * Loads persisted batches, starts the result index and the HTTP server.
         *
         * @throws UncheckedIOException if the port cannot be bound or the data directory cannot be read
         */
        public ApiServer start() {
            Objects.requireNonNull(dataDir, "dataDir");
            Objects.requireNonNull(authenticator, "authenticator");
            Objects.requireNonNull(resultIndex, "resultIndex");
            Objects.requireNonNull(submitter, "submitter");
            try {
                return new ApiServer(this);
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot start the API on port " + port + ": " + e.getMessage(), e);
            }
        }
    }
}
