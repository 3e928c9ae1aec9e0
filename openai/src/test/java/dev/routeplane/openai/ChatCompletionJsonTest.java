package dev.routeplane.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.routeplane.contract.LatencyClass;
import dev.routeplane.contract.RouteRequest;
import org.junit.jupiter.api.Test;

/** The mapping as the HTTP API's /v1/chat/completions uses it: paths relative to the body, interactive default. */
class ChatCompletionJsonTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final RequestContext CONTEXT =
            new RequestContext("req-9", "acme", null, BatchFixtures.NOW, LatencyClass.INTERACTIVE);

    private static JsonNode json(String text) throws Exception {
        return MAPPER.readTree(text);
    }

    @Test
    void keepsAJsonSchemaResponseFormatVerbatimForTheExecutor() throws Exception {
        RouteRequest request = ChatCompletionJson.toRouteRequest(
                json("{\"model\": \"auto\", \"messages\": [{\"role\":"
                        + " \"user\", \"content\": \"x\"}], \"response_format\": {\"type\": \"json_schema\", \"json_schema\":"
                        + " {\"name\": \"total\", \"schema\": {\"type\": \"object\"}}}, \"tool_choice\": \"auto\"}"),
                CONTEXT);

        assertThat(request.getHints().getResponseFormat()).isEqualTo("json_schema");
        assertThat(request.getHints().getLatencyClass()).isEqualTo(LatencyClass.INTERACTIVE);
        assertThat(request.getBatchId()).isNull();
        assertThat(request.getMetadata())
                .containsEntry(
                        "openai.response_format",
                        "{\"type\":\"json_schema\",\"json_schema\":{\"name\":\"total\",\"schema\":{\"type\":\"object\"}}}")
                .containsEntry("openai.tool_choice", "\"auto\"")
                .doesNotContainKeys("openai.model", "openai.messages");
    }

    @Test
    void namesFieldsRelativeToTheBodyWithoutAPrefix() {
        assertThatThrownBy(() -> ChatCompletionJson.toRouteRequest(
                        json("{\"stream\": true, \"messages\": [{\"role\":" + " \"user\", \"content\": \"x\"}]}"),
                        CONTEXT))
                .isInstanceOfSatisfying(ChatRequestException.class, e -> {
                    assertThat(e.reason()).isEqualTo(BatchLineReason.INVALID_FIELD);
                    assertThat(e.param()).isEqualTo("stream");
                });
        assertThatThrownBy(() -> ChatCompletionJson.toRouteRequest(json("{\"model\": \"auto\"}"), CONTEXT))
                .isInstanceOfSatisfying(ChatRequestException.class, e -> {
                    assertThat(e.reason()).isEqualTo(BatchLineReason.MISSING_MESSAGES);
                    assertThat(e.param()).isEqualTo("messages");
                });
    }

    @Test
    void refusesSideEffectToolsThatAreNotOffered() {
        assertThatThrownBy(() -> ChatCompletionJson.toRouteRequest(
                        json("{\"messages\": [{\"role\": \"user\","
                                + " \"content\": \"x\"}], \"routeplane\": {\"sideEffectTools\": [\"send_email\"]}}"),
                        CONTEXT))
                .isInstanceOfSatisfying(
                        ChatRequestException.class, e -> assertThat(e.param()).isEqualTo("routeplane.sideEffectTools"));
    }

    @Test
    void refusesUnknownExtensionHints() {
        assertThatThrownBy(() -> ChatCompletionJson.toRouteRequest(
                        json("{\"messages\": [{\"role\": \"user\","
                                + " \"content\": \"x\"}], \"routeplane\": {\"maxCostUSD\": \"1\"}}"),
                        CONTEXT))
                .isInstanceOfSatisfying(
                        ChatRequestException.class, e -> assertThat(e.param()).isEqualTo("routeplane.maxCostUSD"));
    }
}
