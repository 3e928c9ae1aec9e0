package dev.routeplane.executors;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * One call to make: everything an adapter needs to build the provider request, already reduced to what policy
 * allows (tools filtered, output capped). Its {@code toString} shows neither prompt nor key.
 *
 * @param model           the model id sent on the wire (config {@code providerModel})
 * @param messages        the conversation, oldest first, non-empty
 * @param maxOutputTokens output cap sent to the provider, &gt; 0
 * @param tools           tools the model may call; empty for none
 * @param responseFormat  {@code json_object}, {@code text} or null
 * @param apiKey          the key to authenticate with; null for keyless local providers
 * @param timeout         the whole call is abandoned after this (the request's remaining deadline)
 * @param requestId       the Routeplane request the call is made for, sent as {@code X-Client-Request-Id} so that a
 *                        provider's logs (and the simulator's replay) can tell which request a call belongs to; null
 *                        sends none
 */
public record ProviderCall(
        String model,
        List<ChatTurn> messages,
        int maxOutputTokens,
        List<ToolDefinition> tools,
        String responseFormat,
        ApiKey apiKey,
        Duration timeout,
        String requestId) {

    public ProviderCall {
        Objects.requireNonNull(model, "model");
        messages = List.copyOf(messages);
        if (messages.isEmpty()) {
            throw new IllegalArgumentException("a provider call needs at least one message");
        }
        if (maxOutputTokens <= 0) {
            throw new IllegalArgumentException("maxOutputTokens must be > 0, got " + maxOutputTokens);
        }
        tools = List.copyOf(tools);
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive, got " + timeout);
        }
    }

    /** This call cut off after {@code newTimeout} instead. */
    public ProviderCall withTimeout(Duration newTimeout) {
        return new ProviderCall(model, messages, maxOutputTokens, tools, responseFormat, apiKey, newTimeout, requestId);
    }

    @Override
    public String toString() {
        return "ProviderCall[model=" + model + ", messages=" + messages.size() + ", maxOutputTokens=" + maxOutputTokens
                + ", tools=" + tools.size() + ", timeout=" + timeout + "]";
    }
}
