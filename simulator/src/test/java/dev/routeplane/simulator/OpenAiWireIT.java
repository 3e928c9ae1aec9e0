package dev.routeplane.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class OpenAiWireIT {

    private static final SimulatedModel MINI = new SimulatedModel("gpt-4o-mini", 150_000, 600_000, 1_000, 500);
    private static SimulatorServer sim;
    private static String base;
    private final SimHttp http = new SimHttp();

    @BeforeAll
    static void start() {
        sim = SimulatorServer.start(SimulatorConfig.builder()
                .provider(SimulatedProvider.builder("oai", WireFormat.OPENAI)
                        .models(MINI)
                        .latency(LatencyProfile.fixed(5))
                        .build())
                .build());
        base = sim.baseUrl("oai");
    }

    @AfterAll
    static void stop() {
        sim.close();
    }

    @Test
    void answersWithTheChatCompletionShape() {
        HttpResponse<String> r = http.openAi(base, SimHttp.chat("gpt-4o-mini", "Say hello to the router", ""));

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("content-type")).hasValue("application/json");
        assertThat(r.headers().firstValue("x-request-id"))
                .hasValueSatisfying(v -> assertThat(v).startsWith("req_"));
        JsonNode body = SimHttp.json(r);
        assertThat(body.get("id").asText()).matches("chatcmpl-[0-9a-f]{32}");
        assertThat(body.get("object").asText()).isEqualTo("chat.completion");
        assertThat(body.get("created").isIntegralNumber()).isTrue();
        assertThat(body.get("model").asText()).isEqualTo("gpt-4o-mini");
        JsonNode choice = body.get("choices").get(0);
        assertThat(body.get("choices")).hasSize(1);
        assertThat(choice.get("index").asInt()).isZero();
        assertThat(choice.get("message").get("role").asText()).isEqualTo("assistant");
        assertThat(choice.get("message").get("content").asText()).isNotBlank();
        assertThat(choice.get("message").has("tool_calls")).isFalse();
        assertThat(choice.get("finish_reason").asText()).isIn("stop", "length");
        JsonNode usage = body.get("usage");
        // "Be brief." + "Say hello to the router": 7 words x 1.3 = 9.1 -> 9
        assertThat(usage.get("prompt_tokens").asInt()).isEqualTo(9);
        assertThat(usage.get("total_tokens").asInt())
                .isEqualTo(usage.get("prompt_tokens").asInt()
                        + usage.get("completion_tokens").asInt());
        assertThat(r.headers().firstValue("x-ratelimit-limit-requests")).hasValue("10000");
        assertThat(r.headers().firstValue("x-ratelimit-reset-requests")).isPresent();
    }

    @Test
    void sameRequestGetsTheSameTextAndUsageButANewId() {
        String body = SimHttp.chat("gpt-4o-mini", "Determinism check, please", ",\"temperature\":0.2");

        JsonNode a = SimHttp.json(http.openAi(base, body));
        JsonNode b = SimHttp.json(http.openAi(base, body));

        assertThat(b.get("choices")).isEqualTo(a.get("choices"));
        assertThat(b.get("usage")).isEqualTo(a.get("usage"));
        assertThat(b.get("id")).isNotEqualTo(a.get("id"));
    }

    @Test
    void smallMaxTokensEndsWithLength() {
        JsonNode body = SimHttp.json(
                http.openAi(base, SimHttp.chat("gpt-4o-mini", "Write a long essay", ",\"max_completion_tokens\":3")));

        assertThat(body.get("choices").get(0).get("finish_reason").asText()).isEqualTo("length");
        assertThat(body.get("usage").get("completion_tokens").asInt()).isEqualTo(3);
    }

    @Test
    void jsonModeReturnsParseableJson() throws Exception {
        JsonNode body = SimHttp.json(http.openAi(
                base, SimHttp.chat("gpt-4o-mini", "Reply in JSON", ",\"response_format\":{\"type\":\"json_object\"}")));

        JsonNode content = SimHttp.JSON.readTree(
                body.get("choices").get(0).get("message").get("content").asText());
        assertThat(content.get("answer").isTextual()).isTrue();
    }

    @Test
    void forcedToolChoiceReturnsAToolCall() throws Exception {
        String tools = ",\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"get_weather\",\"parameters\":"
                + "{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\"}}}}}],"
                + "\"tool_choice\":{\"type\":\"function\",\"function\":{\"name\":\"get_weather\"}}";

        JsonNode body = SimHttp.json(http.openAi(base, SimHttp.chat("gpt-4o-mini", "Weather in Oslo?", tools)));

        JsonNode choice = body.get("choices").get(0);
        assertThat(choice.get("finish_reason").asText()).isEqualTo("tool_calls");
        assertThat(choice.get("message").get("content").isNull()).isTrue();
        JsonNode call = choice.get("message").get("tool_calls").get(0);
        assertThat(call.get("id").asText()).startsWith("call_");
        assertThat(call.get("type").asText()).isEqualTo("function");
        assertThat(call.get("function").get("name").asText()).isEqualTo("get_weather");
        assertThat(SimHttp.JSON
                        .readTree(call.get("function").get("arguments").asText())
                        .get("city")
                        .isTextual())
                .isTrue();
    }

    @Test
    void contextOverflowIsA400WithContextLengthExceeded() {
        // fits: 9 prompt tokens + 495 <= the 1,000-token window
        HttpResponse<String> r =
                http.openAi(base, SimHttp.chat("gpt-4o-mini", "Say hello to the router", ",\"max_tokens\":495"));
        assertThat(r.statusCode()).isEqualTo(200);
        String words = "word ".repeat(760); // 760 + 2 words -> 991 tokens, + 10 > 1,000

        HttpResponse<String> overflow = http.openAi(base, SimHttp.chat("gpt-4o-mini", words, ",\"max_tokens\":10"));

        assertThat(overflow.statusCode()).isEqualTo(400);
        JsonNode error = SimHttp.json(overflow).get("error");
        assertThat(error.get("code").asText()).isEqualTo("context_length_exceeded");
        assertThat(error.get("type").asText()).isEqualTo("invalid_request_error");
        assertThat(error.get("message").asText())
                .contains("maximum context length is 1000 tokens")
                .contains("you requested 1001 tokens (991 in the messages, 10 in the completion)");
        assertThat(error.has("param")).isTrue();
    }

    @Test
    void missingKeyIsA401InOpenAiShape() {
        HttpResponse<String> r = http.send(
                HttpRequest.newBuilder(URI.create(base + "/chat/completions")), SimHttp.chat("gpt-4o-mini", "hi", ""));

        assertThat(r.statusCode()).isEqualTo(401);
        JsonNode error = SimHttp.json(r).get("error");
        assertThat(error.get("type").asText()).isEqualTo("invalid_request_error");
        assertThat(error.get("code").asText()).isEqualTo("invalid_api_key");
        assertThat(error.get("param").isNull()).isTrue();
    }

    @Test
    void unknownModelIs404ModelNotFound() {
        HttpResponse<String> r = http.openAi(base, SimHttp.chat("gpt-9", "hi", ""));

        assertThat(r.statusCode()).isEqualTo(404);
        assertThat(SimHttp.json(r).get("error").get("code").asText()).isEqualTo("model_not_found");
    }

    @Test
    void streamingIsRefusedWithA400() {
        HttpResponse<String> r = http.openAi(base, SimHttp.chat("gpt-4o-mini", "hi", ",\"stream\":true"));

        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(SimHttp.json(r).get("error").get("message").asText())
                .startsWith("streaming not supported by the simulator");
    }

    @Test
    void unprefixedPathReachesTheFirstOpenAiProvider() {
        HttpResponse<String> r =
                http.openAi("http://127.0.0.1:" + sim.port() + "/v1", SimHttp.chat("gpt-4o-mini", "hi", ""));

        assertThat(r.statusCode()).isEqualTo(200);
    }

    @Test
    void messagesEndpointOnAnOpenAiProviderIs404() {
        HttpResponse<String> r = http.anthropic(base, SimHttp.messages("gpt-4o-mini", "hi", ",\"max_tokens\":5"));

        assertThat(r.statusCode()).isEqualTo(404);
        assertThat(SimHttp.json(r).get("error").get("message").asText()).contains("Invalid URL");
    }
}
