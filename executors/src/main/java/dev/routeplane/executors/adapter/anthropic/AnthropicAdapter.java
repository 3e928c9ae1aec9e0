package dev.routeplane.executors.adapter.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.routeplane.executors.ChatTurn;
import dev.routeplane.executors.ErrorKind;
import dev.routeplane.executors.FinishKind;
import dev.routeplane.executors.ModelToolCall;
import dev.routeplane.executors.ProviderCall;
import dev.routeplane.executors.ProviderCallException;
import dev.routeplane.executors.ProviderResponse;
import dev.routeplane.executors.RateLimitSnapshot;
import dev.routeplane.executors.ToolDefinition;
import dev.routeplane.executors.adapter.AdapterJson;
import dev.routeplane.executors.adapter.AdapterManifest;
import dev.routeplane.executors.adapter.JsonHttpAdapter;
import dev.routeplane.executors.adapter.RateLimitHeaderParser;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Anthropic Messages API ({@code POST <baseUrl>/v1/messages}, {@code x-api-key}, {@code anthropic-version}).
 * System and developer turns are split out into {@code system}; {@code max_tokens} is always sent (the API requires
 * it); tool turns go back as user text. Anthropic has no plain JSON mode, so {@code json_object} is not sent.
 * Thread-safe and non-blocking.
 */
public final class AnthropicAdapter extends JsonHttpAdapter {
    /** The API version this adapter speaks. */
    public static final String API_VERSION = "2023-06-01";

    public AnthropicAdapter(URI baseUrl, HttpClient http, Clock clock) {
        super(manifest(baseUrl), http, clock);
    }

    /** The manifest for a base URL such as {@code https://api.anthropic.com}. */
    public static AdapterManifest manifest(URI baseUrl) {
        String base = baseUrl.toString();
        // Configs write https://api.anthropic.com; the simulator hands out .../<id>/v1. Both must reach /v1/messages.
        String path = base.endsWith("/v1") || base.endsWith("/v1/") ? "messages" : "v1/messages";
        return new AdapterManifest(baseUrl, path, Map.of("anthropic-version", API_VERSION), "x-api-key", "");
    }

    @Override
    public ObjectNode mapRequest(ProviderCall call) {
        ObjectNode root = AdapterJson.MAPPER.createObjectNode();
        root.put("model", call.model());
        root.put("max_tokens", call.maxOutputTokens());
        StringBuilder system = new StringBuilder();
        ArrayNode messages = AdapterJson.MAPPER.createArrayNode();
        for (ChatTurn turn : call.messages()) {
            switch (turn.role()) {
                case "system", "developer" ->
                    system.append(system.length() == 0 ? "" : "\n\n").append(turn.content());
                case "assistant" ->
                    messages.addObject().put("role", "assistant").put("content", turn.content());
                default -> messages.addObject().put("role", "user").put("content", turn.content());
            }
        }
        if (system.length() > 0) {
            root.put("system", system.toString());
        }
        root.set("messages", messages);
        if (!call.tools().isEmpty()) {
            ArrayNode tools = root.putArray("tools");
            for (ToolDefinition tool : call.tools()) {
                ObjectNode t = tools.addObject().put("name", tool.name());
                if (tool.description() != null) {
                    t.put("description", tool.description());
                }
                JsonNode schema = AdapterJson.treeOrNull(tool.parametersJson());
                if (schema == null) {
                    schema = AdapterJson.MAPPER.createObjectNode().put("type", "object");
                    ((ObjectNode) schema).putObject("properties");
                }
                t.set("input_schema", schema);
            }
        }
        return root;
    }

    @Override
    protected RateLimitSnapshot rateLimits(HttpHeaders headers, Instant now) {
        return RateLimitHeaderParser.anthropic(headers, now);
    }

    @Override
    public ProviderResponse mapSuccess(ObjectNode body, RateLimitSnapshot limits) {
        if ("error".equals(body.path("type").asText()) || body.has("error")) {
            throw new ProviderCallException(
                    ErrorKind.RETRYABLE,
                    ProviderCallException.MALFORMED_RESPONSE,
                    200,
                    limits,
                    "HTTP 200 carrying an error object: "
                            + body.path("error").path("type").asText(""));
        }
        JsonNode usage = body.path("usage");
        String id = body.path("id").asText("");
        if (!"message".equals(body.path("type").asText())
                || id.isEmpty()
                || !body.path("content").isArray()
                || !usage.path("input_tokens").isInt()
                || !usage.path("output_tokens").isInt()) {
            throw new ProviderCallException(
                    ErrorKind.RETRYABLE,
                    ProviderCallException.MALFORMED_RESPONSE,
                    200,
                    limits,
                    "HTTP 200 without id, content or usage; not a complete message");
        }
        StringBuilder text = new StringBuilder();
        boolean anyText = false;
        List<ModelToolCall> calls = new ArrayList<>();
        for (JsonNode block : body.path("content")) {
            switch (block.path("type").asText()) {
                case "text" -> {
                    text.append(block.path("text").asText(""));
                    anyText = true;
                }
                case "tool_use" ->
                    calls.add(new ModelToolCall(
                            block.path("id").asText(""),
                            block.path("name").asText(""),
                            block.path("input").toString()));
                default -> {
                    // thinking and other block types carry nothing the result records
                }
            }
        }
        String stop = body.path("stop_reason").asText("end_turn");
        FinishKind finish = switch (stop) {
            case "max_tokens" -> FinishKind.LENGTH;
            case "tool_use" -> FinishKind.TOOL_CALLS;
            case "refusal" -> FinishKind.CONTENT_FILTER;
            default -> FinishKind.STOP;
        };
        return new ProviderResponse(
                id,
                anyText ? text.toString() : null,
                calls,
                finish,
                stop,
                usage.path("input_tokens").asInt(),
                usage.path("output_tokens").asInt(),
                limits);
    }

    @Override
    public ProviderCallException classifyError(int status, ObjectNode body, RateLimitSnapshot limits) {
        JsonNode error = body == null ? null : body.path("error");
        String type = error == null ? "" : error.path("type").asText("");
        String message = error == null ? "" : error.path("message").asText("");
        if (status == 401 || status == 403) {
            return new ProviderCallException(
                    ErrorKind.PERMANENT,
                    ProviderCallException.CLIENT_ERROR,
                    status,
                    limits,
                    "HTTP " + status + " authentication failed (" + type + ")");
        }
        String lower = message.toLowerCase(Locale.ROOT);
        if (status == 400
                && (lower.contains("prompt is too long")
                        || lower.contains("exceed context limit")
                        || lower.contains("context window"))) {
            return new ProviderCallException(
                    ErrorKind.CONTEXT_OVERFLOW,
                    ProviderCallException.CONTEXT_OVERFLOW,
                    status,
                    limits,
                    "HTTP 400 prompt too long: prompt plus max_tokens exceed the context window");
        }
        if (status == 529 || "overloaded_error".equals(type)) {
            return new ProviderCallException(
                    ErrorKind.RETRYABLE,
                    ProviderCallException.SERVER_ERROR,
                    status,
                    limits,
                    "HTTP " + status + " overloaded_error");
        }
        return byStatus(status, limits, (type + " " + AdapterJson.excerpt(message)).trim());
    }
}
