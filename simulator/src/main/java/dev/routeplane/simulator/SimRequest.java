package dev.routeplane.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * A chat request reduced to what the simulator acts on, independent of wire format.
 *
 * @param model           requested model id
 * @param maxTokens       requested output cap, null when the request did not set one
 * @param promptText      all system and message text joined by newlines: the basis of the input-token estimate
 * @param lastUserText    text of the last user message: what replay matches and tool intent is read from
 * @param tools           declared tools
 * @param toolChoice      how the request constrains tool use
 * @param forcedTool      the tool name when {@code toolChoice} is NAMED, else null
 * @param jsonMode        whether the request asks for a JSON answer
 */
record SimRequest(
        String model,
        Integer maxTokens,
        String promptText,
        String lastUserText,
        List<Tool> tools,
        ToolChoice toolChoice,
        String forcedTool,
        boolean jsonMode) {

    /** A declared tool; {@code schema} is its JSON Schema for the arguments (may be null). */
    record Tool(String name, JsonNode schema) {}

    enum ToolChoice {
        AUTO,
        NONE,
        REQUIRED,
        NAMED
    }
}
