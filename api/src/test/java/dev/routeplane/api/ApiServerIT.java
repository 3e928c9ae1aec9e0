package dev.routeplane.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import dev.routeplane.config.EnvAndFileSecretResolver;
import dev.routeplane.config.RouteplaneConfig;
import dev.routeplane.platform.testkit.RouteplanePlatformExtension;
import dev.routeplane.schemas.RouteplaneSerdes;
import dev.routeplane.schemas.TopicBootstrapper;
import dev.routeplane.schemas.Topics;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The API over real HTTP against a real broker and registry. A {@link FakeExecutor} stands in for the router
 * and executors (they are wired separately), answering every request on the results topic.
 */
class ApiServerIT {
    @RegisterExtension
    static final RouteplanePlatformExtension platform = new RouteplanePlatformExtension();

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Topics TOPICS = Topics.defaults();
    private static final String ACME = "Bearer " + TenantAuthenticator.demoKey("acme");
    private static final String UMBRELLA = "Bearer " + TenantAuthenticator.demoKey("umbrella");

    private static TenantAuthenticator authenticator;
    private static ResultIndex index;
    private static RequestSubmitter submitter;
    private static FakeExecutor executor;
    private static ApiServer server;
    private static ApiClient client;

    @BeforeAll
    static void startApi() throws Exception {
        try (Admin admin = Admin.create(platform.adminConfig())) {
            new TopicBootstrapper(admin).ensure(TOPICS.all(List.of()));
        }
        RouteplaneSerdes serdes = new RouteplaneSerdes(Map.of("schema.registry.url", platform.registryUrl()));
        Map<String, Object> kafka = platform.adminConfig();
        authenticator = TenantAuthenticator.fromConfig(
                RouteplaneConfig.defaults(), new EnvAndFileSecretResolver(name -> null), true);
        index = new ResultIndex(kafka, TOPICS, serdes);
        submitter = new RequestSubmitter(kafka, TOPICS, serdes);
        executor = new FakeExecutor(platform.consumerProps("fake-executor"), platform.producerProps(), TOPICS, serdes)
                .start();
        server = ApiServer.builder()
                .port(0)
                .dataDir(platform.dataDir().resolve("routeplane"))
                .authenticator(authenticator)
                .resultIndex(index)
                .submitter(submitter)
                .chatTimeout(Duration.ofSeconds(30))
                .mountAuthenticated("/v1/ledger/", ApiServerIT::ledgerStandIn)
                .start();
        client = new ApiClient(server.baseUri());
    }

    /** Stands in for the ledger's handler: it asks the authenticator, as {@code LedgerHttpHandler} does. */
    private static void ledgerStandIn(HttpExchange exchange) throws IOException {
        String query = exchange.getRequestURI().getQuery();
        String tenant = query == null ? "" : query.replaceFirst(".*tenant=([^&]*).*", "$1");
        boolean allowed = authenticator.mayRead(exchange, tenant);
        byte[] body = (allowed
                        ? "{\"tenant\": \"" + tenant + "\"}"
                        : "{\"error\": {\"message\": \"Not allowed to read"
                                + " this tenant's ledger\", \"type\": \"permission_error\", \"param\": \"tenant\", \"code\": \"forbidden\"}}")
                .getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(allowed ? 200 : 403, body.length);
        exchange.getResponseBody().write(body);
        exchange.close();
    }

    @AfterAll
    static void stop() throws Exception {
        if (server != null) {
            server.close();
        }
        if (executor != null) {
            executor.close();
        }
        if (index != null) {
            index.close();
        }
        if (submitter != null) {
            submitter.close();
        }
    }

    @Test
    void answersAChatCompletionInOpenAiFormat() throws Exception {
        HttpResponse<String> response = client.post("/v1/chat/completions", ACME, """
        {"model": "auto", "messages": [{"role": "user", "content": "What is Kafka?"}], "temperature": 0.2}""");

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode completion = JSON.readTree(response.body());
        assertThat(completion.get("object").asText()).isEqualTo("chat.completion");
        assertThat(completion.at("/choices/0/message/role").asText()).isEqualTo("assistant");
        assertThat(completion.at("/choices/0/message/content").asText()).isEqualTo("echo: What is Kafka?");
        assertThat(completion.at("/choices/0/finish_reason").asText()).isEqualTo("stop");
        assertThat(completion.at("/usage/total_tokens").asInt()).isEqualTo(10);
        String requestId = completion.at("/routeplane/request_id").asText();
        assertThat(requestId).startsWith("req_");
        assertThat(response.headers().firstValue("X-Routeplane-Request-Id")).contains(requestId);

        HttpResponse<String> polled = client.get("/v1/requests/" + requestId, ACME);
        assertThat(polled.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(polled.body()).get("status").asText()).isEqualTo("SUCCEEDED");
        assertThat(JSON.readTree(polled.body()).get("costMicros").asLong()).isEqualTo(42);
    }

    @Test
    void anIdempotencyKeyRetryReturnsTheSameRequestWithoutRunningItAgain() throws Exception {
        String body = """
        {"model": "auto", "messages": [{"role": "user", "content": "Summarise the report"}]}""";

        HttpResponse<String> first = client.post("/v1/chat/completions", ACME, body, "Idempotency-Key", "nightly-42");
        HttpResponse<String> retry = client.post("/v1/chat/completions", ACME, body, "Idempotency-Key", "nightly-42");

        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(retry.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(first.body()).at("/routeplane/request_id").asText())
                .isEqualTo("nightly-42");
        assertThat(JSON.readTree(retry.body()).at("/routeplane/request_id").asText())
                .isEqualTo("nightly-42");
        assertThat(JSON.readTree(retry.body()).get("id"))
                .isEqualTo(JSON.readTree(first.body()).get("id"));
        assertThat(executor.timesSeen("acme", "nightly-42")).isEqualTo(1);
    }

    @Test
    void mapsRefusalsTimeoutsAndBadBodiesToOpenAiErrors() throws Exception {
        HttpResponse<String> budget = client.post("/v1/chat/completions", ACME, """
        {"model": "auto", "messages": [{"role": "user", "content": "over budget please"}]}""");
        assertThat(budget.statusCode()).isEqualTo(429);
        assertThat(JSON.readTree(budget.body()).at("/error/code").asText()).isEqualTo("BUDGET_EXCEEDED");
        assertThat(JSON.readTree(budget.body()).at("/error/type").asText()).isEqualTo("insufficient_quota");

        HttpResponse<String> failed = client.post("/v1/chat/completions", ACME, """
        {"model": "auto", "messages": [{"role": "user", "content": "please fail"}]}""");
        assertThat(failed.statusCode()).isEqualTo(502);
        assertThat(JSON.readTree(failed.body()).at("/error/code").asText()).isEqualTo("PROVIDER_ERROR");

        HttpResponse<String> slow = client.post("/v1/chat/completions", ACME, """
        {"model": "auto", "messages": [{"role": "user", "content": "never answer this"}]}""", "X-Routeplane-Timeout-Ms", "300");
        assertThat(slow.statusCode()).isEqualTo(504);
        JsonNode timeout = JSON.readTree(slow.body()).get("error");
        assertThat(timeout.get("code").asText()).isEqualTo("result_pending");
        String pendingId = timeout.get("request_id").asText();
        assertThat(JSON.readTree(client.get("/v1/requests/" + pendingId, ACME).body())
                        .get("status")
                        .asText())
                .isEqualTo("PENDING");

        HttpResponse<String> stream = client.post("/v1/chat/completions", ACME, """
        {"model": "auto", "stream": true, "messages": [{"role": "user", "content": "hi"}]}""");
        assertThat(stream.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(stream.body()).at("/error/param").asText()).isEqualTo("stream");
        assertThat(JSON.readTree(stream.body()).at("/error/message").asText()).contains("streaming is not supported");

        HttpResponse<String> noMessages = client.post("/v1/chat/completions", ACME, "{\"model\": \"auto\"}");
        assertThat(noMessages.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(noMessages.body()).at("/error/code").asText()).isEqualTo("MISSING_MESSAGES");

        HttpResponse<String> notJson = client.post("/v1/chat/completions", ACME, "{\"model\": ");
        assertThat(notJson.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(notJson.body()).at("/error/code").asText()).isEqualTo("invalid_json");
    }

    @Test
    void anOpenAiBatchFileComesBackCompleteWithTheMalformedLineInTheErrorFile() throws Exception {
        String input = String.join(
                        "\n",
                        ApiClient.line("q1", "first question"),
                        ApiClient.line("q2", "second question"),
                        "{\"custom_id\": \"q3\", \"method\": \"POST\", \"url\": ", // malformed JSON, line 3
                        ApiClient.line("q4", "please fail"),
                        ApiClient.line("q5", "fifth question"))
                + "\n";

        JsonNode file = JSON.readTree(
                client.upload(ACME, "batch", "questions.jsonl", input).body());
        assertThat(file.get("object").asText()).isEqualTo("file");
        assertThat(file.get("purpose").asText()).isEqualTo("batch");
        assertThat(file.get("bytes").asLong()).isEqualTo(input.getBytes(StandardCharsets.UTF_8).length);
        assertThat(client.get("/v1/files/" + file.get("id").asText() + "/content", ACME)
                        .body())
                .isEqualTo(input);

        HttpResponse<String> created =
                client.post("/v1/batches", ACME, """
        {"input_file_id": "%s", "endpoint": "/v1/chat/completions", "completion_window": "24h",
         "metadata": {"job": "nightly"}}""".formatted(file.get("id").asText()));
        assertThat(created.statusCode()).isEqualTo(200);
        JsonNode batch = JSON.readTree(created.body());
        String batchId = batch.get("id").asText();
        assertThat(batchId).startsWith("batch_");
        assertThat(batch.get("object").asText()).isEqualTo("batch");
        assertThat(batch.get("status").asText()).isIn("in_progress", "completed");
        assertThat(batch.at("/metadata/job").asText()).isEqualTo("nightly");
        assertThat(batch.at("/errors/data/0/line").asInt()).isEqualTo(3);

        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> "completed"
                        .equals(JSON.readTree(client.get("/v1/batches/" + batchId, ACME)
                                        .body())
                                .get("status")
                                .asText()));
        JsonNode done = JSON.readTree(client.get("/v1/batches/" + batchId, ACME).body());
        assertThat(done.at("/request_counts/total").asInt()).isEqualTo(5);
        assertThat(done.at("/request_counts/completed").asInt()).isEqualTo(3);
        assertThat(done.at("/request_counts/failed").asInt()).isEqualTo(2);

        List<JsonNode> output = ApiClient.jsonLines(
                client.get("/v1/files/" + done.get("output_file_id").asText() + "/content", ACME)
                        .body());
        assertThat(output).extracting(l -> l.get("custom_id").asText()).containsExactly("q1", "q2", "q5");
        assertThat(output).allSatisfy(l -> {
            assertThat(l.get("id").asText()).startsWith("batch_req_");
            assertThat(l.at("/response/status_code").asInt()).isEqualTo(200);
            assertThat(l.at("/response/body/object").asText()).isEqualTo("chat.completion");
            assertThat(l.get("error").isNull()).isTrue();
        });
        assertThat(output.get(1).at("/response/body/choices/0/message/content").asText())
                .isEqualTo("echo: second question");

        List<JsonNode> errors = ApiClient.jsonLines(
                client.get("/v1/files/" + done.get("error_file_id").asText() + "/content", ACME)
                        .body());
        assertThat(errors).hasSize(2);
        assertThat(errors.get(0).at("/error/code").asText()).isEqualTo("MALFORMED_JSON");
        assertThat(errors.get(0).at("/error/line").asInt()).isEqualTo(3);
        assertThat(errors.get(1).get("custom_id").asText()).isEqualTo("q4");
        assertThat(errors.get(1).at("/error/code").asText()).isEqualTo("PROVIDER_ERROR");

        JsonNode list = JSON.readTree(client.get("/v1/batches", ACME).body());
        assertThat(list.get("data"))
                .anySatisfy(b -> assertThat(b.get("id").asText()).isEqualTo(batchId));
    }

    @Test
    void anotherTenantsIdsAreNotFoundExactlyLikeMissingOnesAndLedgerQueriesAreForbidden() throws Exception {
        HttpResponse<String> accepted = client.post("/v1/requests", ACME, """
        {"requestId": "acme-private-1", "messages": [{"role": "user", "content": "acme secret plans"}]}""");
        assertThat(accepted.statusCode()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(30))
                .until(() -> JSON.readTree(
                                client.get("/v1/requests/acme-private-1", ACME).body())
                        .get("status")
                        .asText()
                        .equals("SUCCEEDED"));
        JsonNode file =
                JSON.readTree(client.upload(ACME, "batch", "private.jsonl", ApiClient.line("p1", "private") + "\n")
                        .body());
        String fileId = file.get("id").asText();
        String batchId = JSON.readTree(
                        client.post("/v1/batches", ACME, """
        {"input_file_id": "%s", "endpoint": "/v1/chat/completions", "completion_window": "24h"}""".formatted(fileId)).body())
                .get("id")
                .asText();

        assertSameAsMissing("/v1/requests/", "acme-private-1", "no-such-request");
        assertSameAsMissing("/v1/files/", fileId, "file-000000000000000000000000");
        assertSameAsMissing("/v1/batches/", batchId, "batch_000000000000000000000000");
        HttpResponse<String> content = client.get("/v1/files/" + fileId + "/content", UMBRELLA);
        assertThat(content.statusCode()).isEqualTo(404);
        assertThat(content.body()).doesNotContain("private");
        assertThat(JSON.readTree(client.get("/v1/batches", UMBRELLA).body()).get("data"))
                .noneSatisfy(b -> assertThat(b.get("id").asText()).isEqualTo(batchId));
        assertThat(client.post("/v1/batches", UMBRELLA, """
        {"input_file_id": "%s", "endpoint": "/v1/chat/completions", "completion_window": "24h"}""".formatted(fileId)).statusCode())
                .isEqualTo(404);

        HttpResponse<String> ownLedger = client.get("/v1/ledger/usage?tenant=acme", ACME);
        HttpResponse<String> otherLedger = client.get("/v1/ledger/usage?tenant=acme", UMBRELLA);
        HttpResponse<String> unknownLedger = client.get("/v1/ledger/usage?tenant=no-such-tenant", UMBRELLA);
        assertThat(ownLedger.statusCode()).isEqualTo(200);
        assertThat(otherLedger.statusCode()).isEqualTo(403);
        assertThat(unknownLedger.statusCode()).isEqualTo(403);
        assertThat(otherLedger.body()).isEqualTo(unknownLedger.body());
    }

    private static void assertSameAsMissing(String prefix, String foreignId, String missingId) throws Exception {
        HttpResponse<String> foreign = client.get(prefix + foreignId, UMBRELLA);
        HttpResponse<String> missing = client.get(prefix + missingId, UMBRELLA);
        assertThat(foreign.statusCode()).isEqualTo(404);
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(foreign.body().replace(foreignId, "ID"))
                .isEqualTo(missing.body().replace(missingId, "ID"));
    }

    @Test
    void aBadOrMissingKeyIsUnauthorized() throws Exception {
        HttpResponse<String> wrong = client.post("/v1/chat/completions", "Bearer rp-demo-nobody", "{}");
        HttpResponse<String> none = client.get("/v1/batches", null);
        HttpResponse<String> ledger = client.get("/v1/ledger/usage?tenant=acme", "Bearer sk-guess");

        for (HttpResponse<String> response : List.of(wrong, none, ledger)) {
            assertThat(response.statusCode()).isEqualTo(401);
            assertThat(JSON.readTree(response.body()).at("/error/code").asText())
                    .isEqualTo("invalid_api_key");
            assertThat(response.headers().firstValue("WWW-Authenticate")).isPresent();
        }
        assertThat(wrong.body()).doesNotContain("rp-demo-nobody");
    }
}
