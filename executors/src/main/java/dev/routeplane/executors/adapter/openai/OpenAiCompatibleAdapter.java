package dev.routeplane.executors.adapter.openai;

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
 * OpenAI chat completions ({@code POST <baseUrl>/chat/completions}, bearer key). The same wire format serves OpenAI,
 * vLLM, Ollama, OpenRouter, DeepSeek, Together, Mistral and Gemini's OpenAI endpoint; they differ only in base URL.
 * OpenAI itself gets {@code max_completion_tokens} (its reasoning models refuse {@code max_tokens}); other hosts get
 * the older {@code max_tokens}, which every compatible server understands. Thread-safe and non-blocking.
 */
public final class OpenAiCompatibleAdapter extends JsonHttpAdapter {
    private final boolean modernTokenField;

    public OpenAiCompatibleAdapter(URI baseUrl, HttpClient http, Clock clock) {
        super(manifest(baseUrl), http, clock);
        String host = baseUrl.getHost() == null ? "" : baseUrl.getHost().toLowerCase(Locale.ROOT);
        this.modernTokenField = host.equals("api.openai.com");
    }

    /** The manifest for a base URL such as {@code https://api.openai.com/v1}. */
    public static AdapterManifest manifest(URI baseUrl) {
        return new AdapterManifest(baseUrl, "chat/completions", Map.of(), "Authorization", "Bearer ");
    }

    @Override
    public ObjectNode mapRequest(ProviderCall call) {
        ObjectNode root = AdapterJson.MAPPER.createObjectNode();
        root.put("model", call.model());
        ArrayNode messages = root.putArray("messages");
        for (ChatTurn turn : call.messages()) {
            messages.addObject().put("role", turn.role()).put("content", turn.content());
        }
        root.put(modernTokenField ? "max_completion_tokens" : "max_tokens", call.maxOutputTokens());
        if (!call.tools().isEmpty()) {
            ArrayNode tools = root.putArray("tools");
            for (ToolDefinition tool : call.tools()) {
                ObjectNode fn = tools.addObject().put("type", "function").putObject("function");
                fn.put("name", tool.name());
                if (tool.description() != null) {
                    fn.put("description", tool.description());
                }
                JsonNode schema = AdapterJson.treeOrNull(tool.parametersJson());
                fn.set("parameters", schema != null ? schema : emptySchema());
            }
        }
        if ("json_object".equals(call.responseFormat())) {
            root.putObject("response_format").put("type", "json_object");
        }
        root.put("stream", false);
        return root;
    }

    @Override
    protected RateLimitSnapshot rateLimits(HttpHeaders headers, Instant now) {
        return RateLimitHeaderParser.openAi(headers, now);
    }

    @Override
    public ProviderResponse mapSuccess(ObjectNode body, RateLimitSnapshot limits) {
        if (body.has("error")) {
            throw new ProviderCallException(
                    ErrorKind.RETRYABLE,
                    ProviderCallException.MALFORMED_RESPONSE,
                    200,
                    limits,
                    "HTTP 200 carrying an error object: " + errorType(body));
        }
        JsonNode choice = body.path("choices").path(0);
        JsonNode usage = body.path("usage");
        String id = body.path("id").asText("");
        if (choice.isMissingNode()
                || !usage.path("prompt_tokens").isInt()
                || !usage.path("completion_tokens").isInt()
                || id.isEmpty()) {
            throw new ProviderCallException(
                    ErrorKind.RETRYABLE,
                    ProviderCallException.MALFORMED_RESPONSE,
                    200,
                    limits,
                    "HTTP 200 without id, choices or usage; not a complete chat completion");
        }
        JsonNode message = choice.path("message");
        List<ModelToolCall> calls = new ArrayList<>();
        for (JsonNode tc : message.path("tool_calls")) {
            JsonNode fn = tc.path("function");
            calls.add(new ModelToolCall(
                    tc.path("id").asText(""),
                    fn.path("name").asText(""),
                    fn.path("arguments").asText("{}")));
        }
        String finishReason = choice.path("finish_reason").asText("stop");
        boolean refused = message.hasNonNull("refusal")
                && !message.path("refusal").asText().isEmpty();
        FinishKind finish = refused
                ? FinishKind.CONTENT_FILTER
                : switch (finishReason) {
                    case "length" -> FinishKind.LENGTH;
                    case "tool_calls", "function_call" -> FinishKind.TOOL_CALLS;
                    case "content_filter" -> FinishKind.CONTENT_FILTER;
                    default -> FinishKind.STOP;
                };
        String text = message.hasNonNull("content") ? message.path("content").asText() : null;
        return new ProviderResponse(
                id,
                text,
                calls,
                finish,
                refused ? "refusal" : finishReason,
                usage.path("prompt_tokens").asInt(),
                usage.path("completion_tokens").asInt(),
                limits);
    }

    @Override
    public ProviderCallException classifyError(int status, ObjectNode body, RateLimitSnapshot limits) {
        JsonNode error = body == null ? null : body.path("error");
        String code = error == null ? "" : error.path("code").asText("");
        String type = error == null ? "" : error.path("type").asText("");
        if (status == 401 || status == 403) {
            // Provider auth messages can quote part of the key; keep only the status and type.
            return new ProviderCallException(
                    ErrorKind.PERMANENT,
                    ProviderCallException.CLIENT_ERROR,
                    status,
                    limits,
                    "HTTP " + status + " authentication failed (" + (code.isEmpty() ? type : code) + ")");
        }
        if (code.equals("context_length_exceeded") || code.equals("string_above_max_length")) {
            return new ProviderCallException(
                    ErrorKind.CONTEXT_OVERFLOW,
                    ProviderCallException.CONTEXT_OVERFLOW,
                    status,
                    limits,
                    "HTTP " + status + " " + code + ": prompt plus output cap exceed the context window");
        }
        if (code.equals("content_filter") || code.equals("content_policy_violation")) {
            return new ProviderCallException(
                    ErrorKind.CONTENT_FILTER,
                    ProviderCallException.CONTENT_FILTER,
                    status,
                    limits,
                    "HTTP " + status + " " + code);
        }
        if (status == 429 && code.equals("insufficient_quota")) {
            return new ProviderCallException(
                    ErrorKind.PERMANENT,
                    ProviderCallException.CLIENT_ERROR,
                    status,
                    limits,
                    "HTTP 429 insufficient_quota: the account has no credit left; retrying cannot help");
        }
        String detail = error == null
                ? ""
                : (code.isEmpty() ? type : code) + " "
                        + AdapterJson.excerpt(error.path("message").asText(""));
        return byStatus(status, limits, detail.trim());
    }

    private static String errorType(ObjectNode body) {
        JsonNode error = body.path("error");
        return error.path("type").asText("") + " "
                + AdapterJson.excerpt(error.path("message").asText(""));
    }

    private static ObjectNode emptySchema() {
        ObjectNode schema = AdapterJson.MAPPER.createObjectNode().put("type", "object");
        schema.putObject("properties");
        return schema;
    }
}
