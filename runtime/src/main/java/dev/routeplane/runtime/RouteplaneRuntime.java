package dev.routeplane.runtime;

import dev.routeplane.classifier.ClassifierConfig;
import dev.routeplane.classifier.RuleBasedClassifier;
import dev.routeplane.config.RouteplaneConfig;
import dev.routeplane.config.SecretResolver;
import dev.routeplane.executors.AnswerScoreFeed;
import dev.routeplane.executors.ExecutorPool;
import dev.routeplane.executors.ProviderBatchSettings;
import dev.routeplane.executors.WorkerSettings;
import dev.routeplane.ledger.CallSettlement;
import dev.routeplane.ledger.LedgerService;
import dev.routeplane.ledger.LedgerTopologyConfig;
import dev.routeplane.ledger.ProviderUsageLookup;
import dev.routeplane.ledger.SimulatorUsageLookup;
import dev.routeplane.platform.EmbeddedPlatform;
import dev.routeplane.platform.PlatformOptions;
import dev.routeplane.router.LearnedSelector;
import dev.routeplane.router.LearnerService;
import dev.routeplane.router.LearnerTopologyConfig;
import dev.routeplane.router.RouterService;
import dev.routeplane.router.RouterStreamsConfig;
import dev.routeplane.router.RouterTopologyConfig;
import dev.routeplane.runtime.RuntimeOptions.Service;
import dev.routeplane.schemas.RegistrySerdeConfig;
import dev.routeplane.schemas.RouteplaneSerdes;
import dev.routeplane.schemas.TopicBootstrapReport;
import dev.routeplane.schemas.TopicBootstrapper;
import dev.routeplane.schemas.Topics;
import dev.routeplane.simulator.SimulatorConfig;
import dev.routeplane.simulator.SimulatorServer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.apache.kafka.clients.admin.Admin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Routeplane's services composed in one process: the embedded platform (or an existing cluster), the topics,
 * the provider simulator, the ledger, the router and the executors, started in dependency order and stopped in
 * reverse. What {@code routeplane up}, the demo and the whole-pipeline benchmarks run; in production each
 * service runs as its own process with the same classes.
 *
 * <p>Lifecycle: {@link #start} returns once every requested service is running, or stops whatever it had
 * started and throws. {@link #close} is idempotent. Not thread-safe beyond that.
 */
public final class RouteplaneRuntime implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(RouteplaneRuntime.class);
    private static final Duration START_TIMEOUT = Duration.ofSeconds(120);
    /** How often each service's status is reported to Kafka for {@code routeplane status}. */
    public static final Duration STATUS_INTERVAL = Duration.ofSeconds(5);
    /** The router's version as recorded in decisions. */
    public static final String ROUTER_VERSION = "routeplane-router/0.1";

    private final RuntimeOptions options;
    private final Topics topics;
    private final Deque<AutoCloseable> started = new ArrayDeque<>();
    private final PrometheusMeterRegistry meters = MetricsEndpoint.newRegistry();
    private final AutoCloseable gcMetrics = MetricsEndpoint.bindGc(meters);
    private final ServiceHealth health = new ServiceHealth(meters);
    private EmbeddedPlatform platform;
    private String bootstrapServers;
    private String registryUrl;
    private SimulatorServer simulator;
    private LedgerService ledger;
    private RouterService router;
    private ExecutorPool executors;
    private final LearningOptions learning;
    private LearnerService learner;
    private LearnedSelector learnedSelector;
    private boolean closed;

    private RouteplaneRuntime(RuntimeOptions options, LearningOptions learning) {
        this.options = options;
        this.learning = learning;
        this.topics = Topics.withPrefix(Topics.DEFAULT_PREFIX, options.partitions());
    }

    /**
     * Starts the requested services.
     *
     * @param progress receives one short line per step, for a user watching the start
     */
    public static RouteplaneRuntime start(RuntimeOptions options, Consumer<String> progress) throws Exception {
        return start(options, LearningOptions.none(), progress);
    }

    /** As {@link #start(RuntimeOptions, Consumer)}, with learned routing (and its learner) or replayed outcomes. */
    public static RouteplaneRuntime start(RuntimeOptions options, LearningOptions learning, Consumer<String> progress)
            throws Exception {
        RouteplaneRuntime runtime = new RouteplaneRuntime(options, learning);
        try {
            runtime.startAll(progress);
            return runtime;
        } catch (Exception | Error e) {
            runtime.close();
            throw e;
        }
    }

    /**
     * The simulator's usage lookup for each provider it serves; none for real providers (their unrecorded calls are
     * estimated: see the README's ledger section for which providers offer a lookup).
     */
    private static Map<String, ProviderUsageLookup> usageLookups(Map<String, URI> simulatedBaseUrls) {
        HttpClient http =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        Map<String, ProviderUsageLookup> lookups = new LinkedHashMap<>();
        simulatedBaseUrls.forEach((id, url) -> lookups.put(id, new SimulatorUsageLookup(url, http)));
        return lookups;
    }

    private void startAll(Consumer<String> progress) throws Exception {
        RouteplaneConfig config = options.config();
        if (options.embeddedPlatform()) {
            progress.accept("starting Kafka (KRaft) and the schema registry");
            platform =
                    EmbeddedPlatform.start(PlatformOptions.of(options.dataDir().resolve("platform"))
                            .withPorts(options.kafkaPort(), options.registryPort()));
            started.push(platform);
            bootstrapServers = platform.bootstrapServers();
            registryUrl = platform.registryUrl();
        } else {
            bootstrapServers = options.bootstrapServers();
            registryUrl = options.registryUrl();
        }
        TopicBootstrapReport report = bootstrapTopics();
        progress.accept("topics ready (" + report.created().size() + " created, "
                + report.existing().size() + " already there)");

        Map<String, URI> baseUrls = new LinkedHashMap<>();
        if (options.runs(Service.SIMULATOR)) {
            SimulatorConfig simulated = SimulatorSetup.fromConfig(
                    config,
                    options.clock().instant(),
                    options.simulatorPort(),
                    options.seed(),
                    options.faults(),
                    options.latencyScale(),
                    3_000);
            if (learning.replayDataDir() != null) {
                simulated = SimulatorSetup.replaying(simulated, learning.replayDataDir());
            }
            simulator = SimulatorServer.start(simulated);
            started.push(simulator);
            config.providers().keySet().forEach(id -> baseUrls.put(id, URI.create(simulator.baseUrl(id))));
            progress.accept("provider simulator on port " + simulator.port() + " serving " + baseUrls.size()
                    + " providers (faults: " + options.faults().name().toLowerCase() + ")");
        } else if (options.simulatorUrl() != null) {
            String base = options.simulatorUrl().toString().replaceAll("/+$", "");
            config.providers().keySet().forEach(id -> baseUrls.put(id, URI.create(base + "/" + id + "/v1")));
        }
        RouteplaneSerdes serdes = serdes();
        if (options.runs(Service.LEDGER)) {
            LedgerTopologyConfig ledgerConfig = LedgerTopologyConfig.of(config, topics, serdes)
                    .withClock(options.clock())
                    .withCallSettlement(CallSettlement.defaults().withLookups(usageLookups(baseUrls)));
            Map<String, Object> ledgerStreams = new LinkedHashMap<>(options.kafkaProperties());
            ledgerStreams.putAll(LedgerService.streamsConfig(
                    bootstrapServers, stateDir("ledger").toString(), null));
            ledger = new LedgerService(ledgerConfig, ledgerStreams);
            started.push(ledger);
            ledger.bindMetrics(meters);
            LedgerService running = ledger;
            health.register("ledger", () -> ServiceHealth.of(running.state()));
            ledger.start(START_TIMEOUT);
            progress.accept("ledger running");
        }
        if (options.runs(Service.LEARNER)) {
            LearnerTopologyConfig learnerConfig = LearnerTopologyConfig.of(
                    config,
                    topics,
                    serdes,
                    new RuleBasedClassifier(ClassifierConfig.ofDefaults()),
                    learning.settings(),
                    options.clock());
            if (learning.learnedRouting()) {
                learner = LearnerService.start(
                        learnerConfig,
                        bootstrapServers,
                        registryUrl,
                        stateDir("learner"),
                        Map.copyOf(options.kafkaProperties()),
                        START_TIMEOUT);
                progress.accept("learner and alias guard running");
            } else {
                // Aliases roll back on regression whether or not routing is learned: the guard alone, without training.
                // One owner: the guard runs only here, never beside a router, so two guards never roll back twice.
                learner = LearnerService.startGuardOnly(
                        learnerConfig,
                        bootstrapServers,
                        registryUrl,
                        stateDir("alias-guard"),
                        Map.copyOf(options.kafkaProperties()),
                        START_TIMEOUT);
                progress.accept("alias guard running");
            }
            started.push(learner);
            learner.bindMetrics(meters);
            LearnerService guard = learner;
            health.register(
                    learning.learnedRouting() ? "learner" : "alias-guard", () -> ServiceHealth.of(guard.state()));
        }
        if (options.runs(Service.ROUTER)) {
            RouterTopologyConfig routerConfig = RouterTopologyConfig.of(
                    config,
                    topics,
                    serdes,
                    new RuleBasedClassifier(ClassifierConfig.ofDefaults()),
                    options.clock(),
                    ROUTER_VERSION,
                    options.seed());
            if (learning.learnedRouting()) {
                learnedSelector = new LearnedSelector(config, learning.settings());
                routerConfig = routerConfig.withSelector(learnedSelector);
            }
            RouterStreamsConfig streams = new RouterStreamsConfig(
                    RouterStreamsConfig.DEFAULT_APPLICATION_ID,
                    bootstrapServers,
                    registryUrl,
                    stateDir("router"),
                    topics,
                    1,
                    Map.copyOf(options.kafkaProperties()));
            router = RouterService.start(routerConfig, streams, START_TIMEOUT, meters);
            started.push(router);
            RouterService routing = router;
            health.register("router", () -> ServiceHealth.of(routing.state()));
            progress.accept("router running");
        }
        if (options.runs(Service.EXECUTORS)) {
            // One worker per provider in this process: a few share-consumer lanes each is plenty here; a
            // dedicated executor process keeps the worker defaults (many lanes, thousands in flight).
            WorkerSettings.Builder settings = WorkerSettings.builder(bootstrapServers, registryUrl)
                    .topics(topics)
                    .lanes(4)
                    .batchLanes(8)
                    .maxInFlight(800)
                    .baseUrlOverrides(baseUrls)
                    .clock(options.clock());
            options.kafkaProperties().forEach(settings::kafkaOverride);
            if (options.recordLock() != null) {
                settings.recordLockDuration(options.recordLock());
            }
            if (options.runs(Service.SIMULATOR) || options.simulatorUrl() != null) {
                settings.secretResolver(simulatorKeys());
                // The simulator's provider batches end in seconds; a real provider's in minutes to hours.
                settings.providerBatches(
                        new ProviderBatchSettings(500, 800_000, Duration.ofSeconds(2), Duration.ofSeconds(2)));
            }
            // Score cascades are judged with the answer scorers the learner publishes; until one arrives, by agreement.
            AnswerScoreFeed scores = AnswerScoreFeed.start(
                    options.clientProperties(bootstrapServers),
                    registryUrl,
                    topics,
                    learning.settings().answers());
            started.push(scores);
            settings.cascadeSignals(scores.signals());
            executors = ExecutorPool.start(
                    config, settings.build(), config.providers().keySet(), meters);
            started.push(executors);
            ExecutorPool pool = executors;
            // A worker whose share consumers all stopped takes no more tasks for its provider; without the shared
            // done-marker tail none writes a result.
            health.register("executors", () -> pool.working() ? ServiceHealth.Status.UP : ServiceHealth.Status.DOWN);
            progress.accept("executors running for " + config.providers().size() + " providers");
        }
        // Last, so it closes first and its tombstones are written while Kafka is still there.
        started.push(ServiceStatusReports.start(
                options.clientProperties(bootstrapServers), topics.prefix(), health, STATUS_INTERVAL));
        LOG.info("Routeplane runtime up: Kafka {}, registry {}", bootstrapServers, registryUrl);
    }

    /**
     * The simulator accepts any non-empty key, and a demo must not need real provider keys in the environment,
     * so every key reference resolves to a fixed placeholder naming only the reference.
     */
    private static SecretResolver simulatorKeys() {
        return ref -> "sim-" + Integer.toHexString(ref.toString().hashCode());
    }

    private Path stateDir(String service) {
        return options.dataDir().resolve("state").resolve(service);
    }

    private TopicBootstrapReport bootstrapTopics() {
        try (Admin admin = Admin.create(options.clientProperties(bootstrapServers))) {
            return new TopicBootstrapper(admin)
                    .ensure(topics.all(options.config().providers().keySet()));
        }
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    public String registryUrl() {
        return registryUrl;
    }

    public Topics topics() {
        return topics;
    }

    public RuntimeOptions options() {
        return options;
    }

    public Optional<SimulatorServer> simulator() {
        return Optional.ofNullable(simulator);
    }

    public Optional<LedgerService> ledger() {
        return Optional.ofNullable(ledger);
    }

    public Optional<RouterService> router() {
        return Optional.ofNullable(router);
    }

    /** The router's learned selector, when running with learned routing. */
    public Optional<LearnedSelector> learnedSelector() {
        return Optional.ofNullable(learnedSelector);
    }

    public Optional<ExecutorPool> executors() {
        return Optional.ofNullable(executors);
    }

    /** This process's meters: every running service's, Kafka Streams' and the JVM's; serve with {@link MetricsEndpoint}. */
    public PrometheusMeterRegistry meters() {
        return meters;
    }

    /** Whether each service of this process is working; exported as metrics and on {@code /health}. */
    public ServiceHealth health() {
        return health;
    }

    /** Serdes configured for this runtime's registry. */
    public RouteplaneSerdes serdes() {
        Map<String, Object> config = new LinkedHashMap<>(options.kafkaProperties());
        config.put(RegistrySerdeConfig.SCHEMA_REGISTRY_URL, registryUrl);
        return new RouteplaneSerdes(config);
    }

    /** Properties for a Kafka client of this runtime: the pass-through ones and the bootstrap servers. */
    public Map<String, Object> clientProperties() {
        return options.clientProperties(bootstrapServers);
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        while (!started.isEmpty()) {
            AutoCloseable service = started.pop();
            try {
                service.close();
            } catch (Exception e) {
                LOG.warn("Stopping {} failed: {}", service.getClass().getSimpleName(), e.toString());
            }
        }
        try {
            gcMetrics.close();
        } catch (Exception e) {
            LOG.warn("Unbinding GC metrics failed: {}", e.toString());
        }
    }
}
