package dev.routeplane.bench.batch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.routeplane.bench.Percentiles;
import dev.routeplane.config.RouteplaneConfig;
import dev.routeplane.runtime.RouteplaneRuntime;
import dev.routeplane.runtime.RuntimeOptions;
import dev.routeplane.runtime.SimulatorSetup.FaultProfile;
import dev.routeplane.simulator.InvoiceLine;
import dev.routeplane.simulator.SimulatorServer;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.SequenceInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code bench batch}: a batch of the demo's mixed workload through the OpenAI Files and Batches API on the embedded
 * platform with the bundled configuration and the simulator at its realistic latencies, while an interactive probe
 * sends one chat completion a second. The API runs as its own process, so that its live heap can be measured.
 *
 * <p>First the probe runs alone ({@code idleProbe}): its latencies are the idle baseline C (p50) and D (p99). Then the
 * batch is uploaded and created while the probe keeps running (A, B over that time); the run waits for the batch to
 * end and reads its output and error files. The API's live heap is measured (a full collection, then the heap in
 * use; the probe pauses meanwhile) after the upload, every minute while the batch runs and at the end; H is the
 * largest. Its last line:
 *
 * <pre>
 * batch: N requests, S succeeded, F failed, L lost in T s; utilization U% of configured capacity; interactive p50 A
 * ms p99 B ms (idle p50 C ms p99 D ms); API heap H MB
 * </pre>
 *
 * F counts requests that ended without an answer (every allowed route failed, or refused); L counts input lines with
 * neither an output nor an error line. U is {@link BatchUtilization}'s: per key, while its provider has batch work waiting.
 */
public final class BatchBenchmark {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TENANT = "acme";
    private static final Duration HEAP_EVERY = Duration.ofMinutes(1);

    private BatchBenchmark() {}

    public static int run(BatchBenchOptions o, PrintStream out) throws Exception {
        String auth = "Bearer rp-demo-" + TENANT;
        RuntimeOptions options = RuntimeOptions.embedded(
                        RouteplaneConfig.defaults(), o.dataDir().resolve("platform"))
                .withFaults(o.faults() ? FaultProfile.REALISTIC : FaultProfile.NONE)
                .withLatencyScale(1.0)
                .withSeed(o.seed());
        out.println("bench batch: " + o.requests() + " requests for tenant " + TENANT
                + (o.faults() ? " with the realistic fault mix" : "") + "; data in " + o.dataDir());
        try (RouteplaneRuntime runtime = RouteplaneRuntime.start(options, step -> out.println("  " + step));
                ApiProcess api = ApiProcess.start(
                        o.apiCommand(),
                        runtime.bootstrapServers(),
                        runtime.registryUrl(),
                        o.dataDir().resolve("api"),
                        o.dataDir().resolve("api.log"),
                        auth)) {
            out.println("  API on " + api.baseUri() + " (its own process; log "
                    + o.dataDir().resolve("api.log") + ")");
            SimulatorServer simulator = runtime.simulator().orElseThrow();
            Path input = o.dataDir().resolve("batch-input.jsonl");
            BatchInputFile.write(input, TENANT, o.requests(), o.seed());

            List<Long> idle;
            String idleByModel;
            String idleSlowest;
            try (InteractiveProbe probe = InteractiveProbe.start(api.baseUri(), auth)) {
                Thread.sleep(o.idleProbe().toMillis());
                idle = probe.stop();
                idleByModel = probe.byModel();
                idleSlowest = probe.slowest();
            }
            out.printf(
                    Locale.ROOT,
                    "  idle interactive probe: %d answers, p50 %d ms, p99 %d ms%n",
                    idle.size(),
                    Percentiles.nearestRank(idle, 50),
                    Percentiles.nearestRank(idle, 99));
            out.println("    by answering model: " + idleByModel);
            out.println("    slowest: " + idleSlowest);

            HttpClient http = HttpClient.newHttpClient();
            List<String> providers = List.copyOf(options.config().providers().keySet());
            BatchUtilization utilization =
                    new BatchUtilization(providers, runtime.executors().orElseThrow(), System.currentTimeMillis());
            long heapMb;
            List<Long> busy;
            JsonNode done;
            Instant created;
            int probeFailures;
            String busyByModel;
            String busySlowest;
            try (InteractiveProbe probe = InteractiveProbe.start(api.baseUri(), auth);
                    QueueDepths queues = new QueueDepths(runtime.bootstrapServers(), runtime.topics(), providers)) {
                String fileId =
                        upload(http, api.baseUri(), auth, input).get("id").asText();
                heapMb = measure(api, probe);
                out.println("  uploaded " + Files.size(input) / (1024 * 1024) + " MB; API heap " + heapMb + " MB");
                created = Instant.now();
                JsonNode batch = post(http, api.baseUri(), auth, "/v1/batches", """
                        {"input_file_id": "%s", "endpoint": "/v1/chat/completions", "completion_window": "24h"}""".formatted(fileId));
                String batchId = batch.get("id").asText();
                out.println("  batch " + batchId + " created");
                long deadline = System.nanoTime() + o.timeout().toNanos();
                long nextHeap = System.nanoTime() + HEAP_EVERY.toNanos();
                long nextLine = System.nanoTime();
                done = batch;
                while (!List.of("completed", "failed", "cancelled", "expired")
                        .contains(done.get("status").asText())) {
                    if (System.nanoTime() > deadline) {
                        throw new IllegalStateException(
                                "the batch did not end within " + o.timeout().toMinutes() + " minutes; it is "
                                        + done.get("status").asText());
                    }
                    Thread.sleep(1_000);
                    Map<String, Long> lags;
                    try {
                        lags = queues.batchLags();
                    } catch (Exception e) {
                        // No key is measured this second; the progress line says why.
                        lags = Map.of();
                        out.println("    batch queues unknown: " + e);
                    }
                    utilization.sample(System.currentTimeMillis(), lags);
                    done = get(http, api.baseUri(), auth, "/v1/batches/" + batchId);
                    if (System.nanoTime() > nextHeap) {
                        heapMb = Math.max(heapMb, measure(api, probe));
                        nextHeap = System.nanoTime() + HEAP_EVERY.toNanos();
                    }
                    if (System.nanoTime() > nextLine) {
                        out.println("  " + progress(done, heapMb));
                        out.println("    capacity in use: " + utilization.latest());
                        out.println("    unfinished: " + queues.describe(TENANT, lags));
                        nextLine = System.nanoTime() + Duration.ofSeconds(30).toNanos();
                    }
                }
                heapMb = Math.max(heapMb, measure(api, probe));
                busy = probe.stop();
                probeFailures = probe.failures();
                busyByModel = probe.byModel();
                busySlowest = probe.slowest();
            }
            double seconds = Duration.between(created, Instant.now()).toMillis() / 1000.0;
            int outputs = lines(http, api.baseUri(), auth, done.get("output_file_id"));
            int errors = lines(http, api.baseUri(), auth, done.get("error_file_id"));
            int succeeded = done.at("/request_counts/completed").asInt();
            int failed = done.at("/request_counts/failed").asInt();
            long lost = o.requests() - (long) outputs - errors;

            Map<String, long[]> calls = callsSince(simulator.invoice().lines(), created);
            double u = utilization.utilization();
            out.println("  batch " + done.get("status").asText() + ": " + outputs + " output lines, " + errors
                    + " error lines; outcomes " + done.at("/routeplane/outcomes"));
            calls.forEach((provider, c) -> out.printf(
                    Locale.ROOT,
                    "  %-14s %6d calls over %5.0f s, utilization %s%n",
                    provider,
                    c[2],
                    (c[1] - c[0]) / 1000.0,
                    Double.isNaN(utilization.utilization(provider))
                            ? "not measured"
                            : String.format(Locale.ROOT, "%.1f%%", utilization.utilization(provider))));
            utilization.perKey().forEach(line -> out.println("  key " + line));
            out.printf(
                    Locale.ROOT,
                    "  interactive probe during the batch: %d answers, %d failed%n",
                    busy.size(),
                    probeFailures);
            out.println("    by answering model: " + busyByModel);
            out.println("    slowest 1 %: " + busySlowest);
            out.printf(
                    Locale.ROOT,
                    "batch: %d requests, %d succeeded, %d failed, %d lost in %.0f s; utilization %.1f%% of configured"
                            + " capacity; interactive p50 %d ms p99 %d ms (idle p50 %d ms p99 %d ms); API heap %d MB%n",
                    o.requests(),
                    succeeded,
                    failed,
                    lost,
                    seconds,
                    u,
                    Percentiles.nearestRank(busy, 50),
                    Percentiles.nearestRank(busy, 99),
                    Percentiles.nearestRank(idle, 50),
                    Percentiles.nearestRank(idle, 99),
                    heapMb);
            return lost == 0 ? 0 : 1;
        }
    }

    /** Per provider: first and last call billed since {@code from} (epoch ms) and how many. */
    private static Map<String, long[]> callsSince(List<InvoiceLine> lines, Instant from) {
        Map<String, long[]> calls = new TreeMap<>();
        for (InvoiceLine line : lines) {
            if (line.at().isBefore(from)) {
                continue;
            }
            long at = line.at().toEpochMilli();
            long[] c = calls.computeIfAbsent(line.provider(), p -> new long[] {at, at, 0});
            c[0] = Math.min(c[0], at);
            c[1] = Math.max(c[1], at);
            c[2]++;
        }
        return calls;
    }

    private static long measure(ApiProcess api, InteractiveProbe probe) throws Exception {
        probe.pause(true);
        try {
            return api.liveHeapMb();
        } finally {
            probe.pause(false);
        }
    }

    private static String progress(JsonNode batch, long heapMb) {
        JsonNode counts = batch.get("request_counts");
        JsonNode rp = batch.get("routeplane");
        return String.format(
                Locale.ROOT,
                "%s: %d/%d done (%d failed), %.1f/s, eta %s s, API heap %d MB",
                batch.get("status").asText(),
                counts.get("completed").asInt() + counts.get("failed").asInt(),
                counts.get("total").asInt(),
                counts.get("failed").asInt(),
                rp.path("requests_per_second").asDouble(),
                rp.path("eta_seconds").isNumber() ? rp.get("eta_seconds").asText() : "?",
                heapMb);
    }

    static JsonNode upload(HttpClient http, URI base, String auth, Path file) throws Exception {
        String boundary = "rp-bench-" + System.nanoTime();
        byte[] head = ("--" + boundary + "\r\nContent-Disposition: form-data; name=\"purpose\"\r\n\r\nbatch\r\n--"
                        + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\""
                        + file.getFileName() + "\"\r\nContent-Type: application/jsonl\r\n\r\n")
                .getBytes(StandardCharsets.UTF_8);
        byte[] tail = ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8);
        HttpRequest request = HttpRequest.newBuilder(base.resolve("/v1/files"))
                .header("Authorization", auth)
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .timeout(Duration.ofMinutes(10))
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> stream(head, file, tail)))
                .build();
        return answer(http.send(request, HttpResponse.BodyHandlers.ofString()), "upload");
    }

    private static InputStream stream(byte[] head, Path file, byte[] tail) {
        try {
            return new SequenceInputStream(
                    new SequenceInputStream(new java.io.ByteArrayInputStream(head), Files.newInputStream(file)),
                    new java.io.ByteArrayInputStream(tail));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static JsonNode post(HttpClient http, URI base, String auth, String path, String json) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(base.resolve(path))
                .header("Authorization", auth)
                .header("Content-Type", "application/json")
                .timeout(Duration.ofMinutes(1))
                .POST(HttpRequest.BodyPublishers.ofString(json))
                .build();
        return answer(http.send(request, HttpResponse.BodyHandlers.ofString()), path);
    }

    static JsonNode get(HttpClient http, URI base, String auth, String path) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(base.resolve(path))
                .header("Authorization", auth)
                .timeout(Duration.ofMinutes(1))
                .build();
        return answer(http.send(request, HttpResponse.BodyHandlers.ofString()), path);
    }

    private static JsonNode answer(HttpResponse<String> response, String what) throws IOException {
        if (response.statusCode() != 200) {
            throw new IllegalStateException(what + " answered " + response.statusCode() + ": " + response.body());
        }
        return JSON.readTree(response.body());
    }

    /** Lines of an output or error file, read as a stream. */
    static int lines(HttpClient http, URI base, String auth, JsonNode fileId) throws Exception {
        if (fileId == null || fileId.isNull()) {
            return 0;
        }
        HttpRequest request = HttpRequest.newBuilder(base.resolve("/v1/files/" + fileId.asText() + "/content"))
                .header("Authorization", auth)
                .timeout(Duration.ofMinutes(5))
                .build();
        HttpResponse<InputStream> response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
        int n = 0;
        try (BufferedReader in = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                n += line.isBlank() ? 0 : 1;
            }
        }
        return n;
    }
}
