package dev.routeplane.executors.bench;

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
import dev.routeplane.executors.simulator.LatencyProfile;
import dev.routeplane.executors.simulator.SimulatedModel;
import dev.routeplane.executors.simulator.SimulatedProvider;
import dev.routeplane.executors.simulator.SimulatorConfig;
import dev.routeplane.executors.simulator.SimulatorServer;
import dev.routeplane.executors.simulator.WireFormat;
import dev.routeplane.schemas.RouteplaneSerdes;
import dev.routeplane.schemas.TopicBootstrapper;
import dev.routeplane.schemas.Topics;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The executor load benchmark: one worker on a given Kafka against the simulator with a fixed latency and an rpm
 * limit. Produces N tasks, starts the worker, and measures steady-state throughput (completions per second between
 * the first and the last billed completion), peak tasks in flight in the worker, the share of the rate limit
 * achieved, the share of 429 answers and the peak heap in use. Prints as its last line
 * {@code executor: <x> req/s, <y> in flight, <z>% of rate limit, 429s <w>%, heap <h> MB}. Not a test; the bench
 * module's CLI calls {@link #run}.
 */
public final class ExecutorLoadRun {
    private static final String PROVIDER = "bench";
    private static final String KEY_ENV = "BENCH_PROVIDER_KEY";

    private ExecutorLoadRun() {
    }

    /** The figures of one run. */
    public record Figures(double requestsPerSecond, int peakInFlight, long peakCallsOnTheWire,
                          double percentOfRateLimit, double percent429, long peakHeapMb) {
    }

    public static Figures run(ExecutorLoadOptions o, PrintStream out) throws InterruptedException {
        RouteplaneConfig config = RouteplaneConfig.parse(yaml(o), "executor-bench");
        Topics topics = Topics.defaults();
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", o.bootstrapServers()))) {
            new TopicBootstrapper(admin).ensure(topics.all(config.providers().keySet()));
        }
        SimulatedProvider provider = SimulatedProvider.builder(PROVIDER, WireFormat.OPENAI)
                .models(new SimulatedModel("gpt-4o-mini", 150_000, 600_000, 128_000, 16_384))
                .rpm(o.rateLimitRpm()).tpm(1_000_000_000L).latency(LatencyProfile.fixed(o.latencyMs())).build();
        try (SimulatorServer sim = SimulatorServer.start(SimulatorConfig.builder().provider(provider).build())) {
            out.printf("producing %,d tasks%n", o.requests());
            produce(o, topics);
            WorkerSettings settings = WorkerSettings.builder(o.bootstrapServers(), o.registryUrl()).topics(topics)
                    .baseUrlOverride(PROVIDER, URI.create(sim.baseUrl(PROVIDER))).maxInFlight(o.maxInFlight())
                    .lanes(8).secretResolver(new EnvAndFileSecretResolver(Map.of(KEY_ENV, "sk-bench")::get)).build();
            MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
            long peakHeap = 0;
            long peakWire = 0;
            long firstDone = 0;
            long lastDone = 0;
            long lastCount = 0;
            try (ExecutorWorker worker = ExecutorWorker.start(config, PROVIDER, settings)) {
                long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
                while (System.nanoTime() < deadline) {
                    long done = sim.callCounts().get(PROVIDER).getOrDefault("200", 0L);
                    long now = System.nanoTime();
                    if (done > 0 && firstDone == 0) {
                        firstDone = now;
                    }
                    if (done > lastCount) {
                        lastCount = done;
                        lastDone = now;
                    }
                    peakHeap = Math.max(peakHeap, memory.getHeapMemoryUsage().getUsed());
                    peakWire = Math.max(peakWire, sim.inFlight());
                    if (worker.deliveriesFinished() >= o.requests() && done >= o.requests()) {
                        break;
                    }
                    Thread.sleep(10);
                }
                Map<String, Long> counts = sim.callCounts().get(PROVIDER);
                long calls = counts.values().stream().mapToLong(Long::longValue).sum();
                double seconds = Math.max(1e-3, (lastDone - firstDone) / 1e9);
                double rps = (lastCount - 1) / seconds;
                double limitPerSecond = o.rateLimitRpm() / 60.0;
                Figures f = new Figures(rps, worker.peakInFlight(), peakWire, 100 * rps / limitPerSecond,
                        calls == 0 ? 0 : 100.0 * counts.getOrDefault("429", 0L) / calls, peakHeap / (1024 * 1024));
                out.printf("calls %s, peak calls on the wire %,d, invoice %,d calls%n", counts, peakWire,
                        sim.invoice().calls());
                out.printf("executor: %.0f req/s, %d in flight, %.1f%% of rate limit, 429s %.2f%%, heap %d MB%n",
                        f.requestsPerSecond(), f.peakInFlight(), f.percentOfRateLimit(), f.percent429(),
                        f.peakHeapMb());
                return f;
            }
        }
    }

    private static void produce(ExecutorLoadOptions o, Topics topics) {
        RouteplaneSerdes serdes = new RouteplaneSerdes(Map.of("schema.registry.url", o.registryUrl()));
        Serializer<ExecutionTask> values = serdes.valueSerde(topics.exec(PROVIDER)).serializer();
        String topic = topics.exec(PROVIDER).name();
        Map<String, Object> props = Map.of("bootstrap.servers", o.bootstrapServers(), "acks", "all",
                "enable.idempotence", true, "linger.ms", 20);
        Instant now = Instant.now();
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(props, new StringSerializer(),
                new ByteArraySerializer())) {
            for (int i = 0; i < o.requests(); i++) {
                String tenant = "bench-" + (i % 16);
                ExecutionTask task = task(tenant, "bench-" + now.toEpochMilli() + "-" + i, now);
                producer.send(new ProducerRecord<>(topic, tenant, values.serialize(topic, task)));
            }
            producer.flush();
        }
    }

    private static ExecutionTask task(String tenant, String id, Instant now) {
        RouteRequest request = RouteRequest.newBuilder().setRequestId(id).setTenantId(tenant).setBatchId("bench")
                .setSubmittedAt(now)
                .setMessages(List.of(new ChatMessage("user", "Summarise benchmark item " + id + " in one line.")))
                .setHints(RequestHints.newBuilder().build()).setMetadata(Map.of()).build();
        RoutingDecision decision = RoutingDecision.newBuilder().setRequestId(id).setTenantId(tenant)
                .setBatchId("bench").setLane("default")
                .setRoute(new Route(PROVIDER, "bench-mini", null, null, "local"))
                .setBudgets(new DecisionBudgets(1_000, 32, 0, 600_000L, 1_000L))
                .setPolicy(new DecisionPolicy("low", "internal", List.of(), List.of()))
                .setFallbacks(List.of())
                .setFeatures(new FeatureSummary("summarize", 12, "SHORT", "internal", List.of("en"), false, false,
                        false, false, LatencyClass.BATCH, "low"))
                .setExplanation(List.of("bench")).setEstimates(new Estimates(10L, 0.7, 2_000L))
                .setVersions(new DecisionVersions("bench", "bench", "bench")).setDecidedAt(now).build();
        return new ExecutionTask(request, decision, 1, List.of());
    }

    private static String yaml(ExecutorLoadOptions o) {
        StringBuilder tenants = new StringBuilder();
        for (int i = 0; i < 16; i++) {
            tenants.append("  bench-").append(i).append(":\n    displayName: Bench ").append(i)
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
