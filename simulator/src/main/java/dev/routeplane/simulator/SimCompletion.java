package dev.routeplane.simulator;

/**
 * A completion the simulator will send, independent of wire format.
 *
 * @param text         the answer text; null for a pure tool call
 * @param toolCall     the tool call, or null
 * @param finish       why generation stopped
 * @param inputTokens  billed input tokens
 * @param outputTokens billed output tokens
 * @param costMicros   billed cost
 */
record SimCompletion(
        String text, ToolCall toolCall, Finish finish, int inputTokens, int outputTokens, long costMicros) {

    /** A tool call; {@code argumentsJson} is a JSON object serialized as text, as OpenAI sends it. */
    record ToolCall(String id, String name, String argumentsJson) {}

    enum Finish {
        STOP,
        LENGTH,
        TOOL_CALLS,
        CONTENT_FILTER
    }
}
