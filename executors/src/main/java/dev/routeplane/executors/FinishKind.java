package dev.routeplane.executors;

/** Why generation stopped, normalised across wire formats; the provider's own spelling is kept beside it. */
public enum FinishKind {
    /** Natural end (OpenAI {@code stop}, Anthropic {@code end_turn} / {@code stop_sequence}). */
    STOP,
    /** The output cap was reached (OpenAI {@code length}, Anthropic {@code max_tokens}). */
    LENGTH,
    /** The model asked for tool calls (OpenAI {@code tool_calls}, Anthropic {@code tool_use}). */
    TOOL_CALLS,
    /** The content filter stopped it (OpenAI {@code content_filter}, Anthropic {@code refusal}); billed, yet a failure. */
    CONTENT_FILTER
}
