package dev.routeplane.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class AnthropicWireIT {

    private static final SimulatedModel HAIKU =
            new SimulatedModel("claude-3-5-haiku-latest", 800_000, 4_000_000, 2_000, 1_000);
    private static SimulatorServer sim;
    private static String base;
    private final SimHttp http = new SimHttp();

    @BeforeAll
    static void start() {
        sim = SimulatorServer.start(SimulatorConfig.builder()
                .provider(SimulatedProvider.builder("ant", WireFormat.ANTHROPIC)
                        .models(HAIKU)
                        .rpm(500)
                        .tpm(2_000_000)
                        .latency(LatencyProfile.fixed(5))
                        .build())
                .build());
        base = sim.baseUrl("ant");
    }

    @AfterAll
    static void stop() {
        sim.close();
    }

    @Test
    void answersWithTheMessageShapeAndRateLimitHeaders() {
        HttpResponse<String> r = http.anthropic(
                base, SimHttp.messages("claude-3-5-haiku-latest", "Say hello to the router", ",\"max_tokens\":1000"));

        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode body = SimHttp.json(r);
        assertThat(body.get("id").asText()).matches("msg_[0-9a-f]{24}");
        assertThat(body.get("type").asText()).isEqualTo("message");
        assertThat(body.get("role").asText()).isEqualTo("assistant");
        assertThat(body.get("model").asText()).isEqualTo("claude-3-5-haiku-latest");
        assertThat(body.get("content")).hasSize(1);
        assertThat(body.get("content").get(0).get("type").asText()).isEqualTo("text");
        assertThat(body.get("content").get(0).get("text").asText()).isNotBlank();
        assertThat(body.get("stop_reason").asText()).isEqualTo("end_turn");
        assertThat(body.get("stop_sequence").isNull()).isTrue();
        assertThat(body.get("usage").get("input_tokens").asInt()).isEqualTo(9);
        assertThat(body.get("usage").get("output_tokens").asInt()).isBetween(16, 511);
        assertThat(r.headers().firstValue("request-id")).isPresent();
        assertThat(r.headers().firstValue("anthropic-ratelimit-requests-limit")).hasValue("500");
        assertThat(r.headers().firstValue("anthropic-ratelimit-tokens-limit")).hasValue("2000000");
        Instant reset = Instant.parse(
                r.headers().firstValue("anthropic-ratelimit-requests-reset").orElseThrow());
        assertThat(reset).isAfter(Instant.now()).isBefore(Instant.now().plusSeconds(62));
    }

    @Test
    void smallMaxTokensStopsWithMaxTokens() {
        JsonNode body = SimHttp.json(http.anthropic(
                base, SimHttp.messages("claude-3-5-haiku-latest", "Write a long essay", ",\"max_tokens\":4")));

        assertThat(body.get("stop_reason").asText()).isEqualTo("max_tokens");
        assertThat(body.get("usage").get("output_tokens").asInt()).isEqualTo(4);
    }

    @Test
    void sameRequestGetsTheSameContent() {
        String req = SimHttp.messages("claude-3-5-haiku-latest", "determinism", ",\"max_tokens\":200");

        JsonNode a = SimHttp.json(http.anthropic(base, req));
        JsonNode b = SimHttp.json(http.anthropic(base, req));

        assertThat(b.get("content")).isEqualTo(a.get("content"));
        assertThat(b.get("usage")).isEqualTo(a.get("usage"));
    }

    @Test
    void missingMaxTokensIsAnInvalidRequestError() {
        HttpResponse<String> r = http.anthropic(base, SimHttp.messages("claude-3-5-haiku-latest", "hi", ""));

        assertThat(r.statusCode()).isEqualTo(400);
        JsonNode body = SimHttp.json(r);
        assertThat(body.get("type").asText()).isEqualTo("error");
        assertThat(body.get("error").get("type").asText()).isEqualTo("invalid_request_error");
        assertThat(body.get("error").get("message").asText()).isEqualTo("max_tokens: Field required");
    }

    @Test
    void missingApiKeyIsAnAuthenticationError() {
        HttpResponse<String> r = http.send(
                HttpRequest.newBuilder(URI.create(base + "/messages")).header("anthropic-version", "2023-06-01"),
                SimHttp.messages("claude-3-5-haiku-latest", "hi", ",\"max_tokens\":5"));

        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(SimHttp.json(r).get("error").get("type").asText()).isEqualTo("authentication_error");
    }

    @Test
    void missingVersionHeaderIsRefused() {
        HttpResponse<String> r = http.send(
                HttpRequest.newBuilder(URI.create(base + "/messages")).header("x-api-key", SimHttp.ANTHROPIC_KEY),
                SimHttp.messages("claude-3-5-haiku-latest", "hi", ",\"max_tokens\":5"));

        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(SimHttp.json(r).get("error").get("message").asText()).contains("anthropic-version");
    }

    @Test
    void contextOverflowNamesBothNumbers() {
        String words = "word ".repeat(998); // 1,000 words with the system prompt -> 1,300 tokens

        HttpResponse<String> r =
                http.anthropic(base, SimHttp.messages("claude-3-5-haiku-latest", words, ",\"max_tokens\":701"));

        assertThat(r.statusCode()).isEqualTo(400);
        JsonNode error = SimHttp.json(r).get("error");
        assertThat(error.get("type").asText()).isEqualTo("invalid_request_error");
        assertThat(error.get("message").asText())
                .isEqualTo("input length and `max_tokens` exceed context limit: "
                        + "1300 + 701 > 2000, decrease input length or `max_tokens` and try again");
    }

    @Test
    void forcedToolReturnsAToolUseBlock() {
        String tools = ",\"max_tokens\":300,\"tools\":[{\"name\":\"lookup\",\"input_schema\":{\"type\":\"object\","
                + "\"properties\":{\"q\":{\"type\":\"string\"},\"limit\":{\"type\":\"integer\"}}}}],"
                + "\"tool_choice\":{\"type\":\"tool\",\"name\":\"lookup\"}";

        JsonNode body =
                SimHttp.json(http.anthropic(base, SimHttp.messages("claude-3-5-haiku-latest", "find it", tools)));

        assertThat(body.get("stop_reason").asText()).isEqualTo("tool_use");
        JsonNode use = body.get("content").get(0);
        assertThat(use.get("type").asText()).isEqualTo("tool_use");
        assertThat(use.get("id").asText()).startsWith("toolu_");
        assertThat(use.get("name").asText()).isEqualTo("lookup");
        assertThat(use.get("input").get("q").isTextual()).isTrue();
        assertThat(use.get("input").get("limit").isInt()).isTrue();
    }

    @Test
    void contentBlocksAndSystemBlocksCountTowardInput() {
        String req = "{\"model\":\"claude-3-5-haiku-latest\",\"max_tokens\":20,"
                + "\"system\":[{\"type\":\"text\",\"text\":\"one two\"}],"
                + "\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"three four five\"}]}]}";

        JsonNode body = SimHttp.json(http.anthropic(base, req));

        assertThat(body.get("usage").get("input_tokens").asInt()).isEqualTo(7); // 5 words x 1.3 = 6.5 -> 7
    }
}
