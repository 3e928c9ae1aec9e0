package dev.routeplane.executors;

import java.util.List;
import java.util.Objects;

/**
 * A complete completion the provider returned with HTTP 200 and usage: the provider bills it, whatever its finish
 * (a {@link FinishKind#CONTENT_FILTER} finish is billed yet treated as a failure by the worker).
 *
 * @param responseId   the provider's id of the completion ({@code chatcmpl-…}, {@code msg_…}); names the call
 * @param text         generated text, null when the model only called tools
 * @param toolCalls    tool calls requested, in order
 * @param finish       normalised finish
 * @param finishReason the provider's own finish spelling
 * @param inputTokens  billed prompt tokens
 * @param outputTokens billed output tokens
 * @param rateLimits   the quota headers of this response
 */
public record ProviderResponse(
        String responseId,
        String text,
        List<ModelToolCall> toolCalls,
        FinishKind finish,
        String finishReason,
        int inputTokens,
        int outputTokens,
        RateLimitSnapshot rateLimits) {

    public ProviderResponse {
        Objects.requireNonNull(responseId, "responseId");
        toolCalls = List.copyOf(toolCalls);
        Objects.requireNonNull(finish, "finish");
        Objects.requireNonNull(finishReason, "finishReason");
        Objects.requireNonNull(rateLimits, "rateLimits");
        if (inputTokens < 0 || outputTokens < 0) {
            throw new IllegalArgumentException("token counts must be >= 0");
        }
    }

    @Override
    public String toString() {
        return "ProviderResponse[id=" + responseId + ", finish=" + finishReason + ", toolCalls=" + toolCalls.size()
                + ", usage=" + inputTokens + "/" + outputTokens + "]";
    }
}
