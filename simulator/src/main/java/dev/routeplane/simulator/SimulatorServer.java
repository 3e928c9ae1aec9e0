package dev.routeplane.simulator;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The provider simulator: a real HTTP server on the loopback interface serving every configured
 * {@link SimulatedProvider} under {@code /<providerId>/v1} in its wire format, plus {@code /_sim} endpoints
 * ({@code GET /_sim/health}, {@code GET /_sim/invoice[?lines=true]}, {@code GET /_sim/invoice/total},
 * {@code GET /_sim/received}, {@code GET /_sim/stats}, {@code POST /_sim/providers/<id>/outage},
 * {@code POST /_sim/providers/<id>/faults}, {@code POST /_sim/providers/<id>/batch-failure}). Each provider also
 * serves its batch API ({@link BatchApi}).
 * {@code /v1/chat/completions} and {@code /v1/messages} without a prefix go to the first provider of that format.
 *
 * <p>Threading: a few handler threads parse requests; the simulated latency is a scheduled task, never a blocked
 * thread, so thousands of calls can be in flight at once. All methods are thread-safe; fault and outage switches
 * apply to calls that arrive after them. Billing follows the rule documented on {@link Invoice}.
 */
public final class SimulatorServer implements AutoCloseable {

    /** Accept queue length: a burst of thousands of new connections must not be refused by the kernel. */
    private static final int BACKLOG = 4_096;

    static {
        // Both settings are JVM-wide and read once, when the JDK server is first used; explicit settings win.
        // The JDK server writes headers and body separately; with Nagle on, the body waits for the client's
        // delayed ACK (~40 ms a call).
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
        // The JDK default keeps only 200 idle keep-alive connections and closes the rest after each response, so
        // a client with thousands of calls in flight would reconnect for nearly every call.
        if (System.getProperty("sun.net.httpserver.maxIdleConnections") == null) {
            System.setProperty("sun.net.httpserver.maxIdleConnections", "20000");
        }
    }

    private final SimulatorConfig config;
    private final HttpServer http;
    private final ExecutorService workers;
    private final ScheduledThreadPoolExecutor scheduler;
    private final Map<String, ProviderRuntime> providers = new LinkedHashMap<>();
    private final InvoiceBook invoice;
    private final ReplayRows replayRows = new ReplayRows();
    private final CallPipeline pipeline;
    private final AdminEndpoints admin;
    private final Clock clock;
    private final BatchBook batches;
    private final BatchEndpoints batchEndpoints;

    private SimulatorServer(SimulatorConfig config, Clock clock) throws IOException {
        this.config = config;
        this.clock = clock;
        this.invoice = new InvoiceBook(config.keepCalls());
        for (SimulatedProvider p : config.providers()) {
            providers.put(p.id(), new ProviderRuntime(p, config.seed()));
        }
        boolean anyReplay = config.providers().stream().anyMatch(p -> p.mode() == ProviderMode.REPLAY);
        ReplayDataset replay = anyReplay ? ReplayDataset.load(config.replayDataDir()) : null;
        this.workers = Executors.newFixedThreadPool(config.handlerThreads(), daemon("sim-handler"));
        this.scheduler = new ScheduledThreadPoolExecutor(1, daemon("sim-latency"));
        scheduler.setRemoveOnCancelPolicy(true);
        this.pipeline = new CallPipeline(
                config.seed(), replay, replayRows, invoice, clock, scheduler, workers, config.keepCalls());
        this.admin = new AdminEndpoints(this);
        this.batches = new BatchBook(clock, invoice);
        this.batchEndpoints = new BatchEndpoints(batches, pipeline);
        this.http = HttpServer.create(
                new InetSocketAddress(InetAddress.getByName(config.bindAddress()), config.port()), BACKLOG);
        http.setExecutor(workers);
        http.createContext("/", this::dispatch);
        http.start();
    }

    /**
     * Starts a simulator; it serves until {@link #close()}.
     *
     * @throws UncheckedIOException     if the port cannot be bound or the replay data cannot be read
     * @throws IllegalArgumentException if replay data is malformed
     */
    public static SimulatorServer start(SimulatorConfig config) {
        return start(config, Clock.systemUTC());
    }

    /** As {@link #start(SimulatorConfig)}, with the clock used for rate windows, timestamps and invoice times. */
    public static SimulatorServer start(SimulatorConfig config, Clock clock) {
        try {
            return new SimulatorServer(config, clock);
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "cannot start the provider simulator on " + config.bindAddress() + " port " + config.port(), e);
        }
    }

    /** The bound port (the real one when the config said 0). */
    public int port() {
        return http.getAddress().getPort();
    }

    /** The base URL to point a provider adapter at, e.g. {@code http://127.0.0.1:41234/openai/v1}. */
    public String baseUrl(String providerId) {
        runtime(providerId);
        InetAddress bound = http.getAddress().getAddress();
        // Bound to every interface, it is reached on this machine through loopback.
        String host = bound.isAnyLocalAddress() ? SimulatorConfig.LOOPBACK : bound.getHostAddress();
        return "http://" + host + ":" + port() + "/" + providerId + "/v1";
    }

    /** The configuration the server started with (fault and outage switches are not reflected in it). */
    public SimulatorConfig config() {
        return config;
    }

    /** A snapshot of everything billed so far, lines included (batch lines finished by now included). */
    public Invoice invoice() {
        batches.settle(batches.now());
        return invoice.snapshot();
    }

    /** Which recorded row each replayed request is answered from. */
    public ReplayRows replayRows() {
        return replayRows;
    }

    /**
     * What a provider's limits hold now: requests and tokens (prompt plus the output cap, as providers count them)
     * admitted in the last 60 seconds, against its rpm and tpm.
     */
    public RateUsage usage(String providerId) {
        return runtime(providerId).window.usage(clock.millis());
    }

    /** Every call received so far, answered or not, in arrival order. */
    public List<ReceivedCall> received() {
        return pipeline.received();
    }

    /**
     * Makes batches created from now on fail (OpenAI: status {@code failed}; Anthropic, which has no failed status:
     * every request {@code errored}), or stops doing so.
     */
    public void setBatchFailure(String providerId, boolean failing) {
        runtime(providerId).setBatchFailure(failing);
    }

    /** Replaces a provider's fault mix for calls arriving from now on. */
    public void setFaults(String providerId, FaultMix faults) {
        runtime(providerId).setFaults(java.util.Objects.requireNonNull(faults, "faults"));
    }

    /** Switches a provider's outage on (every call answered 503) or off. */
    public void setOutage(String providerId, boolean outage) {
        runtime(providerId).setOutage(outage);
    }

    /** Whether a provider is currently in outage. */
    public boolean outage(String providerId) {
        return runtime(providerId).outage();
    }

    /**
     * Finished calls per provider and outcome. Outcomes are HTTP statuses ({@code "200"}, {@code "429"}, …) and
     * {@code "200_error_body"}, {@code "200_cut_off"}, {@code "timeout"} for the injected faults that are not
     * what their status suggests.
     */
    public Map<String, Map<String, Long>> callCounts() {
        Map<String, Map<String, Long>> out = new LinkedHashMap<>();
        providers.forEach((id, p) -> out.put(id, p.counts()));
        return out;
    }

    /** Calls accepted and waiting out their latency (or a timeout hold). */
    public long inFlight() {
        return pipeline.inFlight();
    }

    /** Stops serving at once; calls still in flight are dropped and never billed. */
    @Override
    public void close() {
        http.stop(0);
        scheduler.shutdownNow();
        workers.shutdownNow();
    }

    private ProviderRuntime runtime(String providerId) {
        ProviderRuntime p = providers.get(providerId);
        if (p == null) {
            throw new IllegalArgumentException(
                    "unknown simulated provider '" + providerId + "'; configured: " + providers.keySet());
        }
        return p;
    }

    private void dispatch(HttpExchange ex) {
        String path = ex.getRequestURI().getPath();
        if (path.startsWith("/_sim/")) {
            admin.handle(ex, path);
            return;
        }
        String[] seg = path.split("/", 3); // "", first segment, rest
        ProviderRuntime p = seg.length > 1 ? providers.get(seg[1]) : null;
        String rest;
        if (p != null) {
            rest = seg.length > 2 ? "/" + seg[2] : "/";
        } else {
            rest = path;
            WireFormat format = path.startsWith("/v1/messages") ? WireFormat.ANTHROPIC : WireFormat.OPENAI;
            p = providers.values().stream()
                    .filter(r -> r.config.wireFormat() == format)
                    .findFirst()
                    .orElse(null);
            if (p == null || !path.startsWith("/v1/")) {
                ResponseWriter.json(
                        ex,
                        404,
                        OpenAiCodec.bytes(WireText.MAPPER
                                .createObjectNode()
                                .set(
                                        "error",
                                        WireText.MAPPER
                                                .createObjectNode()
                                                .put(
                                                        "message",
                                                        "no simulated provider serves " + path
                                                                + "; use /<providerId>/v1" + " with one of "
                                                                + providers.keySet())
                                                .put("type", "invalid_request_error")
                                                .putNull("param")
                                                .put("code", "unknown_url"))));
                return;
            }
        }
        if (ex.getRequestMethod().equals("GET") && rest.equals("/v1/usage/calls")) {
            admin.usage(ex, p.config.id());
            return;
        }
        if (batchEndpoints.serves(p, rest)) {
            batchEndpoints.handle(ex, p, rest);
            return;
        }
        if (!ex.getRequestMethod().equals("POST") || !rest.equals("/v1" + p.codec.endpoint())) {
            SimError e = new SimError(
                    SimError.Kind.NOT_FOUND,
                    "Invalid URL (" + ex.getRequestMethod() + " " + path
                            + "); provider '" + p.config.id() + "' speaks " + p.config.wireFormat() + " at POST /"
                            + p.config.id() + "/v1" + p.codec.endpoint(),
                    null,
                    null);
            p.count("404");
            ResponseWriter.json(ex, 404, p.codec.error(e));
            return;
        }
        pipeline.handle(ex, p);
    }

    private static ThreadFactory daemon(String name) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
