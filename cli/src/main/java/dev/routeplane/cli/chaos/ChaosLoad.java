package dev.routeplane.cli.chaos;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.routeplane.contract.ChatMessage;
import dev.routeplane.contract.RequestHints;
import dev.routeplane.contract.RouteRequest;
import dev.routeplane.contract.ToolSpec;
import dev.routeplane.schemas.RouteplaneSerdes;
import dev.routeplane.schemas.Topics;
import dev.routeplane.simulator.workload.MixedWorkload;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * What a chaos run submits, and the record of it the reconciliation checks against: the demo's mixed workload (some
 * requests with policy tags, sensitive data classes or tools added), mostly produced straight to the requests topic
 * and a share through the HTTP API ({@code POST /v1/requests}, retried with the same request id while the API is
 * down), plus bad records: malformed bytes, requests of tenants that do not exist, and requests just under the
 * broker's size limit whose routed task would exceed it.
 *
 * <p>Thread-safe: submissions come from the load thread, bad records from the fault schedule.
 */
final class ChaosLoad implements AutoCloseable {
    /** Producer limit for the harness's own records: room for an oversized request, compressed under the broker's. */
    private static final int MAX_REQUEST_BYTES = 2 * 1024 * 1024;
    /** An oversized request: small prompt, tool descriptions making the whole just over 1 MB. */
    private static final int OVERSIZED_TOOL_BYTES = 1_060_000;

    private static final ObjectMapper JSON = new ObjectMapper();

    /** A request the run expects exactly one terminal outcome for. */
    record Submitted(String tenantId, String requestId, String via) {}

    private final Topics topics;
    private final String apiUrl;
    private final Consumer<String> log;
    private final KafkaProducer<String, byte[]> producer;
    private final Serializer<RouteRequest> serializer;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final ExecutorService apiPool = Executors.newFixedThreadPool(4);
    private final List<Future<?>> apiCalls = new ArrayList<>();
    private final Map<String, Submitted> submitted = new ConcurrentHashMap<>();
    /** Malformed records have no id: they are known by partition and offset. */
    private final Map<String, Submitted> malformed = new ConcurrentHashMap<>();

    private final Map<Integer, AtomicLong> apiStatuses = new ConcurrentHashMap<>();
    private final AtomicLong apiRetries = new AtomicLong();
    private final SplittableRandom badRandom;

    /** {@code registryUrl} is the registry itself, not the proxy the services use: the harness is a client. */
    ChaosLoad(String bootstrap, String registryUrl, String apiUrl, Topics topics, long seed, Consumer<String> log) {
        this.topics = topics;
        this.apiUrl = apiUrl;
        this.log = log;
        this.badRandom = new SplittableRandom(seed ^ 0x5DEECE66DL);
        Map<String, Object> props = Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrap,
                ProducerConfig.ACKS_CONFIG,
                "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG,
                true,
                ProducerConfig.LINGER_MS_CONFIG,
                10,
                ProducerConfig.COMPRESSION_TYPE_CONFIG,
                "lz4",
                ProducerConfig.MAX_REQUEST_SIZE_CONFIG,
                MAX_REQUEST_BYTES,
                // Ride out a broker restart rather than fail: the records wait in the producer.
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG,
                600_000,
                ProducerConfig.MAX_BLOCK_MS_CONFIG,
                600_000);
        this.producer = new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
        this.serializer = new RouteplaneSerdes(Map.of("schema.registry.url", registryUrl))
                .valueSerde(topics.requests())
                .serializer();
    }

    /**
     * Submits {@code count} workload requests evenly over {@code window}, every {@code apiEvery}-th through the API;
     * returns when the last is sent (API calls may still be retrying: see {@link #awaitApi}).
     */
    void submit(long seed, int count, Duration window, int apiEvery, String runId) throws InterruptedException {
        MixedWorkload workload = MixedWorkload.demo(seed, Clock.systemUTC(), runId);
        SplittableRandom decorations = new SplittableRandom(seed * 31 + 7);
        long start = System.nanoTime();
        for (int i = 0; i < count; i++) {
            long due = start + window.toNanos() * i / count;
            long wait = due - System.nanoTime();
            if (wait > 0) {
                TimeUnit.NANOSECONDS.sleep(wait);
            }
            RouteRequest request = decorate(workload.next(), decorations);
            boolean viaApi = apiEvery > 0 && i % apiEvery == apiEvery - 1;
            submitted.put(
                    key(request.getTenantId(), request.getRequestId()),
                    new Submitted(request.getTenantId(), request.getRequestId(), viaApi ? "api" : "kafka"));
            if (viaApi) {
                apiCalls.add(apiPool.submit(() -> submitViaApi(request)));
            } else {
                send(
                        request.getTenantId(),
                        serializer.serialize(topics.requests().name(), request),
                        null);
            }
        }
    }

    /** Writes {@code count} bad records: malformed bytes, unknown tenants and oversized requests, in turn. */
    void badRecords(int count, String runId) {
        for (int i = 0; i < count; i++) {
            String id = runId + "-bad-" + badRandom.nextInt(1 << 30);
            switch (i % 3) {
                case 0 -> {
                    byte[] junk = new byte[16 + badRandom.nextInt(200)];
                    for (int b = 0; b < junk.length; b++) {
                        junk[b] = (byte) badRandom.nextInt(256);
                    }
                    junk[0] = 7; // never the wire format's magic byte 0
                    send("acme", junk, id);
                }
                case 1 -> {
                    RouteRequest request = plain("chaos-nobody", id, "Who am I?", List.of());
                    submitted.put(key("chaos-nobody", id), new Submitted("chaos-nobody", id, "bad:unknown-tenant"));
                    send("chaos-nobody", serializer.serialize(topics.requests().name(), request), null);
                }
                default -> {
                    String description = "Searches the documents. ".repeat(OVERSIZED_TOOL_BYTES / 24);
                    RouteRequest request = plain(
                            "acme",
                            id,
                            "Find the onboarding guide.",
                            List.of(new ToolSpec("search_docs", description, false, "{\"type\":\"object\"}")));
                    submitted.put(key("acme", id), new Submitted("acme", id, "bad:oversized"));
                    send("acme", serializer.serialize(topics.requests().name(), request), null);
                }
            }
        }
        producer.flush();
    }

    /** Waits for every API submission to be accepted or given up. */
    void awaitApi(Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        for (Future<?> call : apiCalls) {
            call.get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        }
        producer.flush();
    }

    /** Everything with a request id that was submitted, by {@code tenant/requestId}. */
    Map<String, Submitted> submitted() {
        return Map.copyOf(submitted);
    }

    /** Malformed records, by {@code partition@offset} on the requests topic. */
    Map<String, Submitted> malformed() {
        return Map.copyOf(malformed);
    }

    /** Final HTTP statuses of API submissions, and how many retries they took. */
    String apiSummary() {
        return "API submissions by final status " + new TreeMap<>(apiStatuses) + ", " + apiRetries.get() + " retries";
    }

    static String key(String tenantId, String requestId) {
        return tenantId + "/" + requestId;
    }

    @Override
    public void close() {
        apiPool.shutdownNow();
        producer.close(Duration.ofSeconds(30));
    }

    /** A malformed record is known by its coordinates once the broker has it. */
    private void send(String key, byte[] value, String malformedId) {
        producer.send(new ProducerRecord<>(topics.requests().name(), key, value), (RecordMetadata m, Exception e) -> {
            if (e != null) {
                log.accept("could not submit a record for " + key + ": " + e);
            } else if (malformedId != null) {
                malformed.put(m.partition() + "@" + m.offset(), new Submitted(key, malformedId, "bad:malformed"));
            }
        });
    }

    private void submitViaApi(RouteRequest request) {
        String body = routeplaneJson(request);
        // A client keeps retrying with the same id until the API answers; only a run that long is given up on.
        long giveUp = System.nanoTime() + Duration.ofMinutes(10).toNanos();
        int status = -1;
        while (System.nanoTime() < giveUp) {
            try {
                HttpResponse<String> response = http.send(
                        HttpRequest.newBuilder(URI.create(apiUrl + "/v1/requests"))
                                .timeout(Duration.ofSeconds(30))
                                .header("Authorization", "Bearer rp-demo-" + request.getTenantId())
                                .header("Content-Type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
                status = response.statusCode();
                if (status < 500) {
                    break;
                }
            } catch (IOException e) {
                status = -1; // the API is down or was killed mid-call: try again with the same request id
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            apiRetries.incrementAndGet();
            try {
                Thread.sleep(500);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        apiStatuses.computeIfAbsent(status, s -> new AtomicLong()).incrementAndGet();
        if (status != 202) {
            log.accept("API submission of " + request.getRequestId() + " ended with status " + status);
        }
    }

    /**
     * Adds what the demo workload lacks and the guarantees are about: policy tags, declared sensitive data and tools
     * (whose descriptions are billed input).
     */
    private static RouteRequest decorate(RouteRequest request, SplittableRandom random) {
        RequestHints.Builder hints = RequestHints.newBuilder(request.getHints());
        double draw = random.nextDouble();
        String tenant = request.getTenantId();
        if (draw < 0.08) {
            hints.setTags(List.of(random.nextBoolean() ? "no_training_on_data" : "eu_data_residency"));
        } else if (draw < 0.16 && tenant.equals("initech")) {
            hints.setDataClass(random.nextBoolean() ? "REGULATED" : "CONFIDENTIAL");
        } else if (draw < 0.24 && (tenant.equals("acme") || tenant.equals("umbrella"))) {
            hints.setTools(List.of(new ToolSpec(
                    "search_docs",
                    "Searches the company's documents and returns the best passages. ".repeat(20),
                    false,
                    "{\"type\":\"object\",\"properties\":{\"query\":{\"type\":\"string\"}}}")));
        }
        return RouteRequest.newBuilder(request).setHints(hints.build()).build();
    }

    private static RouteRequest plain(String tenant, String id, String text, List<ToolSpec> tools) {
        return RouteRequest.newBuilder()
                .setRequestId(id)
                .setTenantId(tenant)
                .setSubmittedAt(Instant.now())
                .setMessages(List.of(new ChatMessage("user", text)))
                .setHints(RequestHints.newBuilder().setTools(tools).build())
                .build();
    }

    /** The request as Routeplane's request JSON ({@code RouteplaneRequestJson}). */
    static String routeplaneJson(RouteRequest request) {
        ObjectNode root = JSON.createObjectNode();
        root.put("requestId", request.getRequestId());
        if (request.getBatchId() != null) {
            root.put("batchId", request.getBatchId());
        }
        ArrayNode messages = root.putArray("messages");
        for (ChatMessage m : request.getMessages()) {
            messages.addObject().put("role", m.getRole()).put("content", m.getContent());
        }
        RequestHints h = request.getHints();
        ObjectNode hints = root.putObject("hints");
        hints.put("latencyClass", h.getLatencyClass().name().toLowerCase(Locale.ROOT));
        if (h.getMaxOutputTokens() != null) {
            hints.put("maxOutputTokens", h.getMaxOutputTokens());
        }
        if (h.getResponseFormat() != null) {
            hints.put("responseFormat", h.getResponseFormat());
        }
        if (h.getDataClass() != null) {
            hints.put("dataClass", h.getDataClass());
        }
        if (!h.getTags().isEmpty()) {
            ArrayNode tags = hints.putArray("tags");
            h.getTags().forEach(tags::add);
        }
        if (!h.getTools().isEmpty()) {
            ArrayNode tools = hints.putArray("tools");
            for (ToolSpec t : h.getTools()) {
                ObjectNode tool = tools.addObject()
                        .put("name", t.getName())
                        .put("description", t.getDescription())
                        .put("sideEffect", t.getSideEffect());
                if (t.getParametersJson() != null) {
                    tool.put("parametersJson", t.getParametersJson());
                }
            }
        }
        ObjectNode metadata = root.putObject("metadata");
        request.getMetadata().forEach(metadata::put);
        return root.toString();
    }
}
