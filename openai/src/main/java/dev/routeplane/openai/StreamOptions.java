package dev.routeplane.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The streaming fields of a chat-completions request: {@code stream} and
 * {@code stream_options.include_usage}. Only the synchronous HTTP API can stream; it takes these fields out
 * of the body ({@link #take}) before the rest is mapped, so a batch line carrying {@code stream: true} is still
 * refused by {@link ChatCompletionJson#toRouteRequest}, as OpenAI's Batch API refuses it.
 *
 * @param stream answer as server-sent {@code chat.completion.chunk} events
 * @param includeUsage end the stream with a chunk that has no choices and the request's usage
 */
public record StreamOptions(boolean stream, boolean includeUsage) {
    /** No streaming. */
    public static final StreamOptions NONE = new StreamOptions(false, false);

    /**
     * Reads {@code stream} and {@code stream_options} and removes both from {@code body}.
     *
     * @throws ChatRequestException naming the field if either has the wrong type, {@code stream_options} has
     *     another field than {@code include_usage}, or it is given without {@code stream: true} (as OpenAI
     *     answers)
     */
    public static StreamOptions take(ObjectNode body) throws ChatRequestException {
        Boolean stream = JsonFields.bool(body, "stream", "stream");
        JsonNode options = JsonFields.field(body, "stream_options");
        boolean includeUsage = false;
        if (options != null) {
            if (!options.isObject()) {
                throw JsonFields.invalid(
                        "stream_options",
                        "must be an object such as {\"include_usage\": true}, got " + JsonFields.kind(options));
            }
            for (var names = options.fieldNames(); names.hasNext(); ) {
                String name = names.next();
                if (!"include_usage".equals(name)) {
                    String shown = name.length() <= 64 ? name : name.substring(0, 64) + "...";
                    throw JsonFields.invalid("stream_options." + shown, "is not supported; only include_usage is");
                }
            }
            Boolean usage = JsonFields.bool(options, "include_usage", "stream_options.include_usage");
            if (!Boolean.TRUE.equals(stream)) {
                throw JsonFields.invalid("stream_options", "is only allowed when stream is true");
            }
            includeUsage = Boolean.TRUE.equals(usage);
        }
        body.remove("stream");
        body.remove("stream_options");
        return Boolean.TRUE.equals(stream) ? new StreamOptions(true, includeUsage) : NONE;
    }
}
