package dev.routeplane.executors;

import dev.routeplane.config.KeyProfile;
import dev.routeplane.config.LatencyClass;
import dev.routeplane.config.Provider;
import dev.routeplane.config.RouteplaneConfig;
import dev.routeplane.contract.ExecutionTask;
import dev.routeplane.executors.internal.Admission;
import dev.routeplane.executors.internal.BatchCancellations;
import dev.routeplane.executors.internal.DoneMarkers;
import dev.routeplane.executors.internal.HealthPublisher;
import dev.routeplane.executors.internal.OutputWriter;
import dev.routeplane.executors.internal.ProviderBatchGatherer;
import dev.routeplane.executors.internal.ProviderBatchOwnership;
import dev.routeplane.executors.internal.ProviderBatchPoller;
import dev.routeplane.executors.internal.ProviderBatchSettlement;
import dev.routeplane.executors.internal.ProviderResilience;
import dev.routeplane.executors.internal.RollingMinute;
import dev.routeplane.executors.internal.ShareLane;
import dev.routeplane.executors.internal.TaskDispatcher;
import dev.routeplane.executors.internal.TerminalWriter;
import dev.routeplane.executors.internal.WorkerClients;
import dev.routeplane.executors.internal.WorkerContext;
import dev.routeplane.schemas.RecordDecoder;
import dev.routeplane.schemas.RouteplaneSerdes;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Executes one provider's tasks: consumes {@code rp.exec.<provider>.v1} with a Kafka share group
 * ({@code routeplane-exec-<provider>}, explicit acknowledgement) and the batch work of {@code rp.exec.<provider>.batch.v1}
 * with another ({@code routeplane-exec-<provider>-batch}) on the capacity the first leaves ({@link Admission}), calls
 * the provider through its adapter under the
 * key profiles' rate limiters, bulkheads, circuit breakers and retry, and writes exactly one terminal
 * {@code ExecutionResult} per request (or a fallback task for another provider), one {@code CostEvent} per billed
 * call, and {@code ProviderHealth} reports. Several workers for the same provider, in one JVM or many, share the
 * queue; each record goes to one of them at a time.
 *
 * <p><b>Lifecycle:</b> {@link #start} returns a running worker; {@link #close()} stops taking tasks, lets those in
 * flight finish (up to the drain timeout) and acknowledges them; {@link #shutdownNow()} gives up the queue at once,
 * as a crashed process would: unfinished records are redelivered to other workers, while calls already on the wire
 * still record their cost events (the provider bills them) but not their results. Both are idempotent.
 * All methods are thread-safe.
 *
 * <p>A worker of an {@link ExecutorPool} writes through the pool's producer and reads the pool's done-marker tail and
 * cancellations, which the pool closes after all its workers: work a stopped worker left behind past its drain can
 * still write through them until then (a worker started alone closes its own, and such writes fail). The claim on
 * the done-marker topic keeps that to one terminal result per request either way.
 */
public final class ExecutorWorker implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ExecutorWorker.class);
    private static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration TAKEOVER_AFTER = Duration.ofMinutes(2);
    private static final AtomicInteger INSTANCES = new AtomicInteger();

    private final Provider provider;
    private final ProviderAdapter adapter;
    private final ProviderResilience resilience;
    /** The producer and the followers not tied to the provider: this worker's own, or its pool's. */
    private final WorkerClients clients;
    /** Whether {@link #clients} are this worker's to close (started alone), not its pool's. */
    private final boolean ownsClients;

    private final OutputWriter out;
    private final DoneMarkers done;
    private final TaskDispatcher dispatcher;
    private final BatchCancellations cancellations;
    private final HealthPublisher health;
    private final ScheduledThreadPoolExecutor scheduler;
    private final ExecutorService callbacks;
    private final ExecutorService httpIo;
    private final ProviderBatchAdapter batchAdapter;
    private final ProviderBatchOwnership ownership;
    private final ProviderBatchGatherer gatherer;
    private final ProviderBatchPoller poller;
    private final Thread pollerThread;
    private final List<ShareLane> lanes = new ArrayList<>();
    private final List<Thread> laneThreads = new ArrayList<>();
    private boolean closed;

    private ExecutorWorker(
            RouteplaneConfig config,
            Provider provider,
            WorkerSettings s,
            MeterRegistry registry,
            WorkerClients shared) {
        this.provider = provider;
        int instance = INSTANCES.incrementAndGet();
        String clientId = "routeplane-exec-" + provider.id() + "-" + instance;
        Map<String, Object> kafka = kafkaProperties(s);
        ShareGroupSetup.prepare(kafka, config, s, provider.id(), shared != null);

        this.scheduler = new ScheduledThreadPoolExecutor(2, daemon(clientId + "-timer"));
        scheduler.setRemoveOnCancelPolicy(true);
        // Task continuations (call starts, and everything after a response: cost event, result, done marker) run on
        // their own pool; the HttpClient's transport work (connects, header/body reads, parsing) on another. Sharing
        // one two-thread pool queued the post-response work of thousands of answered calls behind new calls' connects
        // and request writes, so answered tasks waited seconds for their produce and acknowledgement.
        this.callbacks = Executors.newFixedThreadPool(
                Math.max(4, 2 * Runtime.getRuntime().availableProcessors()), daemon(clientId + "-task"));
        this.httpIo = Executors.newFixedThreadPool(
                Math.max(2, Runtime.getRuntime().availableProcessors()), daemon(clientId + "-http"));
        HttpClient http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10))
                .executor(httpIo)
                .build();
        URI baseUrl = s.baseUrlOverrides().getOrDefault(provider.id(), provider.baseUrl());
        this.adapter = ProviderAdapters.load()
                .forKind(provider.kind().configName())
                .create(new AdapterContext(provider, baseUrl, http, s.clock()));
        RouteplaneSerdes serdes = serdes(s);
        this.ownsClients = shared == null;
        this.clients = ownsClients
                ? WorkerClients.start(kafka, serdes, s.topics(), s.clock(), s.doneLookback(), clientId)
                : shared;
        this.out = clients.out();
        this.done = clients.done();
        this.cancellations = clients.cancellations();
        this.resilience = new ProviderResilience(provider, s.resilience(), callbacks, s.clock());
        ExecutorMeters meters = ExecutorMeters.of(registry, provider.id(), clientId);
        resilience.profiles().forEach(p -> meters.watchCircuit(p.profileId(), p.breaker()));
        WorkerContext ctx = new WorkerContext(
                provider,
                config,
                adapter,
                resilience,
                s.secretResolver(),
                out,
                scheduler,
                callbacks,
                s.clock(),
                meters,
                s.cascadeSignals(),
                s.afterProviderAnswered());
        RecordDecoder<ExecutionTask> decoder = serdes.decoder(s.topics().exec(provider.id()));
        Optional<ProviderBatchAdapterFactory> batchFactory = provider.batchApi().isPresent()
                ? ProviderBatchAdapters.load().forKind(provider.kind().configName())
                : Optional.empty();
        if (batchFactory.isPresent()) {
            this.batchAdapter = batchFactory.get().create(new AdapterContext(provider, baseUrl, http, s.clock()));
            this.ownership = new ProviderBatchOwnership(
                    kafka,
                    s.topics().providerBatches().name(),
                    provider.id(),
                    serdes.decoder(s.topics().providerBatches()),
                    meters,
                    s.clock(),
                    s.doneLookback());
            this.gatherer = new ProviderBatchGatherer(
                    ctx, batchAdapter, done, ownership, s.providerBatches(), s.afterOwnershipRecorded());
            this.poller = new ProviderBatchPoller(
                    ctx,
                    batchAdapter,
                    new ProviderBatchSettlement(ctx, batchAdapter, done, cancellations),
                    cancellations,
                    kafka,
                    s.groupIdPrefix() + provider.id() + "-provider-batches",
                    s.topics(),
                    serdes.decoder(s.topics().providerBatches()),
                    s.providerBatches().pollInterval());
            this.pollerThread = new Thread(poller, clientId + "-provider-batches");
            pollerThread.setDaemon(true);
        } else {
            this.batchAdapter = null;
            this.ownership = null;
            this.gatherer = null;
            this.poller = null;
            this.pollerThread = null;
        }
        long lockMs =
                s.recordLockDuration() == null ? 30_000 : s.recordLockDuration().toMillis();
        // A claim is taken over (DoneMarkers) only once its owner, if alive, has had long enough to get its result
        // through
        // a broker restart: a waiting delivery keeps its own lock renewed meanwhile.
        TerminalWriter terminals = new TerminalWriter(
                ctx, done, Duration.ofMillis(Math.max(TAKEOVER_AFTER.toMillis(), 2 * lockMs)), s.beforeResultWritten());
        this.dispatcher = new TaskDispatcher(ctx, decoder, done, cancellations, s.deliveryLimit(), gatherer, terminals);
        meters.watchInFlight(dispatcher::inFlight);
        this.health = new HealthPublisher(
                provider.id(), resilience.profiles(), out, s.clock(), scheduler, s.healthInterval());
        int perLane = Math.min(s.laneBatch(), s.maxInFlight());
        int perBatchLane = batchPoll(provider, s, perLane);
        Admission admission = new Admission(
                resilience.profiles(),
                s.pollAhead(),
                s.batchPollAhead(),
                dispatcher::inFlight,
                ctx.pacer()::parked,
                s.maxInFlight());
        for (int i = 0; i < s.lanes() + s.batchLanes(); i++) {
            boolean batch = i >= s.lanes();
            String name = clientId + (batch ? "-batch-lane-" + (i - s.lanes()) : "-lane-" + i);
            int size = batch ? perBatchLane : perLane;
            Map<String, Object> props = new HashMap<>(kafka);
            props.put("group.id", batch ? s.batchGroupId(provider.id()) : s.groupId(provider.id()));
            props.put("client.id", name);
            props.put("share.acknowledgement.mode", "explicit");
            props.put("share.acquire.mode", "record_limit");
            props.put("max.poll.records", size);
            // A lane waiting for its admission turn holds no records and must not poll (a poll takes records), so
            // the poll interval says nothing about its health; the record locks bound what a stuck lane can hold.
            props.putIfAbsent(
                    "max.poll.interval.ms", (int) Duration.ofMinutes(30).toMillis());
            ShareLane lane = new ShareLane(
                    name,
                    props,
                    batch
                            ? s.topics().execBatch(provider.id()).name()
                            : s.topics().exec(provider.id()).name(),
                    dispatcher,
                    admission,
                    batch ? Admission.Kind.BATCH : Admission.Kind.STANDARD,
                    size,
                    lockMs,
                    DRAIN_TIMEOUT,
                    s.clock());
            Thread t = new Thread(lane, name);
            t.setDaemon(true);
            lanes.add(lane);
            laneThreads.add(t);
        }
        laneThreads.forEach(Thread::start);
        if (pollerThread != null) {
            pollerThread.start();
        }
        LOG.info(
                "executor worker {} started: {} lanes x {} tasks, {} batch lanes x {} tasks, base URL {}",
                clientId,
                s.lanes(),
                perLane,
                s.batchLanes(),
                perBatchLane,
                baseUrl);
    }

    /**
     * What one batch lane takes per poll: about what the keys serving batch work start within the look-ahead
     * ({@code pollAhead}, at their request rate), no more than those keys have slots for, at least one, and no more
     * than the lanes' fair share of the worker's tasks in flight. A poll takes every record it gets, so a larger one
     * would hold records (and their locks) waiting for a permit or a slot longer than "soon"; a smaller one would leave
     * the keys idle while the next poll makes its round trip. The admission decides when to poll (once what is booked
     * is within {@code batchPollAhead}), this how much.
     */
    private static int batchPoll(Provider provider, WorkerSettings s, int perLane) {
        List<KeyProfile> keys = provider.keyProfiles().stream()
                .filter(k -> k.serves(LatencyClass.BATCH))
                .toList();
        double perSecond = keys.stream().mapToDouble(k -> k.rpm() / 60.0).sum()
                * s.resilience().rateLimitUtilisation();
        int slots = keys.stream().mapToInt(KeyProfile::maxInFlight).sum();
        double aheadSeconds = s.pollAhead().toNanos() / 1e9;
        int fairShare = (int) Math.ceil(s.maxInFlight() / (double) (s.lanes() + s.batchLanes()));
        int cap = Math.min(Math.min(perLane, fairShare), slots);
        return (int) Math.max(1, Math.min(cap, Math.ceil(perSecond * aheadSeconds)));
    }

    /**
     * Starts a worker for {@code providerId}: ensures the topics and share-group configs it needs, then consumes.
     *
     * @throws IllegalArgumentException if the provider is not configured or no adapter serves its kind
     */
    public static ExecutorWorker start(RouteplaneConfig config, String providerId, WorkerSettings settings) {
        return start(config, providerId, settings, new CompositeMeterRegistry());
    }

    /** As above, registering the worker's {@link ExecutorMeters} in {@code registry}. */
    public static ExecutorWorker start(
            RouteplaneConfig config, String providerId, WorkerSettings settings, MeterRegistry registry) {
        return start(config, providerId, settings, registry, null);
    }

    /** As above, writing and following through {@code shared} (its pool's) when not null, which it does not close. */
    static ExecutorWorker start(
            RouteplaneConfig config,
            String providerId,
            WorkerSettings settings,
            MeterRegistry registry,
            WorkerClients shared) {
        return new ExecutorWorker(config, provider(config, providerId), settings, registry, shared);
    }

    /** The configured provider, or an error naming the ones configured. */
    static Provider provider(RouteplaneConfig config, String providerId) {
        Provider provider = config.providers().get(providerId);
        if (provider == null) {
            throw new IllegalArgumentException("provider '" + providerId + "' is not configured; configured: "
                    + config.providers().keySet());
        }
        return provider;
    }

    /** The registry serdes a worker's clients write and read with. */
    static RouteplaneSerdes serdes(WorkerSettings s) {
        return new RouteplaneSerdes(Map.of("schema.registry.url", s.registryUrl()));
    }

    /** The Kafka client properties a worker's clients start from: the settings' overrides and bootstrap servers. */
    static Map<String, Object> kafkaProperties(WorkerSettings s) {
        Map<String, Object> kafka = new HashMap<>(s.kafkaOverrides());
        kafka.put("bootstrap.servers", s.bootstrapServers());
        return kafka;
    }

    public String providerId() {
        return provider.id();
    }

    /** Tasks being worked on now. */
    public int inFlight() {
        return dispatcher.inFlight();
    }

    /** Share consumers of this worker still running; none means it takes no more tasks. */
    public int lanesRunning() {
        return (int) laneThreads.stream().filter(Thread::isAlive).count();
    }

    /**
     * Whether this worker does its work: a share consumer still takes tasks, and the done-marker tail and
     * batch-cancellation follower it reads through (in a pool, the pool's, shared by its workers) still read. Without
     * the tail no claim is read back, so no result is written: every call would end released for redelivery.
     */
    public boolean working() {
        return lanesRunning() > 0 && clients.reading();
    }

    /** Records the lanes hold now: delivered and not yet acknowledged (in flight, or finished and awaiting the ack). */
    public int heldRecords() {
        return lanes.stream().mapToInt(ShareLane::held).sum();
    }

    /** Most tasks in flight at once since start. */
    public int peakInFlight() {
        return dispatcher.peakInFlight();
    }

    /** Deliveries finished (acknowledged either way) since start. */
    public long deliveriesFinished() {
        return dispatcher.completed();
    }

    /** Current circuit state of a key profile. */
    public CircuitBreaker.State circuitState(String profileId) {
        return resilience.profiles().stream()
                .filter(p -> p.profileId().equals(profileId))
                .findFirst()
                .map(p -> p.breaker().getState())
                .orElseThrow(() -> new IllegalArgumentException("no key profile '" + profileId + "'"));
    }

    /** First tries, retries granted and retries refused by the retry budget, in that order. */
    public long[] retryBudgetCounts() {
        var b = resilience.budget();
        return new long[] {b.firstTries(), b.retries(), b.denied()};
    }

    /** This worker's key profiles as they stand at {@code nowMs} (the rolling minute's usage ends there). */
    public List<KeyUsage> keys(long nowMs) {
        return resilience.profiles().stream()
                .map(p -> {
                    RollingMinute.Usage minute = p.bookedLastMinute(nowMs);
                    CircuitBreaker.Metrics breaker = p.breaker().getMetrics();
                    return new KeyUsage(
                            p.name(),
                            p.keyProfile(),
                            minute.requests(),
                            minute.tokens(),
                            p.bookedRequests(),
                            p.inFlight(),
                            p.waitingForSlot(),
                            p.breaker().getState(),
                            breaker.getNumberOfFailedCalls(),
                            breaker.getNumberOfNotPermittedCalls());
                })
                .toList();
    }

    /** Open provider batches this worker's poller owns now (provider batch id to model); empty without a batch API. */
    public Map<String, String> ownedProviderBatches() {
        return poller == null ? Map.of() : poller.owned();
    }

    @Override
    public synchronized void close() {
        stop(false);
    }

    /** Gives up the queue at once (see the class comment); returns when calls on the wire have settled. */
    public synchronized void shutdownNow() {
        stop(true);
    }

    private void stop(boolean now) {
        if (closed) {
            return;
        }
        closed = true;
        lanes.forEach(l -> l.stop(now));
        if (poller != null) {
            // Open provider batches stay open: the poller that gets this one's partitions resumes them.
            poller.stop();
            try {
                pollerThread.join(15_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        for (Thread t : laneThreads) {
            try {
                t.join(DRAIN_TIMEOUT.toMillis() + 15_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        // Calls still on the wire finish (bounded by their timeouts) so their cost events are recorded.
        long end = System.nanoTime() + DRAIN_TIMEOUT.toNanos();
        while (dispatcher.inFlight() > 0 && System.nanoTime() < end) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        health.close();
        scheduler.shutdown();
        try {
            scheduler.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (gatherer != null) {
            gatherer.close();
            ownership.close();
        }
        if (ownsClients) {
            clients.close();
        }
        adapter.close();
        if (batchAdapter != null) {
            batchAdapter.close();
        }
        callbacks.shutdown();
        httpIo.shutdown();
        LOG.info("executor worker for {} stopped{}", provider.id(), now ? " abruptly" : "");
    }

    private static ThreadFactory daemon(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
