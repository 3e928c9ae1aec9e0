package dev.routeplane.bench.batch;

import com.fasterxml.jackson.databind.JsonNode;
import dev.routeplane.config.ModelPrice;
import dev.routeplane.config.RouteplaneConfig;
import dev.routeplane.config.Tenant;
import dev.routeplane.contract.CostEvent;
import dev.routeplane.contract.ExecutionMode;
import dev.routeplane.executors.ExecutorWorker;
import dev.routeplane.runtime.RouteplaneRuntime;
import dev.routeplane.runtime.RuntimeOptions;
import dev.routeplane.runtime.SimulatorSetup.FaultProfile;
import dev.routeplane.schemas.Money;
import dev.routeplane.schemas.RouteplaneSerdes;
import dev.routeplane.simulator.SimulatorServer;
import java.io.PrintStream;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * {@code bench batch --provider-batch}: the same batch as {@link BatchBenchmark} (the demo's mixed workload through the
 * OpenAI Files and Batches API, the bundled configuration, the simulator at its realistic latencies) with the tenant
 * allowing provider batches, so the router sends the lines it routes to a provider with a batch API through that API
 * (the simulator's provider batches end in seconds). After the batch ends it reads every cost event of the ledger
 * topic and the simulator's invoice. Its last line:
 *
 * <pre>
 * provider-batch: N requests, S succeeded, L lost in T s; cost $X vs $Y all-synchronous (saving s%); ledger $X = invoice $Z
 * </pre>
 *
 * X sums the cost events; Y prices the same calls (same tokens, same models, same time) at the price book's
 * synchronous prices; Z is the simulator's invoice total; L counts input lines with neither an output nor an error
 * line.
 */
public final class ProviderBatchBenchmark {
    private static final String TENANT = "acme";

    private ProviderBatchBenchmark() {}

    public static int run(BatchBenchOptions o, PrintStream out) throws Exception {
        String auth = "Bearer rp-demo-" + TENANT;
        RouteplaneConfig config = allowingProviderBatches(RouteplaneConfig.defaults(), TENANT);
        RuntimeOptions options = RuntimeOptions.embedded(config, o.dataDir().resolve("platform"))
                .withFaults(o.faults() ? FaultProfile.REALISTIC : FaultProfile.NONE)
                .withLatencyScale(1.0)
                .withSeed(o.seed());
        out.println("bench batch --provider-batch: " + o.requests() + " requests for tenant " + TENANT
                + " (providerBatch: true)" + (o.faults() ? " with the realistic fault mix" : "") + "; data in "
                + o.dataDir());
        try (RouteplaneRuntime runtime = RouteplaneRuntime.start(options, step -> out.println("  " + step));
                ApiProcess api = ApiProcess.start(
                        o.apiCommand(),
                        runtime.bootstrapServers(),
                        runtime.registryUrl(),
                        o.dataDir().resolve("api"),
                        o.dataDir().resolve("api.log"),
                        auth)) {
            SimulatorServer simulator = runtime.simulator().orElseThrow();
            Path input = o.dataDir().resolve("batch-input.jsonl");
            BatchInputFile.write(input, TENANT, o.requests(), o.seed());
            HttpClient http = HttpClient.newHttpClient();
            String fileId = BatchBenchmark.upload(http, api.baseUri(), auth, input)
                    .get("id")
                    .asText();
            Instant created = Instant.now();
            JsonNode done = BatchBenchmark.post(http, api.baseUri(), auth, "/v1/batches", """
                    {"input_file_id": "%s", "endpoint": "/v1/chat/completions", "completion_window": "24h"}""".formatted(fileId));
            String batchId = done.get("id").asText();
            out.println("  batch " + batchId + " created");
            long deadline = System.nanoTime() + o.timeout().toNanos();
            long nextLine = System.nanoTime();
            while (!List.of("completed", "failed", "cancelled", "expired")
                    .contains(done.get("status").asText())) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException(
                            "the batch did not end within " + o.timeout().toMinutes() + " minutes; it is "
                                    + done.get("status").asText());
                }
                Thread.sleep(1_000);
                done = BatchBenchmark.get(http, api.baseUri(), auth, "/v1/batches/" + batchId);
                if (System.nanoTime() > nextLine) {
                    JsonNode c = done.get("request_counts");
                    out.println("  " + done.get("status").asText() + ": "
                            + c.get("completed").asInt() + "/"
                            + c.get("total").asInt() + " done ("
                            + c.get("failed").asInt() + " failed); open provider"
                            + " batches " + openProviderBatches(runtime));
                    nextLine = System.nanoTime() + Duration.ofSeconds(15).toNanos();
                }
            }
            double seconds = Duration.between(created, Instant.now()).toMillis() / 1000.0;
            int outputs = BatchBenchmark.lines(http, api.baseUri(), auth, done.get("output_file_id"));
            int errors = BatchBenchmark.lines(http, api.baseUri(), auth, done.get("error_file_id"));
            int succeeded = done.at("/request_counts/completed").asInt();
            long lost = o.requests() - (long) outputs - errors;

            long invoice = simulator.invoice().totalMicros();
            List<CostEvent> costs = costEvents(runtime, simulator.invoice().calls());
            long ledger = 0;
            long synchronous = 0;
            long batchCalls = 0;
            for (CostEvent c : costs) {
                ledger += c.getCostMicros();
                synchronous += synchronousCost(config, c);
                batchCalls += c.getExecutionMode() == ExecutionMode.PROVIDER_BATCH ? 1 : 0;
            }
            out.println("  " + costs.size() + " billed calls, " + batchCalls + " of them provider-batch lines; "
                    + outputs + " output lines, " + errors + " error lines");
            double saving = synchronous == 0 ? 0 : 100.0 * (synchronous - ledger) / synchronous;
            out.printf(
                    Locale.ROOT,
                    "provider-batch: %d requests, %d succeeded, %d lost in %.0f s; cost %s vs %s all-synchronous"
                            + " (saving %.1f%%); ledger %s = invoice %s%n",
                    o.requests(),
                    succeeded,
                    lost,
                    seconds,
                    Money.format(ledger),
                    Money.format(synchronous),
                    saving,
                    Money.format(ledger),
                    Money.format(invoice));
            return lost == 0 && ledger == invoice ? 0 : 1;
        }
    }

    /** {@code config} with {@code tenant} allowed to use providers' batch APIs. */
    static RouteplaneConfig allowingProviderBatches(RouteplaneConfig config, String tenant) {
        Map<String, Tenant> tenants = new LinkedHashMap<>(config.tenants());
        tenants.put(tenant, tenants.get(tenant).withProviderBatch(true));
        return new RouteplaneConfig(
                config.router(), config.providers(), config.models(), config.aliases(), config.lanes(), tenants);
    }

    /** What the call would have cost as a synchronous call: its tokens at the list price in force then. */
    private static long synchronousCost(RouteplaneConfig config, CostEvent c) {
        if (c.getExecutionMode() != ExecutionMode.PROVIDER_BATCH) {
            return c.getCostMicros();
        }
        ModelPrice p = config.priceBook().priceAt(c.getModel(), c.getAt());
        return Money.costMicros(
                c.getInputTokens(), c.getOutputTokens(), p.inputMicrosPerMillion(), p.outputMicrosPerMillion());
    }

    private static Map<String, Integer> openProviderBatches(RouteplaneRuntime runtime) {
        Map<String, Integer> open = new HashMap<>();
        for (ExecutorWorker w : runtime.executors().orElseThrow().workers()) {
            int n = w.ownedProviderBatches().size();
            if (n > 0) {
                open.put(w.providerId(), n);
            }
        }
        return open;
    }

    /** Every cost event on the ledger topic, read once it holds as many as the simulator billed (or after 2 min). */
    private static List<CostEvent> costEvents(RouteplaneRuntime runtime, long billed) throws InterruptedException {
        RouteplaneSerdes serdes = new RouteplaneSerdes(Map.of("schema.registry.url", runtime.registryUrl()));
        Deserializer<CostEvent> values =
                serdes.valueSerde(runtime.topics().ledger()).deserializer();
        String topic = runtime.topics().ledger().name();
        long until = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        List<CostEvent> events = new ArrayList<>();
        Map<String, Object> props = new HashMap<>();
        props.put("bootstrap.servers", runtime.bootstrapServers());
        try (KafkaConsumer<byte[], byte[]> consumer =
                new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition()))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            while (events.size() < billed && System.nanoTime() < until) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                    events.add(values.deserialize(topic, r.value()));
                }
            }
        }
        return events;
    }
}
