package dev.routeplane.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.routeplane.contract.ExecutionResult;
import java.util.ArrayList;
import java.util.List;

/**
 * A succeeded result as OpenAI's streamed {@code chat.completion.chunk} objects. Routeplane gets the routed
 * answer whole, so it streams as OpenAI would stream an answer that arrived at once: a first chunk with the
 * assistant role, one chunk with all the content (and the tool calls, if any), a chunk with the finish reason,
 * then, when asked for ({@code stream_options.include_usage}), a chunk with no choices and the usage. Every
 * chunk carries the same id, created time and model as the {@link ChatCompletionJson#toChatCompletion
 * chat.completion} of the same result, and its {@code routeplane} extension goes on the last chunk. The caller
 * writes each chunk as one {@code data:} event and ends the stream with {@code data: [DONE]}.
 */
public final class ChatCompletionChunks {
    /** The event that ends a stream. */
    public static final String DONE = "[DONE]";

    private ChatCompletionChunks() {}

    /**
     * @throws IllegalArgumentException if the result did not succeed: errors are answered before a stream starts
     */
    public static List<ObjectNode> of(ExecutionResult result, boolean includeUsage) {
        ObjectNode completion = ChatCompletionJson.toChatCompletion(result);
        JsonNode message = completion.at("/choices/0/message");
        List<ObjectNode> chunks = new ArrayList<>();

        ObjectNode role = chunk(completion, includeUsage);
        delta(role).put("role", "assistant").put("content", "").putNull("refusal");
        chunks.add(role);

        ObjectNode content = chunk(completion, includeUsage);
        ObjectNode delta = delta(content);
        if (!message.path("content").isNull()) {
            delta.put("content", message.path("content").asText());
        }
        JsonNode calls = message.get("tool_calls");
        if (calls != null) {
            ArrayNode indexed = delta.putArray("tool_calls");
            for (int i = 0; i < calls.size(); i++) {
                indexed.addObject().put("index", i).setAll((ObjectNode) calls.get(i));
            }
        }
        chunks.add(content);

        ObjectNode finish = chunk(completion, includeUsage);
        delta(finish);
        ((ObjectNode) finish.get("choices").get(0)).set("finish_reason", completion.at("/choices/0/finish_reason"));
        chunks.add(finish);

        ObjectNode last = finish;
        if (includeUsage) {
            last = chunk(completion, true);
            last.putArray("choices");
            last.set("usage", completion.get("usage"));
            chunks.add(last);
        }
        last.set("routeplane", completion.get("routeplane"));
        return chunks;
    }

    private static ObjectNode chunk(ObjectNode completion, boolean includeUsage) {
        ObjectNode chunk = completion
                .objectNode()
                .put("id", completion.get("id").asText())
                .put("object", "chat.completion.chunk")
                .put("created", completion.get("created").asLong())
                .put("model", completion.get("model").asText());
        ObjectNode choice = chunk.putArray("choices").addObject();
        choice.put("index", 0);
        choice.putObject("delta");
        choice.putNull("logprobs");
        choice.putNull("finish_reason");
        if (includeUsage) {
            chunk.putNull("usage"); // OpenAI sends "usage": null on every chunk but the last when asked for usage
        }
        return chunk;
    }

    private static ObjectNode delta(ObjectNode chunk) {
        return (ObjectNode) chunk.get("choices").get(0).get("delta");
    }
}
