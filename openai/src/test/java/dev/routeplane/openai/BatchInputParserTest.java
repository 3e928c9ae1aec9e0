package dev.routeplane.openai;

import static dev.routeplane.openai.BatchFixtures.NOW;
import static dev.routeplane.openai.BatchFixtures.parse;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.routeplane.contract.LatencyClass;
import dev.routeplane.contract.RequestHints;
import dev.routeplane.contract.RouteRequest;
import dev.routeplane.contract.ToolSpec;
import dev.routeplane.openai.BatchFixtures.CollectingSink;
import java.io.IOException;
import java.io.StringReader;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BatchInputParserTest {

    private static final String CHAT = "\"method\": \"POST\", \"url\": \"/v1/chat/completions\"";

    private static String openAi(String customId, String body) {
        return "{\"custom_id\": \"" + customId + "\", " + CHAT + ", \"body\": " + body + "}";
    }

    private static final String HELLO =
            "{\"model\": \"auto\", \"messages\": [{\"role\": \"user\", \"content\": \"hi\"}]}";

    @Test
    void mapsAnOpenAiBatchLineToARouteRequest() throws IOException {
        String body = "{\"model\": \"auto\", \"max_tokens\": 256, \"temperature\": 0.2, \"seed\": 7,"
                + " \"messages\": [{\"role\": \"developer\", \"content\": \"Be terse.\"},"
                + "  {\"role\": \"user\", \"content\": \"Extract the total.\"}],"
                + " \"tools\": [{\"type\": \"function\", \"function\": {\"name\": \"lookup\", \"description\": \"Find\","
                + "   \"parameters\": {\"type\": \"object\"}}}],"
                + " \"response_format\": {\"type\": \"json_object\"}, \"metadata\": {\"job\": \"invoices\"}}";

        CollectingSink sink = parse("acme", "batch-1", openAi("req-1", body));

        assertThat(sink.errors).isEmpty();
        RouteRequest request = sink.requests.get(0);
        assertThat(request.getRequestId()).isEqualTo("req-1");
        assertThat(request.getTenantId()).isEqualTo("acme");
        assertThat(request.getBatchId()).isEqualTo("batch-1");
        assertThat(request.getSubmittedAt()).isEqualTo(NOW);
        assertThat(request.getMessages())
                .extracting("role", "content")
                .containsExactly(tuple("system", "Be terse."), tuple("user", "Extract the total."));
        RequestHints hints = request.getHints();
        assertThat(hints.getPinnedAlias()).isNull();
        assertThat(hints.getMaxOutputTokens()).isEqualTo(256);
        assertThat(hints.getLatencyClass()).isEqualTo(LatencyClass.BATCH);
        assertThat(hints.getResponseFormat()).isEqualTo("json_object");
        assertThat(hints.getTools())
                .containsExactly(ToolSpec.newBuilder()
                        .setName("lookup")
                        .setDescription("Find")
                        .setSideEffect(false)
                        .setParametersJson("{\"type\":\"object\"}")
                        .build());
        assertThat(request.getMetadata())
                .containsExactlyInAnyOrderEntriesOf(
                        Map.of("job", "invoices", "openai.temperature", "0.2", "openai.seed", "7"));
    }

    @Test
    void pinsANamedModelAsAliasAndReadsTheRouteplaneExtension() throws IOException {
        String body = "{\"model\": \"prod-stable\", \"max_completion_tokens\": 100,"
                + " \"messages\": [{\"role\": \"user\", \"content\": \"x\"}],"
                + " \"tools\": [{\"type\": \"function\", \"function\": {\"name\": \"send_email\"}}],"
                + " \"routeplane\": {\"taskType\": \"CODE\", \"maxCostUsd\": \"0.05\", \"tags\": [\"eu_data_residency\"],"
                + "   \"sideEffectTools\": [\"send_email\"], \"approvals\": [\"send_email\"], \"latencyClass\": \"background\"}}";

        RequestHints hints =
                parse("acme", null, openAi("r", body)).requests.get(0).getHints();

        assertThat(hints.getPinnedAlias()).isEqualTo("prod-stable");
        assertThat(hints.getMaxOutputTokens()).isEqualTo(100);
        assertThat(hints.getTaskType()).isEqualTo("CODE");
        assertThat(hints.getMaxCostMicros()).isEqualTo(50_000L);
        assertThat(hints.getTags()).containsExactly("eu_data_residency");
        assertThat(hints.getApprovals()).containsExactly("send_email");
        assertThat(hints.getLatencyClass()).isEqualTo(LatencyClass.BACKGROUND);
        assertThat(hints.getTools().get(0).getSideEffect()).isTrue();
    }

    @Test
    void mapsRouteplaneRequestJsonWithExactDollarCaps() throws IOException {
        String line = "{\"requestId\": \"rp-1\", \"tenantId\": \"globex\", \"batchId\": \"nightly\","
                + " \"messages\": [{\"role\": \"user\", \"content\": \"Summarise\"}],"
                + " \"hints\": {\"taskType\": \"SUMMARIZATION\", \"latencyClass\": \"interactive\", \"qualityTier\": \"premium\","
                + "   \"maxCostUsd\": 0.1, \"deadlineMs\": 60000, \"maxOutputTokens\": 300, \"responseFormat\": \"text\","
                + "   \"dataClass\": \"CONFIDENTIAL\", \"tags\": [\"no_training_on_data\"], \"pinnedAlias\": \"fast\","
                + "   \"tools\": [{\"name\": \"refund\", \"sideEffect\": true, \"parameters\": {\"type\": \"object\"}}],"
                + "   \"approvals\": [\"refund\"]},"
                + " \"metadata\": {\"team\": \"finance\"}}";

        CollectingSink sink = parse(null, null, line);

        assertThat(sink.errors).isEmpty();
        RouteRequest request = sink.requests.get(0);
        assertThat(request.getRequestId()).isEqualTo("rp-1");
        assertThat(request.getTenantId()).isEqualTo("globex");
        assertThat(request.getBatchId()).isEqualTo("nightly");
        RequestHints hints = request.getHints();
        assertThat(hints.getMaxCostMicros()).isEqualTo(100_000L);
        assertThat(hints.getLatencyClass()).isEqualTo(LatencyClass.INTERACTIVE);
        assertThat(hints.getDeadlineMs()).isEqualTo(60_000L);
        assertThat(hints.getMaxOutputTokens()).isEqualTo(300);
        assertThat(hints.getQualityTier()).isEqualTo("premium");
        assertThat(hints.getDataClass()).isEqualTo("CONFIDENTIAL");
        assertThat(hints.getPinnedAlias()).isEqualTo("fast");
        assertThat(hints.getTools().get(0).getSideEffect()).isTrue();
        assertThat(hints.getTools().get(0).getParametersJson()).isEqualTo("{\"type\":\"object\"}");
        assertThat(request.getMetadata()).containsExactly(Map.entry("team", "finance"));
    }

    @Test
    void reportsEveryBadLineWithItsNumberAndReasonAndKeepsParsing() throws IOException {
        CollectingSink sink = parse(
                "acme",
                "b", // line numbers:
                openAi("ok-1", HELLO), // 1
                "{\"custom_id\": \"broken\", ", // 2
                "{" + CHAT + ", \"body\": " + HELLO + "}", // 3
                openAi("ok-1", HELLO), // 4
                "{\"custom_id\": \"e\", \"method\": \"POST\", \"url\": \"/v1/embeddings\", \"body\": {}}", // 5
                openAi("no-messages", "{\"model\": \"auto\"}"), // 6
                openAi(
                        "bad-tokens",
                        "{\"max_tokens\": -5, \"messages\": [{\"role\": \"user\", \"content\": \"x\"}]}"), // 7
                openAi(
                        "image",
                        "{\"messages\": [{\"role\": \"user\", \"content\": [{\"type\": \"image_url\","
                                + " \"image_url\": {\"url\": \"data:,\"}}]}]}"), // 8
                "{\"custom_id\": \"get\", \"method\": \"GET\", \"url\": \"/v1/chat/completions\", \"body\": " + HELLO
                        + "}", // 9
                "[1, 2]", // 10
                "{\"requestId\": \"rp\", \"messages\": [{\"role\": \"user\", \"content\": \"x\"}], \"hint\": {}}", // 11
                openAi("ok-2", HELLO)); // 12

        assertThat(sink.errors)
                .extracting(BatchLineError::lineNumber, BatchLineError::reason, BatchLineError::param)
                .containsExactly(
                        tuple(2L, BatchLineReason.MALFORMED_JSON, null),
                        tuple(3L, BatchLineReason.MISSING_CUSTOM_ID, "custom_id"),
                        tuple(4L, BatchLineReason.DUPLICATE_CUSTOM_ID, "custom_id"),
                        tuple(5L, BatchLineReason.UNSUPPORTED_URL, "url"),
                        tuple(6L, BatchLineReason.MISSING_MESSAGES, "body.messages"),
                        tuple(7L, BatchLineReason.INVALID_FIELD, "body.max_tokens"),
                        tuple(8L, BatchLineReason.UNSUPPORTED_CONTENT, "body.messages[0].content[0]"),
                        tuple(9L, BatchLineReason.UNSUPPORTED_METHOD, "method"),
                        tuple(10L, BatchLineReason.MALFORMED_JSON, null),
                        tuple(11L, BatchLineReason.INVALID_FIELD, "hint"));
        assertThat(sink.errors)
                .extracting(BatchLineError::customId)
                .containsExactly(null, null, "ok-1", "e", "no-messages", "bad-tokens", "image", "get", null, "rp");
        assertThat(sink.acceptedLines).containsExactly(1L, 12L);
        assertThat(sink.errors.get(2).message()).contains("already used on line 1");
        assertThat(sink.errors.get(5).message()).contains("body.max_tokens").contains("-5");
    }

    @Test
    void malformedJsonMessageNeverQuotesTheLine() throws IOException {
        CollectingSink sink = parse("acme", null, "{\"custom_id\": \"x\", secret-prompt-text}");

        assertThat(sink.errors).singleElement().satisfies(error -> {
            assertThat(error.reason()).isEqualTo(BatchLineReason.MALFORMED_JSON);
            assertThat(error.message())
                    .startsWith("line 1 is not valid JSON (problem at column")
                    .doesNotContain("secret");
        });
    }

    @Test
    void joinsTextContentPartsWithNewlines() throws IOException {
        String body = "{\"messages\": [{\"role\": \"user\", \"content\": [{\"type\": \"text\", \"text\": \"First\"},"
                + " {\"type\": \"text\", \"text\": \"Second\"}]}]}";

        RouteRequest request =
                parse("acme", null, openAi("parts", body)).requests.get(0);

        assertThat(request.getMessages().get(0).getContent()).isEqualTo("First\nSecond");
    }

    @Test
    void refusesToolCallTurnsRatherThanDroppingThem() throws IOException {
        String body = "{\"messages\": [{\"role\": \"user\", \"content\": \"x\"}, {\"role\": \"assistant\","
                + " \"content\": null, \"tool_calls\": [{\"id\": \"c1\"}]}]}";

        BatchLineError error = parse("acme", null, openAi("t", body)).errors.get(0);

        assertThat(error.reason()).isEqualTo(BatchLineReason.UNSUPPORTED_CONTENT);
        assertThat(error.param()).isEqualTo("body.messages[1]");
    }

    @Test
    void refusesConflictingTenantsAndOpenAiLinesWithoutATenant() throws IOException {
        String routeplane =
                "{\"requestId\": \"r\", \"tenantId\": \"globex\", \"messages\": [{\"role\": \"user\", \"content\": \"x\"}]}";

        assertThat(parse("acme", null, routeplane).errors)
                .extracting(BatchLineError::reason, BatchLineError::param)
                .containsExactly(tuple(BatchLineReason.INVALID_FIELD, "tenantId"));
        assertThat(parse(null, null, openAi("o", HELLO)).errors)
                .extracting(BatchLineError::reason, BatchLineError::param)
                .containsExactly(tuple(BatchLineReason.INVALID_FIELD, "tenantId"));
    }

    @Test
    void refusesInexactOrInvalidValues() throws IOException {
        CollectingSink sink = parse(
                "t",
                null,
                "{\"requestId\": \"a\", \"tenantId\": \"t\", \"messages\": [{\"role\": \"user\", \"content\": \"x\"}],"
                        + " \"hints\": {\"maxCostUsd\": \"0.0000001\"}}",
                "{\"requestId\": \"b\", \"tenantId\": \"t\", \"messages\": [{\"role\": \"user\", \"content\": \"x\"}],"
                        + " \"hints\": {\"latencyClass\": \"urgent\"}}",
                openAi("c", "{\"n\": 2, \"messages\": [{\"role\": \"user\", \"content\": \"x\"}]}"),
                "{\"requestId\": \"d\", \"tenantId\": \"t\", \"messages\": [{\"role\": \"robot\", \"content\": \"x\"}]}",
                "{\"requestId\": \"e\", \"tenantId\": \"t\", \"messages\": []}");

        assertThat(sink.errors)
                .extracting(BatchLineError::reason, BatchLineError::param)
                .containsExactly(
                        tuple(BatchLineReason.INVALID_FIELD, "hints.maxCostUsd"),
                        tuple(BatchLineReason.INVALID_FIELD, "hints.latencyClass"),
                        tuple(BatchLineReason.INVALID_FIELD, "body.n"),
                        tuple(BatchLineReason.INVALID_FIELD, "messages[0].role"),
                        tuple(BatchLineReason.MISSING_MESSAGES, "messages"));
    }

    @Test
    void skipsBlankLinesButCountsThemAndHandlesCrLfAndByteOrderMark() throws IOException {
        CollectingSink sink = new CollectingSink();
        String file = "\uFEFF" + openAi("a", HELLO) + "\r\n\r\n   \n" + openAi("b", HELLO) + "\r\n";

        BatchParseSummary summary = new BatchInputParser(BatchInputOptions.of("acme", null), BatchFixtures.CLOCK)
                .parse(new StringReader(file), sink);

        assertThat(sink.acceptedLines).containsExactly(1L, 4L);
        assertThat(summary).isEqualTo(new BatchParseSummary(4, 2, 0, 2, 0));
    }

    @Test
    void refusesALineWhoseRequestIsOverTheRoutersSizeLimitCountingToolDescriptions() throws IOException {
        CollectingSink sink = new CollectingSink();
        // Under the line limit and with a short prompt, but its tool description makes the request ~1.2 MB, over
        // the router's default 921,600 bytes: Kafka would refuse its routed task, so the line is refused up front.
        String tools = "\"tools\": [{\"type\": \"function\", \"function\": {\"name\": \"lookup\", \"description\": \""
                + "d".repeat(1_200_000) + "\", \"parameters\": {\"type\": \"object\"}}}]";
        String big = openAi("big", "{\"messages\": [{\"role\": \"user\", \"content\": \"hi\"}], " + tools + "}");

        new BatchInputParser(BatchInputOptions.of("acme", null), BatchFixtures.CLOCK)
                .parse(new StringReader(big + "\n" + openAi("small", HELLO)), sink);

        assertThat(sink.errors)
                .extracting(BatchLineError::lineNumber, BatchLineError::reason, BatchLineError::customId)
                .containsExactly(tuple(1L, BatchLineReason.REQUEST_TOO_LARGE, "big"));
        assertThat(sink.errors.get(0).message()).contains("above router.maxRequestBytes 921600");
        assertThat(sink.requests).extracting(RouteRequest::getRequestId).containsExactly("small");
    }

    @Test
    void skipsAnOverlongLineWithoutBufferingItAndParsesTheNext() throws IOException {
        CollectingSink sink = new CollectingSink();
        String huge =
                openAi("huge", "{\"messages\": [{\"role\": \"user\", \"content\": \"" + "x".repeat(5_000) + "\"}]}");
        BatchInputOptions options = new BatchInputOptions("acme", null, LatencyClass.BATCH, 1_000);

        new BatchInputParser(options, BatchFixtures.CLOCK)
                .parse(new StringReader(huge + "\n" + openAi("small", HELLO)), sink);

        assertThat(sink.errors)
                .extracting(BatchLineError::lineNumber, BatchLineError::reason)
                .containsExactly(tuple(1L, BatchLineReason.LINE_TOO_LONG));
        assertThat(sink.requests).extracting(RouteRequest::getRequestId).containsExactly("small");
    }

    @Test
    void aFileMayMixBothFormats() throws IOException {
        CollectingSink sink = parse(
                "acme",
                null,
                openAi("a", HELLO),
                "{\"requestId\": \"b\", \"messages\": [{\"role\": \"user\", \"content\": \"x\"}]}");

        assertThat(sink.requests)
                .extracting(RouteRequest::getRequestId, RouteRequest::getTenantId)
                .containsExactly(tuple("a", "acme"), tuple("b", "acme"));
        assertThat(List.of(sink.requests.get(1).getHints().getLatencyClass())).containsExactly(LatencyClass.BATCH);
    }
}
