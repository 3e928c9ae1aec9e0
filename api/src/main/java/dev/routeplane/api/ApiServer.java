package dev.routeplane.api;

import dev.routeplane.api.internal.ApiDispatcher;
import dev.routeplane.api.internal.ApiMount;
import dev.routeplane.api.internal.ApiRoute;
import dev.routeplane.api.internal.ApprovalsRoute;
import dev.routeplane.api.internal.BatchService;
import dev.routeplane.api.internal.BatchesRoute;
import dev.routeplane.api.internal.ChatCompletionsRoute;
import dev.routeplane.api.internal.FileExpiry;
import dev.routeplane.api.internal.FileStore;
import dev.routeplane.api.internal.FilesRoute;
import dev.routeplane.api.internal.ModelCatalog;
import dev.routeplane.api.internal.ModelsRoute;
import dev.routeplane.api.internal.RequestsRoute;
import dev.routeplane.api.internal.Submission;
import dev.routeplane.client.BatchStates;
import dev.routeplane.client.RequestSender;
import dev.routeplane.client.SubmissionPacer;
import dev.routeplane.config.RouteplaneConfig;
import dev.routeplane.http.HttpLimits;
import dev.routeplane.http.LimitedHttpServer;
import dev.routeplane.router.ApprovalPublisher;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.server.Handler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Routeplane's HTTP API on one port (Jetty, through {@link LimitedHttpServer}), OpenAI-compatible where OpenAI
 * has the endpoint, so an OpenAI SDK works by changing only its base URL ({@code http://host:8080/v1}) and key:
 *
 * <ul>
 *   <li>{@code POST /v1/chat/completions}: waits for the routed result (default up to 120 s;
 *       {@code X-Routeplane-Timeout-Ms} lowers it); {@code Idempotency-Key} names the request; {@code stream:
 *       true} answers the result as server-sent {@code chat.completion.chunk} events;
 *   <li>{@code GET /v1/models}, {@code GET /v1/models/{id}}: what the caller's tenant may ask for;
 *   <li>{@code POST /v1/files} (multipart, purpose {@code batch}), {@code GET /v1/files},
 *       {@code GET|DELETE /v1/files/{id}}, {@code GET /v1/files/{id}/content};
 *   <li>{@code POST /v1/batches}, {@code GET /v1/batches}, {@code GET /v1/batches/{id}},
 *       {@code POST /v1/batches/{id}/cancel};
 *   <li>{@code POST /v1/requests} (202, asynchronous), {@code GET /v1/requests/{id}};
 *   <li>{@code POST /v1/approvals}: a key with the approver role approves side-effect tools for one request;
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
 * <p>Threads: the server holds to its {@link HttpLimits} (slow or idle clients hold no thread; bodies are
 * capped and rate-checked; each request has a deadline). JSON bodies are read without holding a thread; a
 * chat completion holds none while it waits; batch creation runs on a small pool of its own. The server does
 * not close the {@link ResultIndex} or {@link RequestSender} it was given; it starts the index (after
 * registering the batch bookkeeping as its listener), and stops the batch submission
 * threads when it closes.
 */
public final class ApiServer implements AutoCloseable {
    public static final int DEFAULT_PORT = 8080;
    private static final Logger LOG = LoggerFactory.getLogger(ApiServer.class);
    /** Batch creations running or queued at once; more are answered 503. */
    private static final int BATCH_CREATIONS_QUEUED = 64;

    private final LimitedHttpServer http;
    private final ThreadPoolExecutor batchCreation;
    private final FileExpiry expiry;
    private final BatchService batches;

    private ApiServer(Builder b) throws IOException {
        // Before anything starts: a refused address must leave nothing running.
        String host = b.bindAddress != null ? b.bindAddress : PublicListenGuard.defaultHost(b.authenticator);
        PublicListenGuard.check("the API", host, b.authenticator);
        Clock clock = b.clock;
        Path apiDir = b.dataDir.resolve("api");
        FileStore files = new FileStore(apiDir.resolve("files"), clock, b.fileLimits);
        BatchService.Builder batchService = BatchService.builder(apiDir.resolve("batches"), files, b.submitter::send)
                .pacer(b.pacer)
                .resultsCaughtUp(b.resultIndex::caughtUp)
                .clock(clock);
        if (b.batchStates != null) {
            batchService.states(b.batchStates::publish);
        }
        this.batches = batchService.build();
        batches.load();
        batches.oldestOpenCreatedAt().ifPresent(b.resultIndex::readFrom);
        b.resultIndex.addListener(batches::onResult);
        b.resultIndex.start();

        HttpLimits limits = b.limits.withMaxRequestBodyBytes(
                Math.max(b.limits.maxRequestBodyBytes(), b.maxUploadBytes + FilesRoute.MULTIPART_OVERHEAD_BYTES));
        if (limits.requestTimeout().compareTo(b.chatTimeout) <= 0) {
            throw new IllegalArgumentException("the request timeout (" + limits.requestTimeout()
                    + ") must be longer than the chat completion wait (" + b.chatTimeout + ")");
        }
        this.http = LimitedHttpServer.create("api", host, b.port, limits);
        AtomicInteger threadNumber = new AtomicInteger();
        this.batchCreation = new ThreadPoolExecutor(
                2, 2, 60, TimeUnit.SECONDS, new ArrayBlockingQueue<>(BATCH_CREATIONS_QUEUED), r -> {
                    Thread thread = new Thread(r, "routeplane-api-batches-" + threadNumber.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                });
        Submission submission = new Submission(
                b.submitter::send,
                b.resultIndex.store(),
                clock,
                http.executor(),
                b.config.router().maxRequestBytes());
        Map<String, ApiRoute> routes = new LinkedHashMap<>();
        routes.put("/v1/chat/completions", new ChatCompletionsRoute(submission, b.chatTimeout));
        routes.put("/v1/models", new ModelsRoute(ModelCatalog.of(b.config, clock.instant())));
        routes.put("/v1/files", new FilesRoute(files, b.maxUploadBytes));
        routes.put("/v1/batches", new BatchesRoute(batches));
        routes.put("/v1/requests", new RequestsRoute(submission));
        if (b.approvals != null) {
            routes.put("/v1/approvals", new ApprovalsRoute(b.config, b.approvals, clock, http.executor()));
        }
        this.expiry = FileExpiry.start(files);
        try {
            http.start(new ApiDispatcher(b.authenticator, routes, b.mounts, http.executor(), batchCreation));
        } catch (RuntimeException e) {
            batchCreation.shutdownNow();
            expiry.close();
            batches.close();
            throw e;
        }
        LOG.info("Routeplane API listening on http://{}:{}/v1", host, port());
    }

    /**
     * A builder; {@code dataDir}, {@code config}, {@code authenticator}, {@code resultIndex} and {@code submitter}
     * are required.
     */
    public static Builder builder() {
        return new Builder();
    }

    /** The port the server listens on (the chosen one when built with port 0). */
    public int port() {
        return http.port();
    }

    /** {@code http://localhost:<port>}: append {@code /v1} for an OpenAI SDK's base URL. */
    public URI baseUri() {
        return http.baseUri();
    }

    @Override
    public void close() {
        http.close();
        batchCreation.shutdownNow();
        expiry.close();
        batches.close();
    }

    /** Configures and starts an {@link ApiServer}. Not thread-safe; use once. */
    public static final class Builder {
        private int port = DEFAULT_PORT;
        private String bindAddress;
        private Path dataDir;
        private TenantAuthenticator authenticator;
        private ResultIndex resultIndex;
        private RequestSender submitter;
        private SubmissionPacer pacer;
        private BatchStates batchStates;
        private Clock clock = Clock.systemUTC();
        private Duration chatTimeout = Duration.ofSeconds(120);
        private HttpLimits limits = HttpLimits.ofDefaults();
        private long maxUploadBytes = 200L * 1024 * 1024;
        private FileLimits fileLimits = FileLimits.ofDefaults();
        private RouteplaneConfig config;
        private ApprovalPublisher approvals;
        private final List<ApiMount> mounts = new ArrayList<>();

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
         * keys, which anyone can compute. An address other than loopback is refused ({@link PublicListenGuard})
         * while demo keys are on or any tenant key is missing or weak.
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

        public Builder submitter(RequestSender submitter) {
            this.submitter = submitter;
            return this;
        }

        /** Paces batch submission to the router (see {@link SubmissionPacer}); default: none. */
        public Builder pacer(SubmissionPacer pacer) {
            this.pacer = pacer;
            return this;
        }

        /** Where batch states are published for the router, the executors and {@code status}; default: nowhere. */
        public Builder batchStates(BatchStates batchStates) {
            this.batchStates = batchStates;
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

        /**
         * The HTTP server's timeouts and limits; default {@link HttpLimits#ofDefaults()}. The body limit is raised
         * to fit {@link #maxUploadBytes} on its own; the request timeout must exceed {@link #chatTimeout}.
         */
        public Builder limits(HttpLimits limits) {
            this.limits = Objects.requireNonNull(limits, "limits");
            return this;
        }

        /** Per-tenant file storage: bytes, file count, retention; default {@link FileLimits#ofDefaults()}. */
        public Builder fileLimits(FileLimits fileLimits) {
            this.fileLimits = Objects.requireNonNull(fileLimits, "fileLimits");
            return this;
        }

        /** The configuration whose aliases, models and tenant policies {@code GET /v1/models} lists. */
        public Builder config(RouteplaneConfig config) {
            this.config = Objects.requireNonNull(config, "config");
            return this;
        }

        /**
         * Where {@code POST /v1/approvals} (approver keys only) writes approvals; without it that path is not served.
         * The server does not close it.
         */
        public Builder approvals(ApprovalPublisher approvals) {
            this.approvals = approvals;
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
         * {@code /metrics} for a Prometheus scraper, which guards itself). The handler answers by completing
         * Jetty's callback; anything it throws becomes a JSON 500.
         */
        public Builder mount(String pathPrefix, Handler handler) {
            mounts.add(new ApiMount(pathPrefix, handler, false));
            return this;
        }

        /**
         * As {@link #mount}, but a missing or unknown API key is answered 401 before the handler runs (e.g.
         * {@code /v1/ledger/} with {@code new LedgerRoute(new LedgerHttpHandler(queries,
         * authenticator::mayRead))}, which answers 403 for any tenant but the caller's).
         */
        public Builder mountAuthenticated(String pathPrefix, Handler handler) {
            mounts.add(new ApiMount(pathPrefix, handler, true));
            return this;
        }

        /**
         * Loads persisted batches, starts the result index and the HTTP server.
         *
         * @throws UncheckedIOException if the port cannot be bound or the data directory cannot be read
         * @throws PublicListenGuard.UnsafeListenException if the bind address is not loopback while demo keys are on
         *     or a tenant key is missing or weak
         */
        public ApiServer start() {
            Objects.requireNonNull(dataDir, "dataDir");
            Objects.requireNonNull(authenticator, "authenticator");
            Objects.requireNonNull(resultIndex, "resultIndex");
            Objects.requireNonNull(submitter, "submitter");
            Objects.requireNonNull(config, "config");
            try {
                return new ApiServer(this);
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot start the API on port " + port + ": " + e.getMessage(), e);
            }
        }
    }
}
