package dev.routeplane.cli;

import static dev.routeplane.api.ApiClient.JSON;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.routeplane.api.ApiClient;
import dev.routeplane.api.ApiPipeline;
import dev.routeplane.api.TenantAuthenticator;
import dev.routeplane.cli.deploy.ComposeFileTest;
import dev.routeplane.contract.RoutingDecision;
import dev.routeplane.router.internal.StableHash;
import dev.routeplane.runtime.RouteplaneRuntime;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The HTTP API on the whole pipeline, as {@code routeplane up} runs it: the embedded KRaft broker and registry,
 * router, executors calling the provider simulator over HTTP, and the ledger, with the API wired the same way.
 * Nothing stands in for a service. The last test scrapes {@code /metrics} and checks that every series the
 * provisioned Grafana dashboard queries is being exported.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ApiPipelineIT {
    private static final String ACME = "Bearer " + TenantAuthenticator.demoKey("acme");
    private static final String UMBRELLA = "Bearer " + TenantAuthenticator.demoKey("umbrella");
    private static final String APPROVER = "Bearer " + ApiPipeline.UMBRELLA_APPROVER_KEY;

    @TempDir
    static Path dir;

    private static ApiPipeline pipeline;
    private static RouteplaneRuntime runtime;
    private static ApiClient client;

    @BeforeAll
    static void startPipeline() throws Exception {
        pipeline = ApiPipeline.start(dir);
        runtime = pipeline.runtime;
        client = new ApiClient(pipeline.baseUri());
    }

    @AfterAll
    static void stop() {
        if (pipeline != null) {
            pipeline.close();
        }
    }

    @Test
    @Order(1)
    void aChatCompletionIsRoutedCalledAndBilled() throws Exception {
        HttpResponse<String> response = client.post("/v1/chat/completions", ACME, """
        {"model": "auto", "messages": [{"role": "user", "content": "Summarise in one line: Kafka is a log."}]}""");

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode completion = JSON.readTree(response.body());
        assertThat(completion.get("object").asText()).isEqualTo("chat.completion");
        assertThat(completion.at("/choices/0/message/content").asText()).isNotBlank();
        assertThat(completion.at("/usage/prompt_tokens").asInt()).isPositive();
        assertThat(completion.at("/routeplane/provider").asText())
                .isIn(runtime.options().config().providers().keySet());
        String requestId = completion.at("/routeplane/request_id").asText();
        JsonNode polled =
                JSON.readTree(client.get("/v1/requests/" + requestId, ACME).body());
        assertThat(polled.get("status").asText()).isEqualTo("SUCCEEDED");
        assertThat(polled.get("costMicros").asLong()).isPositive();
    }

    @Test
    @Order(2)
    void anOpenAiBatchComesBackCompleteAndTheMalformedLineIsReported() throws Exception {
        String input = String.join(
                        "\n",
                        ApiClient.line("c1", "Translate to French: good morning"),
                        ApiClient.line("c2", "Classify the sentiment: I love this product"),
                        "{\"custom_id\": \"c3\", \"method\": \"POST\"", // line 3: not JSON
                        ApiClient.line("c4", "Extract the city: I live in Lyon"),
                        ApiClient.line("c5", "Write a haiku about logs"))
                + "\n";
        String fileId = JSON.readTree(
                        client.upload(ACME, "batch", "jobs.jsonl", input).body())
                .get("id")
                .asText();

        HttpResponse<String> created = client.post("/v1/batches", ACME, """
        {"input_file_id": "%s", "endpoint": "/v1/chat/completions", "completion_window": "24h"}""".formatted(fileId));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(200);
        String batchId = JSON.readTree(created.body()).get("id").asText();
        await().atMost(Duration.ofSeconds(90))
                .pollInterval(Duration.ofMillis(300))
                .until(() -> "completed"
                        .equals(JSON.readTree(client.get("/v1/batches/" + batchId, ACME)
                                        .body())
                                .get("status")
                                .asText()));

        JsonNode done = JSON.readTree(client.get("/v1/batches/" + batchId, ACME).body());
        assertThat(done.at("/request_counts/total").asInt()).isEqualTo(5);
        assertThat(done.at("/request_counts/completed").asInt()).isEqualTo(4);
        assertThat(done.at("/request_counts/failed").asInt()).isEqualTo(1);
        List<JsonNode> output = ApiClient.jsonLines(
                client.get("/v1/files/" + done.get("output_file_id").asText() + "/content", ACME)
                        .body());
        assertThat(output).extracting(l -> l.get("custom_id").asText()).containsExactly("c1", "c2", "c4", "c5");
        assertThat(output).allSatisfy(l -> {
            assertThat(l.at("/response/status_code").asInt()).isEqualTo(200);
            assertThat(l.at("/response/body/object").asText()).isEqualTo("chat.completion");
            assertThat(l.at("/response/body/choices/0/message/content").asText())
                    .isNotBlank();
        });
        List<JsonNode> errors = ApiClient.jsonLines(
                client.get("/v1/files/" + done.get("error_file_id").asText() + "/content", ACME)
                        .body());
        assertThat(errors).hasSize(1);
        assertThat(errors.get(0).at("/error/code").asText()).isEqualTo("MALFORMED_JSON");
        assertThat(errors.get(0).at("/error/line").asInt()).isEqualTo(3);

        // Another tenant sees neither the batch nor its files, exactly as if they did not exist.
        HttpResponse<String> foreign = client.get("/v1/batches/" + batchId, UMBRELLA);
        HttpResponse<String> missing = client.get("/v1/batches/batch_doesnotexist", UMBRELLA);
        assertThat(foreign.statusCode()).isEqualTo(404);
        assertThat(foreign.body().replace(batchId, "ID"))
                .isEqualTo(missing.body().replace("batch_doesnotexist", "ID"));
        assertThat(client.get("/v1/files/" + done.get("output_file_id").asText() + "/content", UMBRELLA)
                        .statusCode())
                .isEqualTo(404);
    }

    @Test
    @Order(3)
    void theLedgerBillsATenantOnlyToThatTenant() throws Exception {
        String month = java.time.YearMonth.now(java.time.ZoneOffset.UTC).toString();
        // One chat and four batch lines succeeded for acme so far; the ledger catches up within its commit interval.
        await().atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(500))
                .until(() -> {
                    HttpResponse<String> own = client.get("/v1/ledger/usage?tenant=acme&month=" + month, ACME);
                    return own.statusCode() == 200
                            && JSON.readTree(own.body()).at("/total/calls").asInt() >= 5;
                });
        JsonNode usage = JSON.readTree(
                client.get("/v1/ledger/usage?tenant=acme&month=" + month, ACME).body());
        assertThat(usage.get("tenant").asText()).isEqualTo("acme");
        assertThat(usage.at("/total/costMicros").asLong()).isPositive();
        assertThat(usage.at("/total/priceMismatches").asInt()).isZero();

        HttpResponse<String> foreign = client.get("/v1/ledger/usage?tenant=acme&month=" + month, UMBRELLA);
        assertThat(foreign.statusCode()).isEqualTo(403);
        assertThat(foreign.body()).doesNotContain("costMicros");
    }

    @Test
    @Order(4)
    void aToolNeedingApprovalPassesOnlyWithAnApproverKeysApprovalRecordedInTheDecision() throws Exception {
        String emailRequest = """
        {"model": "auto", "messages": [{"role": "user", "content": "Email the board the quarterly numbers."}],
         "tools": [{"type": "function", "function": {"name": "send_email", "description": "Sends an email",
           "parameters": {"type": "object", "properties": {"to": {"type": "string"}}}}}],
         "routeplane": {"sideEffectTools": ["send_email"], "approvals": ["send_email"]}}""";
        // the request's own approvals hint grants nothing
        HttpResponse<String> refused = client.post("/v1/chat/completions", UMBRELLA, emailRequest);
        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(403);
        assertThat(JSON.readTree(refused.body()).at("/error/code").asText()).isEqualTo("APPROVAL_REQUIRED");

        // a key without the approver role may not approve, the approver key may
        String approval = """
        {"request_id": "email-1", "tools": ["send_email"], "note": "board mail, checked"}""";
        HttpResponse<String> notApprover = client.post("/v1/approvals", UMBRELLA, approval);
        assertThat(notApprover.statusCode()).as(notApprover.body()).isEqualTo(403);
        assertThat(JSON.readTree(notApprover.body()).at("/error/code").asText()).isEqualTo("approver_role_required");
        HttpResponse<String> approved = client.post("/v1/approvals", APPROVER, approval);
        assertThat(approved.statusCode()).as(approved.body()).isEqualTo(201);
        assertThat(JSON.readTree(approved.body()).get("approved_by").asText()).isEqualTo("key:umbrella-approver");

        // the approved request id goes through, and its decision says who approved
        HttpResponse<String> sent =
                client.post("/v1/chat/completions", UMBRELLA, emailRequest, "Idempotency-Key", "email-1");
        assertThat(sent.statusCode()).as(sent.body()).isEqualTo(200);
        RoutingDecision decision = decisionOf("umbrella", "email-1");
        assertThat(decision.getPolicy().getApprovals()).singleElement().satisfies(a -> {
            assertThat(a.getTool()).isEqualTo("send_email");
            assertThat(a.getApprovedBy()).isEqualTo("key:umbrella-approver");
        });
    }

    private static RoutingDecision decisionOf(String tenant, String requestId) {
        Map<String, Object> props = new HashMap<>(runtime.clientProperties());
        props.put("group.id", "api-pipeline-it-decisions");
        props.put("auto.offset.reset", "earliest");
        var serdes = runtime.serdes();
        try (KafkaConsumer<String, RoutingDecision> consumer = new KafkaConsumer<>(
                props,
                serdes.keySerde().deserializer(),
                serdes.valueSerde(runtime.topics().decisions()).deserializer())) {
            consumer.subscribe(List.of(runtime.topics().decisions().name()));
            RoutingDecision[] found = new RoutingDecision[1];
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                for (ConsumerRecord<String, RoutingDecision> r : consumer.poll(Duration.ofMillis(200))) {
                    if (tenant.equals(r.key()) && requestId.equals(r.value().getRequestId())) {
                        found[0] = r.value();
                    }
                }
                return found[0] != null;
            });
            return found[0];
        }
    }

    @Test
    @Order(5)
    void anOutageFallsBackAndEverySeriesTheDashboardQueriesIsExported() throws Exception {
        // Find where acme's chat goes, take that provider down, and send the same kind of request again. Both requests
        // carry ids the router's exploration share leaves on the best-ranked route (with random ids, one run in about
        // ten explored one of them and sent the second elsewhere at its first attempt).
        JsonNode first = JSON.readTree(
                client.post("/v1/chat/completions", ACME, """
        {"model": "auto", "messages": [{"role": "user", "content": "Summarise in one line: logs are ordered."}]}""", "Idempotency-Key", unexplored("outage-before-"))
                        .body());
        String provider = first.at("/routeplane/provider").asText();
        int simulatorPort = runtime.simulator().orElseThrow().port();
        HttpResponse<String> outage = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create("http://localhost:" + simulatorPort + "/_sim/providers/"
                                        + provider + "/outage"))
                                .header("Content-Type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofString("{\"outage\": true}"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(outage.statusCode()).as(outage.body()).isEqualTo(200);

        HttpResponse<String> second =
                client.post("/v1/chat/completions", ACME, """
        {"model": "auto", "messages": [{"role": "user", "content": "Summarise in one line: offsets are positions."}]}""", "Idempotency-Key", unexplored("outage-after-"));

        assertThat(second.statusCode()).as(second.body()).isEqualTo(200);
        assertThat(JSON.readTree(second.body()).at("/routeplane/provider").asText())
                .isNotEqualTo(provider);
        assertThat(JSON.readTree(second.body()).at("/routeplane/attempts").asInt())
                .isGreaterThan(1);

        String scrape = client.get("/metrics", null).body();
        Set<String> exported = exportedNames(scrape);
        Set<String> queried = dashboardMetricNames();
        assertThat(queried).hasSizeGreaterThan(8);
        assertThat(exported).containsAll(queried);
        assertThat(scrape).contains("routeplane_rejections_total{reason=\"APPROVAL_REQUIRED\"} 1.0");
        assertThat(scrape)
                .containsPattern("routeplane_fallbacks_total\\{provider=\"" + provider + "\",to=\"[^\"]+\"} 1\\.0");
        assertThat(scrape).doesNotContain("Summarise", "offsets are positions", TenantAuthenticator.demoKey("acme"));
    }

    /** The first id {@code prefix + n} whose exploration draw (the router's seed, the request id) is not an exploration. */
    private static String unexplored(String prefix) {
        long seed = runtime.options().seed();
        double share = runtime.options().config().router().explorationShare();
        for (int n = 0; ; n++) {
            if (StableHash.unit(seed, prefix + n) >= share) {
                return prefix + n;
            }
        }
    }

    private static Set<String> exportedNames(String scrape) {
        Set<String> names = new HashSet<>();
        for (String line : scrape.split("\n")) {
            if (!line.startsWith("#") && !line.isBlank()) {
                Matcher m = Pattern.compile("^[a-zA-Z_:][a-zA-Z0-9_:]*").matcher(line);
                if (m.find()) {
                    names.add(m.group());
                }
            }
        }
        return names;
    }

    private static Set<String> dashboardMetricNames() throws Exception {
        Path root = Path.of("").toAbsolutePath();
        while (!Files.exists(root.resolve("deploy/grafana/dashboards/routeplane.json"))) {
            root = root.getParent();
        }
        JsonNode dashboard = JSON.readTree(
                root.resolve("deploy/grafana/dashboards/routeplane.json").toFile());
        Set<String> names = new HashSet<>();
        for (JsonNode panel : dashboard.get("panels")) {
            for (JsonNode target : panel.get("targets")) {
                names.addAll(ComposeFileTest.metricNames(target.get("expr").asText()));
            }
        }
        return names;
    }
}
