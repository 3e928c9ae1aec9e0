package dev.routeplane.openai;

import static dev.routeplane.openai.BatchFixtures.attempt;
import static dev.routeplane.openai.BatchFixtures.result;
import static dev.routeplane.openai.BatchFixtures.succeeded;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.routeplane.contract.ExecutionResult;
import dev.routeplane.contract.Output;
import dev.routeplane.contract.ResultStatus;
import dev.routeplane.contract.ToolCall;
import dev.routeplane.contract.Usage;
import java.io.IOException;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;

class BatchOutputWriterTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    @Test
    void writesASucceededResultAsAnOpenAiBatchOutputLine() throws IOException {
        StringWriter out = new StringWriter();
        try (BatchOutputWriter writer = new BatchOutputWriter(out)) {
            writer.write(succeeded("req-1", "The total is 42."));
        }
        String id = ChatCompletionJson.stableId(succeeded("req-1", ""));

        assertThat(out.toString()).endsWith("}\n").hasLineCount(1);
        assertThat(MAPPER.readTree(out.toString())).isEqualTo(MAPPER.readTree("""
        {"id": "batch_req_%s", "custom_id": "req-1",
         "response": {"status_code": 200, "request_id": "req-1", "body": {
           "id": "chatcmpl-%s", "object": "chat.completion", "created": 1741064767, "model": "gpt-4o-mini",
           "choices": [{"index": 0, "message": {"role": "assistant", "content": "The total is 42."},
                        "logprobs": null, "finish_reason": "stop"}],
           "usage": {"prompt_tokens": 12, "completion_tokens": 30, "total_tokens": 42},
           "routeplane": {"request_id": "req-1", "provider": "openai", "cost_usd": "0.001234",
                          "latency_ms": 850, "attempts": 1}}},
         "error": null}
        """.formatted(id, id)));
        assertThat(id).hasSize(24).matches("[0-9a-f]+");
    }

    @Test
    void writesToolCallsInOpenAiShape() {
        ExecutionResult result = result("tools", ResultStatus.SUCCEEDED)
                .setProvider("anthropic")
                .setModel("claude-sonnet-4")
                .setOutput(Output.newBuilder()
                        .setText(null)
                        .setFinishReason(null)
                        .setToolCalls(List.of(ToolCall.newBuilder()
                                .setId("call_1")
                                .setName("lookup")
                                .setArgumentsJson("{\"q\":\"x\"}")
                                .build()))
                        .build())
                .build();

        JsonNode choice = BatchOutputWriter.toOutputLine(result).at("/response/body/choices/0");

        assertThat(choice.at("/message/content").isNull()).isTrue();
        assertThat(choice.at("/message/tool_calls/0"))
                .isEqualTo(MAPPER.createObjectNode()
                        .put("id", "call_1")
                        .put("type", "function")
                        .set(
                                "function",
                                MAPPER.createObjectNode().put("name", "lookup").put("arguments", "{\"q\":\"x\"}")));
        assertThat(choice.get("finish_reason").asText()).isEqualTo("tool_calls");
    }

    @Test
    void writesEveryFailureStatusAsAnErrorWithItsReasonCode() throws IOException {
        ExecutionResult failed = result("f", ResultStatus.FAILED)
                .setReason("PROVIDER_UNAVAILABLE")
                .setUsage(
                        Usage.newBuilder().setInputTokens(5).setOutputTokens(0).build())
                .setAttempts(List.of(
                        attempt("openai", "gpt-4o", "SERVER_ERROR", 0),
                        attempt("mistral", "mistral-large", "TIMEOUT", 0)))
                .build();
        ExecutionResult timedOut = result("t", ResultStatus.TIMED_OUT).build();
        ExecutionResult budget = result("b", ResultStatus.BUDGET_EXCEEDED)
                .setReason("BUDGET_EXCEEDED")
                .build();
        ExecutionResult rejected = result("r", ResultStatus.REJECTED)
                .setReason("POLICY_NO_ELIGIBLE_ROUTE")
                .build();

        StringWriter out = new StringWriter();
        try (BatchOutputWriter writer = new BatchOutputWriter(out)) {
            for (ExecutionResult r : List.of(failed, timedOut, budget, rejected)) {
                writer.write(r);
            }
            assertThat(writer.written()).isEqualTo(4);
        }
        String[] lines = out.toString().split("\n");

        assertThat(lines).hasSize(4);
        assertThat(MAPPER.readTree(lines[0]))
                .isEqualTo(MAPPER.readTree("""
        {"id": "batch_req_%s", "custom_id": "f", "response": null,
         "error": {"code": "PROVIDER_UNAVAILABLE", "message": "The request failed (PROVIDER_UNAVAILABLE) after 2\
         provider calls: openai/gpt-4o SERVER_ERROR, mistral/mistral-large TIMEOUT."}}
        """.formatted(ChatCompletionJson.stableId(failed))));
        assertThat(List.of(lines[1], lines[2], lines[3]))
                .extracting(line -> MAPPER.readTree(line).at("/error/code").asText())
                .containsExactly("TIMED_OUT", "BUDGET_EXCEEDED", "POLICY_NO_ELIGIBLE_ROUTE");
        assertThat(MAPPER.readTree(lines[3]).at("/error/message").asText())
                .isEqualTo("The request was rejected by routing (POLICY_NO_ELIGIBLE_ROUTE); no provider was called.");
    }

    @Test
    void idsAreStablePerTenantAndRequestButDifferAcrossTenants() {
        ExecutionResult a = succeeded("same", "x");
        ExecutionResult otherTenant =
                ExecutionResult.newBuilder(a).setTenantId("globex").build();

        assertThat(BatchOutputWriter.toOutputLine(a).get("id"))
                .isEqualTo(BatchOutputWriter.toOutputLine(a).get("id"));
        assertThat(ChatCompletionJson.stableId(a)).isNotEqualTo(ChatCompletionJson.stableId(otherTenant));
    }

    @Test
    void chatCompletionRefusesAResultThatDidNotSucceed() {
        assertThatThrownBy(() -> ChatCompletionJson.toChatCompletion(
                        result("x", ResultStatus.FAILED).build()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("FAILED");
    }

    @Test
    void writesInputLineErrorsWithLineNumberAndField() throws IOException {
        StringWriter out = new StringWriter();
        try (BatchErrorWriter writer = new BatchErrorWriter(out)) {
            writer.write(new BatchLineError(7, "req-7", BatchLineReason.INVALID_FIELD, "body.max_tokens", "bad"));
            writer.write(new BatchLineError(9, null, BatchLineReason.MALFORMED_JSON, null, "not JSON"));
        }
        String[] lines = out.toString().split("\n");

        assertThat(MAPPER.readTree(lines[0]))
                .isEqualTo(
                        MAPPER.readTree(
                                "{\"code\": \"INVALID_FIELD\", \"message\": \"bad\", \"param\": \"body.max_tokens\", \"line\": 7, \"custom_id\": \"req-7\"}"));
        assertThat(MAPPER.readTree(lines[1]))
                .isEqualTo(
                        MAPPER.readTree(
                                "{\"code\": \"MALFORMED_JSON\", \"message\": \"not JSON\", \"param\": null, \"line\": 9, \"custom_id\": null}"));
    }
}
