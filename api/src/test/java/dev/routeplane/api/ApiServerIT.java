package dev.routeplane.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.routeplane.platform.testkit.RouteplanePlatformExtension;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
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
    private static final String ACME = "Bearer " + TenantAuthenticator.demoKey("acme");
    private static final String UMBRELLA = "Bearer " + TenantAuthenticator.demoKey("umbrella");

    private static ApiUnderTest api;
    private static TenantAuthenticator authenticator;
    private static FakeExecutor executor;
    private static ApiClient client;

    @BeforeAll
    static void startApi() throws Exception {
        api = ApiUnderTest.start(platform);
        authenticator = api.authenticator;
        executor = api.executor;
        ApiServer server = api.server(
                "routeplane",
                b -> b.chatTimeout(Duration.ofSeconds(30)).mountAuthenticated("/v1/ledger/", new LedgerStandIn()));
        client = new ApiClient(server.baseUri());
    }

    /** Stands in for the ledger's handler: it asks the authenticator, as {@code LedgerHttpHandler} does. */
    private static final class LedgerStandIn extends Handler.Abstract {
        @Override
        public boolean handle(Request request, Response response, Callback callback) {
            String query = request.getHttpURI().getQuery();
            String tenant = query == null ? "" : query.replaceFirst(".*tenant=([^&]*).*", "$1");
            boolean allowed = authenticator.mayRead(request.getHeaders().get("Authorization"), tenant);
            response.setStatus(allowed ? 200 : 403);
            Content.Sink.write(
                    response,
                    true,
                    allowed
                            ? "{\"tenant\": \"" + tenant + "\"}"
                            : "{\"error\": {\"message\": \"Not allowed to read this tenant's ledger\", \"type\":"
                                    + " \"permission_error\", \"param\": \"tenant\", \"code\": \"forbidden\"}}",
                    callback);
            return true;
        }
    }

    @AfterAll
    static void stop() throws Exception {
        if (api != null) {
            api.close();
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

        HttpResponse<String> streamOptions = client.post("/v1/chat/completions", ACME, """
        {"model": "auto", "stream_options": {"include_usage": true}, "messages": [{"role": "user", "content": "hi"}]}""");
        assertThat(streamOptions.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(streamOptions.body()).at("/error/param").asText())
                .isEqualTo("stream_options");
        assertThat(JSON.readTree(streamOptions.body()).at("/error/message").asText())
                .contains("only allowed when stream is true");

        HttpResponse<String> noMessages = client.post("/v1/chat/completions", ACME, "{\"model\": \"auto\"}");
        assertThat(noMessages.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(noMessages.body()).at("/error/code").asText()).isEqualTo("MISSING_MESSAGES");

        HttpResponse<String> notJson = client.post("/v1/chat/completions", ACME, "{\"model\": ");
        assertThat(notJson.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(notJson.body()).at("/error/code").asText()).isEqualTo("invalid_json");
    }

    @Test
    void streamsTheRoutedAnswerAsChatCompletionChunksEndingWithDone() throws Exception {
        HttpResponse<String> response = client.post("/v1/chat/completions", ACME, """
        {"model": "auto", "stream": true, "stream_options": {"include_usage": true},
         "messages": [{"role": "user", "content": "stream me"}]}""");

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("text/event-stream"));
        List<String> events = ApiClient.events(response.body());
        assertThat(events).last().isEqualTo("[DONE]");
        List<JsonNode> chunks = new java.util.ArrayList<>();
        for (String event : events.subList(0, events.size() - 1)) {
            chunks.add(JSON.readTree(event));
        }
        assertThat(chunks).allSatisfy(c -> {
            assertThat(c.get("object").asText()).isEqualTo("chat.completion.chunk");
            assertThat(c.get("id").asText()).isEqualTo(chunks.get(0).get("id").asText());
        });
        assertThat(chunks.get(0).at("/choices/0/delta/role").asText()).isEqualTo("assistant");
        StringBuilder content = new StringBuilder();
        chunks.forEach(c -> content.append(c.at("/choices/0/delta/content").asText("")));
        assertThat(content).hasToString("echo: stream me");
        assertThat(chunks)
                .filteredOn(c -> c.at("/choices/0/finish_reason").isTextual())
                .singleElement()
                .satisfies(c ->
                        assertThat(c.at("/choices/0/finish_reason").asText()).isEqualTo("stop"));
        JsonNode usage = chunks.get(chunks.size() - 1);
        assertThat(usage.get("choices")).isEmpty();
        assertThat(usage.at("/usage/prompt_tokens").asInt()).isEqualTo(7);
        assertThat(usage.at("/usage/completion_tokens").asInt()).isEqualTo(3);
        assertThat(usage.at("/usage/total_tokens").asInt()).isEqualTo(10);
        assertThat(chunks.subList(0, chunks.size() - 1))
                .allSatisfy(c -> assertThat(c.get("usage").isNull()).isTrue());

        HttpResponse<String> withoutUsage = client.post("/v1/chat/completions", ACME, """
        {"model": "auto", "stream": true, "messages": [{"role": "user", "content": "no usage"}]}""");
        List<String> plain = ApiClient.events(withoutUsage.body());
        assertThat(plain).hasSize(4).last().isEqualTo("[DONE]");
        assertThat(plain.subList(0, 3))
                .allSatisfy(e -> assertThat(JSON.readTree(e).has("usage")).isFalse());

        HttpResponse<String> refused = client.post("/v1/chat/completions", ACME, """
        {"model": "auto", "stream": true, "messages": [{"role": "user", "content": "over budget please"}]}""");
        assertThat(refused.statusCode()).isEqualTo(429);
        assertThat(JSON.readTree(refused.body()).at("/error/code").asText()).isEqualTo("BUDGET_EXCEEDED");
    }

    @Test
    void listsTheModelsATenantsPolicyAdmitsInOpenAisShape() throws Exception {
        String globex = "Bearer " + TenantAuthenticator.demoKey("globex-eu");

        JsonNode acmeList = JSON.readTree(client.get("/v1/models", ACME).body());
        JsonNode globexList = JSON.readTree(client.get("/v1/models", globex).body());
        HttpResponse<String> alias = client.get("/v1/models/eu-default", globex);
        HttpResponse<String> excluded = client.get("/v1/models/prod-stable", globex);

        assertThat(acmeList.get("object").asText()).isEqualTo("list");
        assertThat(acmeList.get("data")).allSatisfy(m -> {
            assertThat(m.get("object").asText()).isEqualTo("model");
            assertThat(m.get("created").isIntegralNumber()).isTrue();
            assertThat(m.get("owned_by").asText()).isNotBlank();
        });
        assertThat(acmeList.at("/data/0/id").asText()).isEqualTo("auto");
        assertThat(ids(acmeList)).contains("prod-stable", "eu-default", "gpt-4o", "claude-sonnet-4");
        // globex-eu's default tags (eu_data_residency, no_training_on_data) exclude US providers
        assertThat(ids(globexList))
                .contains("auto", "eu-default", "mistral-large")
                .doesNotContain("prod-stable", "gpt-4o");
        assertThat(alias.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(alias.body()).at("/routeplane/alias_of").asText())
                .isEqualTo("mistral-large");
        assertThat(excluded.statusCode()).isEqualTo(404);
        assertThat(JSON.readTree(excluded.body()).at("/error/code").asText()).isEqualTo("model_not_found");
        assertThat(client.post("/v1/models", ACME, "{}").statusCode()).isEqualTo(405);
    }

    private static List<String> ids(JsonNode list) {
        List<String> ids = new java.util.ArrayList<>();
        list.get("data").forEach(m -> ids.add(m.get("id").asText()));
        return ids;
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
        // Like OpenAI's, a new batch is validated after the answer: validating, then in progress.
        assertThat(batch.get("status").asText()).isIn("validating", "in_progress", "completed");
        assertThat(batch.at("/metadata/job").asText()).isEqualTo("nightly");

        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> "completed"
                        .equals(JSON.readTree(client.get("/v1/batches/" + batchId, ACME)
                                        .body())
                                .get("status")
                                .asText()));
        JsonNode done = JSON.readTree(client.get("/v1/batches/" + batchId, ACME).body());
        assertThat(done.at("/errors/data/0/line").asInt()).isEqualTo(3);
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
