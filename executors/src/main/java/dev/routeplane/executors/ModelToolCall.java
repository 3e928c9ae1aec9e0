package dev.routeplane.executors;

import java.util.Objects;

/**
 * A tool call the model asked for.
 *
 * @param id            provider-assigned id
 * @param name          tool name
 * @param argumentsJson arguments as a JSON object serialized to text
 */
public record ModelToolCall(String id, String name, String argumentsJson) {
    public ModelToolCall {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(argumentsJson, "argumentsJson");
    }
}
