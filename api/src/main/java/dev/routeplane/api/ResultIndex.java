package dev.routeplane.api;

import dev.routeplane.api.internal.ResultStore;
import dev.routeplane.client.TopicFollower;
import dev.routeplane.contract.ExecutionResult;
import dev.routeplane.contract.RejectedRequest;
import dev.routeplane.schemas.RouteplaneSerdes;
import dev.routeplane.schemas.Topics;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * The latest terminal {@link ExecutionResult} per (tenant, request), read from {@code rp.results.v1}, with waiters for
 * results still to come. Rejection records from {@code rp.requests.rejected.v1} are kept too, so a duplicate
 * submission can be explained.
 *
 * <p><b>Consumption.</b> A {@link TopicFollower} of both topics: every partition, committed records only, no consumer
 * group, so each API instance sees every result. It starts {@code maxAge} ago, or earlier when a batch still open
 * needs older results ({@link #readFrom}), never at the beginning of a 30-day topic. That fits one API process (the
 * embedded default). Several API instances behind a load balancer would each read everything, which works but
 * multiplies the reading; a larger deployment would keep results in a shared store and route lookups to it.
 *
 * <p><b>Bounds.</b> See {@link ResultStore}: per tenant at most {@code maxPerTenant} requests (default
 * {@value #DEFAULT_MAX_PER_TENANT}) younger than {@code maxAge} (default 24 h); batch results are handed to the
 * listeners (which spool them to disk) and not kept in memory.
 *
 * <p>Thread-safe. {@link #start()} once; {@link #close()} stops the follower.
 */
public final class ResultIndex implements AutoCloseable {
    public static final int DEFAULT_MAX_PER_TENANT = 10_000;
    public static final Duration DEFAULT_MAX_AGE = Duration.ofHours(24);

    private final Map<String, ?> kafkaConfig;
    private final Topics topics;
    private final RouteplaneSerdes serdes;
    private final Duration maxAge;
    private final Clock clock;
    private final ResultStore store;
    private Instant readFrom;
    private TopicFollower follower;

    /**
     * @param kafkaConfig client properties ({@code bootstrap.servers}, security settings)
     * @param serdes the registry-aware serdes of the deployment
     */
    public ResultIndex(
            Map<String, ?> kafkaConfig,
            Topics topics,
            RouteplaneSerdes serdes,
            int maxPerTenant,
            Duration maxAge,
            Clock clock) {
        this.kafkaConfig = kafkaConfig;
        this.topics = topics;
        this.serdes = serdes;
        this.maxAge = maxAge;
        this.clock = clock;
        this.store = new ResultStore(maxPerTenant, maxAge, clock);
    }

    /** An index with the default bounds and the system clock. */
    public ResultIndex(Map<String, ?> kafkaConfig, Topics topics, RouteplaneSerdes serdes) {
        this(kafkaConfig, topics, serdes, DEFAULT_MAX_PER_TENANT, DEFAULT_MAX_AGE, Clock.systemUTC());
    }

    /**
     * Makes the index read results from {@code since} on if that is earlier than {@code maxAge} ago (an open batch
     * created then still needs them). Call before {@link #start()}.
     */
    public synchronized void readFrom(Instant since) {
        if (readFrom == null || since.isBefore(readFrom)) {
            readFrom = since;
        }
    }

    /** Starts consuming; later calls do nothing. */
    public synchronized void start() {
        if (follower != null) {
            return;
        }
        Instant recent = clock.instant().minus(maxAge);
        Instant from = readFrom != null && readFrom.isBefore(recent) ? readFrom : recent;
        follower = TopicFollower.builder(kafkaConfig, "routeplane-api-results")
                .follow(topics.results().name(), serdes.decoder(topics.results()), store::record)
                .follow(
                        topics.requestsRejected().name(),
                        serdes.decoder(topics.requestsRejected()),
                        (RejectedRequest rejected) -> store.recordRejection(rejected))
                .from(from)
                .build()
                .start();
    }

    /** The latest terminal result of the tenant's request, if indexed. */
    public Optional<ExecutionResult> latest(String tenantId, String requestId) {
        return store.result(tenantId, requestId);
    }

    /** The latest rejection record of the tenant's request, if indexed (for a duplicate, the only record). */
    public Optional<RejectedRequest> rejection(String tenantId, String requestId) {
        return store.lookup(tenantId, requestId).map(ResultStore.Entry::rejection);
    }

    /**
     * The request's result: completed at once if indexed, else when it arrives; completed exceptionally with
     * {@link java.util.concurrent.TimeoutException} after {@code timeout}. Callbacks run on the index thread or a
     * timer thread: move slow work elsewhere ({@code whenCompleteAsync}).
     */
    public CompletableFuture<ExecutionResult> await(String tenantId, String requestId, Duration timeout) {
        return store.await(tenantId, requestId, timeout);
    }

    /**
     * Calls {@code listener} with every result read from now on, on the index thread (keep it short), after first
     * replaying the results indexed so far. Add listeners before {@link #start()} to see every record.
     */
    public void addListener(Consumer<ExecutionResult> listener) {
        store.addListener(listener, true);
    }

    /** Whether the index has read up to where the topics ended when it started. */
    public boolean caughtUp() {
        TopicFollower f = follower;
        return f != null && f.caughtUp();
    }

    /** Whether the reader still runs; once it stopped, no waiting caller gets a result. */
    public boolean running() {
        TopicFollower f = follower;
        return f != null && f.running();
    }

    /** The store, for the API's own bookkeeping (submitted-but-pending requests). */
    ResultStore store() {
        return store;
    }

    @Override
    public synchronized void close() {
        if (follower != null) {
            follower.close();
        }
    }
}
