package dev.routeplane.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.routeplane.contract.ExecutionResult;
import dev.routeplane.contract.Output;
import dev.routeplane.contract.ResultStatus;
import dev.routeplane.contract.ToolCall;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChatCompletionChunksTest {

    @Test
    void anAnswerStreamsAsRoleContentAndFinishChunksOfTheSameCompletion() {
        ExecutionResult result = BatchFixtures.succeeded("r1", "Ordered logs.");
        ObjectNode completion = ChatCompletionJson.toChatCompletion(result);

        List<ObjectNode> chunks = ChatCompletionChunks.of(result, false);

        assertThat(chunks).hasSize(3).allSatisfy(chunk -> {
            assertThat(chunk.get("object").asText()).isEqualTo("chat.completion.chunk");
            assertThat(chunk.get("id")).isEqualTo(completion.get("id"));
            assertThat(chunk.get("created")).isEqualTo(completion.get("created"));
            assertThat(chunk.get("model").asText()).isEqualTo("gpt-4o-mini");
            assertThat(chunk.has("usage")).isFalse();
        });
        assertThat(chunks.get(0).at("/choices/0/delta/role").asText()).isEqualTo("assistant");
        assertThat(chunks.get(1).at("/choices/0/delta/content").asText()).isEqualTo("Ordered logs.");
        assertThat(chunks.get(1).at("/choices/0/finish_reason").isNull()).isTrue();
        assertThat(chunks.get(2).at("/choices/0/delta").isEmpty()).isTrue();
        assertThat(chunks.get(2).at("/choices/0/finish_reason").asText()).isEqualTo("stop");
        assertThat(chunks.get(2).at("/routeplane/request_id").asText()).isEqualTo("r1");
    }

    @Test
    void withUsageEveryChunkSaysNullButTheLastWhichHasNoChoices() {
        List<ObjectNode> chunks = ChatCompletionChunks.of(BatchFixtures.succeeded("r2", "x"), true);

        assertThat(chunks).hasSize(4);
        assertThat(chunks.subList(0, 3))
                .allSatisfy(c -> assertThat(c.get("usage").isNull()).isTrue());
        ObjectNode last = chunks.get(3);
        assertThat(last.get("choices")).isEmpty();
        assertThat(last.at("/usage/prompt_tokens").asInt()).isEqualTo(12);
        assertThat(last.at("/usage/completion_tokens").asInt()).isEqualTo(30);
        assertThat(last.at("/usage/total_tokens").asInt()).isEqualTo(42);
        assertThat(last.at("/routeplane/request_id").asText()).isEqualTo("r2");
    }

    @Test
    void toolCallsStreamWithTheirIndexAndTheToolCallsFinishReason() {
        ExecutionResult result = BatchFixtures.result("r3", ResultStatus.SUCCEEDED)
                .setProvider("openai")
                .setModel("gpt-4o")
                .setOutput(Output.newBuilder()
                        .setToolCalls(List.of(ToolCall.newBuilder()
                                .setId("call_1")
                                .setName("search_docs")
                                .setArgumentsJson("{\"q\":\"kafka\"}")
                                .build()))
                        .build())
                .build();

        List<ObjectNode> chunks = ChatCompletionChunks.of(result, false);

        ObjectNode delta = (ObjectNode) chunks.get(1).at("/choices/0/delta");
        assertThat(delta.has("content")).isFalse();
        assertThat(delta.at("/tool_calls/0/index").asInt()).isZero();
        assertThat(delta.at("/tool_calls/0/id").asText()).isEqualTo("call_1");
        assertThat(delta.at("/tool_calls/0/function/name").asText()).isEqualTo("search_docs");
        assertThat(delta.at("/tool_calls/0/function/arguments").asText()).isEqualTo("{\"q\":\"kafka\"}");
        assertThat(chunks.get(2).at("/choices/0/finish_reason").asText()).isEqualTo("tool_calls");
    }

    @Test
    void aResultThatDidNotSucceedHasNoStream() {
        ExecutionResult failed = BatchFixtures.result("r4", ResultStatus.FAILED).build();

        assertThatThrownBy(() -> ChatCompletionChunks.of(failed, true)).isInstanceOf(IllegalArgumentException.class);
    }
}
