package dev.routeplane.executors;

import java.util.Objects;

/**
 * A tool (function) offered to the model.
 *
 * @param name           tool name
 * @param description    shown to the model, may be null
 * @param parametersJson JSON Schema of the arguments as JSON text, may be null (an empty object schema is sent)
 */
public record ToolDefinition(String name, String description, String parametersJson) {
    public ToolDefinition {
        Objects.requireNonNull(name, "name");
    }
}
