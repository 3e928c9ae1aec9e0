package dev.routeplane.bench.executor;

import dev.routeplane.config.EnvAndFileSecretResolver;
import dev.routeplane.config.RouteplaneConfig;
import dev.routeplane.contract.ChatMessage;
import dev.routeplane.contract.DecisionBudgets;
import dev.routeplane.contract.DecisionPolicy;
import dev.routeplane.contract.DecisionVersions;
import dev.routeplane.contract.Estimates;
import dev.routeplane.contract.ExecutionTask;
import dev.routeplane.contract.FeatureSummary;
import dev.routeplane.contract.LatencyClass;
import dev.routeplane.contract.RequestHints;
import dev.routeplane.contract.Route;
import dev.routeplane.contract.RouteRequest;
import dev.routeplane.contract.RoutingDecision;
import dev.routeplane.executors.ExecutorWorker;
import dev.routeplane.executors.WorkerSettings;
import dev.routeplane.schemas.RouteplaneSerdes;
import dev.routeplane.schemas.TopicBootstrapper;
import dev.routeplane.schemas.Topics;
import dev.routeplane.simulator.LatencyProfile;
import dev.routeplane.simulator.SimulatedModel;
import dev.routeplane.simulator.SimulatedProvider;
import dev.routeplane.simulator.SimulatorConfig;
import dev.routeplane.simulator.SimulatorServer;
import dev.routeplane.simulator.WireFormat;
import java.io.PrintStream;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The executor load benchmark: one worker on a given Kafka against the simulator with a fixed latency and an rpm
 * limit. Produces N tasks, starts the worker, and measures from the simulator's side (see {@link LoadSamples}): the
 * calls admitted per second over the steady-state window (from 10 % to 90 % of the calls admitted) against the
 * configured limit (the worker's own limiter admits at most {@code rateLimitUtilisation} of it), the calls really
 * outstanding at the provider (peak; the steady mean is printed above the last line), the share of 429 answers and
 * the peak heap in use. Prints as its last line
 * {@code executor: <x> req/s, <y> in flight, <z>% of rate limit, 429s <w>%, heap <h> MB}. Use N above the rpm so the
 * provider's rolling minute fills and a limiter running hot would show up as 429s. Not a test; the bench module's
 * CLI calls {@link #run}.
 */
public final class ExecutorLoadRun {
    private static final String PROVIDER = "bench";
    private static final String KEY_ENV = "BENCH_PROVIDER_KEY";

    private ExecutorLoadRun() {}

    /**
     * The figures of one run; see {@link LoadSamples} for how each is measured.
     *
     * @param requestsPerSecond   calls the provider admitted per second over the steady-state window
     * @param peakCallsOnTheWire  most calls outstanding at the provider at once (sampled)
     * @param steadyCallsOnTheWire mean calls outstanding at the provider over the steady-state window
     * @param peakTasksInFlight   most tasks the worker held at once (waiting for a permit, on the wire, publishing)
     * @param percentOfRateLimit  requestsPerSecond against the configured rpm / 60
     * @param percent429          share of all calls answered 429, whole run
     * @param peakHeapMb          most heap in use (sampled, not after GC), whole JVM
     */
    public record Figures(
            double requestsPerSecond,
            long peakCallsOnTheWire,
            double steadyCallsOnTheWire,
            int peakTasksInFlight,
            double percentOfRateLimit,
            double percent429,
            long peakHeapMb) {}

    /**
     * Settings of this JVM the run depends on; call before anything in it starts an HTTP server (the embedded
     * platform's registry does). The simulated provider runs on the JDK's HttpServer, which closes every connection
     * that finishes a response while {@code sun.net.httpserver.maxIdleConnections} (200 by default, read once per
     * JVM) are idle. A provider's front end keeps its clients' keep-alive connections; with the default, the worker's
     * 2,000 concurrent calls kept reconnecting and now and then sent a call on a connection the server had just
     * closed, which failed with an IOException, was retried, and in two runs opened the circuit. A setting given on
     * the command line wins.
     */
    public static void prepareJvm(int maxInFlight) {
        if (System.getProperty("sun.net.httpserver.maxIdleConnections") == null) {
            System.setProperty(
                    "sun.net.httpserver.maxIdleConnections", Integer.toString(Math.max(200, 2 * maxInFlight)));
        }
    }

    public static Figures run(ExecutorLoadOptions o, PrintStream out) throws InterruptedException {
        RouteplaneConfig config = RouteplaneConfig.parse(yaml(o), "executor-bench");
        Topics topics = Topics.defaults();
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", o.bootstrapServers()))) {
            new TopicBootstrapper(admin).ensure(topics.all(config.providers().keySet()));
            awaitLeaders(admin, topics.exec(PROVIDER).name());
        }
        SimulatedProvider provider = SimulatedProvider.builder(PROVIDER, WireFormat.OPENAI)
                .models(new SimulatedModel("gpt-4o-mini", 150_000, 600_000, 128_000, 16_384))
                .rpm(o.rateLimitRpm())
                .tpm(1_000_000_000L)
                .latency(LatencyProfile.fixed(o.latencyMs()))
                .build();
        try (SimulatorServer sim = SimulatorServer.start(
                SimulatorConfig.builder().provider(provider).build())) {
            out.printf("producing %,d tasks%n", o.requests());
            produce(o, topics, out);
            WorkerSettings settings = WorkerSettings.builder(o.bootstrapServers(), o.registryUrl())
                    .topics(topics)
                    .baseUrlOverride(PROVIDER, URI.create(sim.baseUrl(PROVIDER)))
                    .maxInFlight(o.maxInFlight())
                    .secretResolver(new EnvAndFileSecretResolver(Map.of(KEY_ENV, "sk-bench")::get))
                    .build();
            try (ExecutorWorker worker = ExecutorWorker.start(config, PROVIDER, settings)) {
                LoadSamples samples = LoadSamples.record(o.requests(), PROVIDER, sim, worker, out);
                Figures f = samples.figures(o.rateLimitRpm(), worker.peakInFlight());
                Map<String, Long> counts = sim.callCounts().get(PROVIDER);
                out.printf(
                        "calls %s, invoice %,d calls; worker: peak %,d tasks in flight, %d lanes%n",
                        counts, sim.invoice().calls(), worker.peakInFlight(), settings.lanes());
                worker.keys(System.currentTimeMillis())
                        .forEach(k -> out.printf(
                                "key profile %s: circuit %s, %d failed, %d not permitted%n",
                                k.name(), k.circuit(), k.failedCalls(), k.notPermittedCalls()));
                out.printf(
                        "steady state %.1f s (from call %,d to call %,d admitted by the provider): %,.0f calls/s"
                                + " admitted against a limit of %,.0f/s (the worker's limiter admits at most %.1f %%),"
                                + " %,.0f calls on the wire on average (peak %,d)%n",
                        samples.windowSeconds(),
                        samples.windowFrom(),
                        samples.windowTo(),
                        f.requestsPerSecond(),
                        o.rateLimitRpm() / 60.0,
                        100 * settings.resilience().rateLimitUtilisation(),
                        f.steadyCallsOnTheWire(),
                        f.peakCallsOnTheWire());
                out.printf(
                        "executor: %.0f req/s, %d in flight, %.1f%% of rate limit, 429s %.2f%%, heap %d MB%n",
                        f.requestsPerSecond(),
                        f.peakCallsOnTheWire(),
                        f.percentOfRateLimit(),
                        f.percent429(),
                        f.peakHeapMb());
                return f;
            }
        }
    }

    /**
     * Produces the N tasks, checking every send: a task lost here would leave the run waiting for a call that never
     * comes. Failed sends are sent again, a few rounds at most.
     */
    private static void produce(ExecutorLoadOptions o, Topics topics, PrintStream out) {
        RouteplaneSerdes serdes = new RouteplaneSerdes(Map.of("schema.registry.url", o.registryUrl()));
        Serializer<ExecutionTask> values =
                serdes.valueSerde(topics.exec(PROVIDER)).serializer();
        String topic = topics.exec(PROVIDER).name();
        // Not idempotent: on a just-created topic the idempotent producer met NOT_LEADER_OR_FOLLOWER and then
        // OUT_OF_ORDER_SEQUENCE_NUMBER on a partition until its batches expired two minutes later. One request in
        // flight keeps the order; a retried batch written twice only delivers a task twice, which the worker's done
        // markers turn into one call.
        Map<String, Object> props = Map.of(
                "bootstrap.servers",
                o.bootstrapServers(),
                "acks",
                "all",
                "enable.idempotence",
                false,
                "max.in.flight.requests.per.connection",
                1,
                "linger.ms",
                20,
                "batch.size",
                256 * 1024);
        Instant now = Instant.now();
        List<Integer> pending = IntStream.range(0, o.requests()).boxed().toList();
        for (int round = 1; !pending.isEmpty(); round++) {
            if (round > 3) {
                throw new IllegalStateException(pending.size() + " of " + o.requests() + " tasks could not be"
                        + " produced to " + topic + " in 3 rounds; see the producer's log above");
            }
            Queue<Integer> failed = new ConcurrentLinkedQueue<>();
            AtomicReference<Exception> lastError = new AtomicReference<>();
            try (KafkaProducer<String, byte[]> producer =
                    new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer())) {
                for (int i : pending) {
                    String tenant = "bench-" + (i % 16);
                    ExecutionTask task = task(tenant, "bench-" + now.toEpochMilli() + "-" + i, now);
                    producer.send(new ProducerRecord<>(topic, tenant, values.serialize(topic, task)), (m, e) -> {
                        if (e != null) {
                            failed.add(i);
                            lastError.set(e);
                        }
                    });
                }
                producer.flush();
            }
            pending = List.copyOf(failed);
            if (!pending.isEmpty()) {
                out.printf("%,d tasks failed to produce (%s); producing them again%n", pending.size(), lastError.get());
            }
        }
    }

    private static void awaitLeaders(Admin admin, String topic) throws InterruptedException {
        long end = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < end) {
            try {
                TopicDescription d = admin.describeTopics(List.of(topic))
                        .allTopicNames()
                        .get()
                        .get(topic);
                if (d.partitions().stream()
                        .allMatch(p -> p.leader() != null && !p.leader().isEmpty())) {
                    return;
                }
            } catch (ExecutionException e) {
                // not visible yet
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("topic " + topic + " has partitions without a leader after 30 s");
    }

    private static ExecutionTask task(String tenant, String id, Instant now) {
        RouteRequest request = RouteRequest.newBuilder()
                .setRequestId(id)
                .setTenantId(tenant)
                .setBatchId("bench")
                .setSubmittedAt(now)
                .setMessages(List.of(new ChatMessage("user", "Summarise benchmark item " + id + " in one line.")))
                .setHints(RequestHints.newBuilder().build())
                .setMetadata(Map.of())
                .build();
        RoutingDecision decision = RoutingDecision.newBuilder()
                .setRequestId(id)
                .setTenantId(tenant)
                .setBatchId("bench")
                .setLane("default")
                .setRoute(new Route(PROVIDER, "bench-mini", null, null, "local"))
                .setBudgets(new DecisionBudgets(1_000, 32, 0, 600_000L, 1_000L))
                .setPolicy(new DecisionPolicy("low", "internal", List.of(), List.of(), List.of()))
                .setFallbacks(List.of())
                .setFeatures(new FeatureSummary(
                        "summarize",
                        12,
                        "SHORT",
                        "internal",
                        List.of("en"),
                        false,
                        false,
                        false,
                        false,
                        LatencyClass.BATCH,
                        "low"))
                .setExplanation(List.of("bench"))
                .setEstimates(Estimates.newBuilder()
                        .setCostMicros(10L)
                        .setQuality(0.7)
                        .setLatencyMs(2_000L)
                        .build())
                .setVersions(new DecisionVersions("bench", "bench", "bench"))
                .setDecidedAt(now)
                .build();
        return ExecutionTask.newBuilder()
                .setRequest(request)
                .setDecision(decision)
                .setAttempt(1)
                .setPreviousAttempts(List.of())
                .build();
    }

    private static String yaml(ExecutorLoadOptions o) {
        StringBuilder tenants = new StringBuilder();
        for (int i = 0; i < 16; i++) {
            tenants.append("  bench-")
                    .append(i)
                    .append(":\n    displayName: Bench ")
                    .append(i)
                    .append("\n    budget: { period: monthly, limitUsd: \"1000000.00\" }\n");
        }
        return "providers:\n"
                + "  " + PROVIDER + ":\n"
                + "    kind: openai-compatible\n    baseUrl: http://localhost:1/v1\n    region: local\n"
                + "    sovereignty: local\n    trainsOnData: false\n    keyProfiles:\n"
                + "      - { id: primary, apiKeyEnv: " + KEY_ENV + ", rpm: " + o.rateLimitRpm()
                + ", tpm: 1000000000, maxInFlight: " + o.maxInFlight() + " }\n"
                + "models:\n  bench-mini:\n    provider: " + PROVIDER + "\n    providerModel: gpt-4o-mini\n"
                + "    version: \"1\"\n    contextWindow: 128000\n    maxOutputTokens: 16384\n    tier: mini\n"
                + "    qualityPrior: 0.7\n    latencyPriorMs: 2000\n    prices:\n"
                + "      - { effectiveFrom: 2024-01-01, inputPerMillion: \"0.15\", outputPerMillion: \"0.60\" }\n"
                + "lanes:\n  - name: default\n    description: Everything.\n    candidates: [bench-mini]\n"
                + "tenants:\n" + tenants;
    }
}
