package dev.routeplane.openai;

import static dev.routeplane.openai.JsonFields.field;
import static dev.routeplane.openai.JsonFields.invalid;
import static dev.routeplane.openai.JsonFields.kind;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.routeplane.contract.AttemptRecord;
import dev.routeplane.contract.ExecutionResult;
import dev.routeplane.contract.Output;
import dev.routeplane.contract.RequestHints;
import dev.routeplane.contract.ResultStatus;
import dev.routeplane.contract.RouteRequest;
import dev.routeplane.contract.ToolCall;
import dev.routeplane.contract.ToolSpec;
import dev.routeplane.schemas.Money;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The OpenAI chat-completions mapping, shared by batch files and the HTTP API's
 * {@code /v1/chat/completions}: a request body to a {@link RouteRequest}, and an {@link ExecutionResult} to a
 * {@code chat.completion} object.
 *
 * <p>Request body fields:
 * <ul>
 *   <li>{@code model}: {@code "auto"} (or absent) lets the router choose; anything else is pinned as
 *       {@code hints.pinnedAlias}. Whether that alias or model exists is the router's check, not the parser's.
 *   <li>{@code messages}: text content only; content-part arrays of text are joined with newlines, other
 *       parts and tool-call turns are refused ({@code UNSUPPORTED_CONTENT}).
 *   <li>{@code max_completion_tokens} (or the older {@code max_tokens}) → {@code hints.maxOutputTokens};
 *       {@code tools} (function tools) → {@code hints.tools}; {@code response_format.type} →
 *       {@code hints.responseFormat}; {@code metadata} (string values) → {@code metadata}.
 *   <li>{@code routeplane}: an optional extension object with Routeplane hints that OpenAI's format lacks:
 *       taskType, latencyClass, qualityTier, maxCostUsd, deadlineMs, dataClass, tags, approvals (kept, but they
 *       grant nothing: approvals come from {@code rp.approvals.v1}), and {@code sideEffectTools} (names of the
 *       request's tools that write or act).
 *   <li>{@code n} other than 1 is refused: a routed request has one result. {@code stream: true} is refused
 *       here (a batch line cannot stream); the HTTP API takes the streaming fields out first with
 *       {@link StreamOptions#take} and streams the one result ({@link ChatCompletionChunks}).
 *   <li>Every other field (temperature, top_p, seed, stop, tool_choice, a json_schema response format, ...)
 *       is kept verbatim as JSON text in {@code metadata["openai.<field>"]}, so nothing is dropped and an
 *       executor can forward it to an OpenAI-compatible provider.
 * </ul>
 */
public final class ChatCompletionJson {
    /** The {@code model} value that leaves the choice to the router. */
    public static final String AUTO_MODEL = "auto";
    /** Metadata key prefix for body fields kept verbatim. */
    public static final String PASSTHROUGH_PREFIX = "openai.";

    private static final Set<String> MAPPED = Set.of(
            "model",
            "messages",
            "max_tokens",
            "max_completion_tokens",
            "tools",
            "response_format",
            "metadata",
            "routeplane",
            "n",
            "stream");
    private static final Set<String> EXTENSION_KEYS = Set.of(
            "taskType",
            "latencyClass",
            "qualityTier",
            "maxCostUsd",
            "deadlineMs",
            "dataClass",
            "tags",
            "approvals",
            "sideEffectTools");
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private ChatCompletionJson() {}

    /** Maps a chat-completions request body; error paths are relative to the body (e.g. {@code messages[0]}). */
    public static RouteRequest toRouteRequest(JsonNode body, RequestContext context) throws ChatRequestException {
        return toRouteRequest(body, context, "");
    }

    /**
     * Maps a chat-completions request body, naming fields in errors under {@code pathPrefix} (a batch line
     * passes {@code "body"}, so an error reads {@code body.max_tokens}).
     */
    public static RouteRequest toRouteRequest(JsonNode body, RequestContext context, String pathPrefix)
            throws ChatRequestException {
        if (body == null || !body.isObject()) {
            throw invalid(pathPrefix.isEmpty() ? "body" : pathPrefix, "must be a chat-completions request object");
        }
        RequestHints.Builder hints = RequestHints.newBuilder().setLatencyClass(context.defaultLatencyClass());
        List<String> sideEffectTools = List.of();
        JsonNode extension = field(body, "routeplane");
        if (extension != null) {
            // sideEffectTools is read below with the tools; apply() only checks that it is an allowed key.
            HintsJson.apply(extension, at(pathPrefix, "routeplane"), hints, EXTENSION_KEYS);
            sideEffectTools =
                    JsonFields.stringList(extension, "sideEffectTools", at(pathPrefix, "routeplane.sideEffectTools"));
        }
        String model = JsonFields.text(body, "model", at(pathPrefix, "model"));
        if (model != null && !model.isBlank() && !AUTO_MODEL.equals(model)) {
            hints.setPinnedAlias(model);
        }
        Integer maxTokens = JsonFields.positiveInt(body, "max_tokens", at(pathPrefix, "max_tokens"));
        Integer maxCompletion =
                JsonFields.positiveInt(body, "max_completion_tokens", at(pathPrefix, "max_completion_tokens"));
        if (maxTokens != null && maxCompletion != null && !maxTokens.equals(maxCompletion)) {
            throw invalid(at(pathPrefix, "max_tokens"), "disagrees with max_completion_tokens; give one of them");
        }
        hints.setMaxOutputTokens(maxCompletion != null ? maxCompletion : maxTokens);
        hints.setTools(
                tools(body, at(pathPrefix, "tools"), sideEffectTools, at(pathPrefix, "routeplane.sideEffectTools")));
        Map<String, String> metadata =
                new LinkedHashMap<>(JsonFields.stringMap(body, "metadata", at(pathPrefix, "metadata")));
        JsonNode responseFormat = field(body, "response_format");
        if (responseFormat != null) {
            String type = responseFormat.isObject()
                    ? JsonFields.text(responseFormat, "type", at(pathPrefix, "response_format.type"))
                    : null;
            if (type == null) {
                throw invalid(
                        at(pathPrefix, "response_format"),
                        "must be an object with a type (text, json_object, json_schema)");
            }
            hints.setResponseFormat(type);
        }
        Integer n = JsonFields.positiveInt(body, "n", at(pathPrefix, "n"));
        if (n != null && n != 1) {
            throw invalid(at(pathPrefix, "n"), "must be 1: a routed request has exactly one result");
        }
        if (Boolean.TRUE.equals(JsonFields.bool(body, "stream", at(pathPrefix, "stream")))) {
            throw invalid(at(pathPrefix, "stream"), "must be false: streaming is not supported for routed requests");
        }
        for (Iterator<Map.Entry<String, JsonNode>> fields = body.fields(); fields.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = fields.next();
            boolean schemaFormat =
                    "response_format".equals(entry.getKey()) && "json_schema".equals(hints.getResponseFormat());
            if ((!MAPPED.contains(entry.getKey()) || schemaFormat)
                    && !entry.getValue().isNull()) {
                metadata.put(
                        PASSTHROUGH_PREFIX + entry.getKey(), entry.getValue().toString());
            }
        }
        return RouteRequest.newBuilder()
                .setRequestId(context.requestId())
                .setTenantId(context.tenantId())
                .setBatchId(context.batchId())
                .setSubmittedAt(context.submittedAt())
                .setMessages(MessagesJson.read(body, at(pathPrefix, "messages")))
                .setHints(hints.build())
                .setMetadata(metadata)
                .build();
    }

    private static List<ToolSpec> tools(JsonNode body, String path, List<String> sideEffectTools, String sideEffectPath)
            throws ChatRequestException {
        JsonNode tools = field(body, "tools");
        List<ToolSpec> out = new ArrayList<>();
        Set<String> names = new HashSet<>();
        if (tools != null) {
            if (!tools.isArray()) {
                throw invalid(path, "must be an array of function tools, got " + kind(tools));
            }
            for (int i = 0; i < tools.size(); i++) {
                String at = path + "[" + i + "]";
                JsonNode tool = tools.get(i);
                String type = tool.isObject() ? JsonFields.text(tool, "type", at + ".type") : null;
                JsonNode function = tool.isObject() ? field(tool, "function") : null;
                if (!"function".equals(type) || function == null || !function.isObject()) {
                    throw invalid(
                            at, "must be {\"type\": \"function\", \"function\": {name, description?, parameters?}}");
                }
                String name = HintsJson.requireName(
                        JsonFields.text(function, "name", at + ".function.name"), at + ".function.name", names);
                JsonNode parameters = field(function, "parameters");
                if (parameters != null && !parameters.isObject()) {
                    throw invalid(at + ".function.parameters", "must be a JSON Schema object, got " + kind(parameters));
                }
                out.add(ToolSpec.newBuilder()
                        .setName(name)
                        .setDescription(JsonFields.text(function, "description", at + ".function.description"))
                        .setSideEffect(sideEffectTools.contains(name))
                        .setParametersJson(parameters == null ? null : parameters.toString())
                        .build());
            }
        }
        for (String name : sideEffectTools) {
            if (!names.contains(name)) {
                throw invalid(sideEffectPath, "names tool '" + name + "', which is not among the request's tools");
            }
        }
        return out;
    }

    /**
     * The OpenAI {@code chat.completion} object for a succeeded result. A {@code routeplane} extension object
     * carries what OpenAI's shape has no place for (provider, exact cost, attempts); OpenAI clients ignore it.
     *
     * @throws IllegalArgumentException if the result did not succeed; use {@link #errorCode} and
     *     {@link #errorMessage} for those
     */
    public static ObjectNode toChatCompletion(ExecutionResult result) {
        if (result.getStatus() != ResultStatus.SUCCEEDED) {
            throw new IllegalArgumentException("request " + result.getRequestId() + " has status " + result.getStatus()
                    + "; only a SUCCEEDED result has a chat completion");
        }
        Output output = result.getOutput();
        ObjectNode message = JSON.objectNode().put("role", "assistant");
        boolean hasToolCalls = output != null && !output.getToolCalls().isEmpty();
        if (output == null || output.getText() == null) {
            message.putNull("content");
        } else {
            message.put("content", output.getText());
        }
        if (hasToolCalls) {
            ArrayNode calls = message.putArray("tool_calls");
            for (ToolCall call : output.getToolCalls()) {
                ObjectNode json = calls.addObject().put("id", call.getId()).put("type", "function");
                json.putObject("function").put("name", call.getName()).put("arguments", call.getArgumentsJson());
            }
        }
        String finish = output != null && output.getFinishReason() != null
                ? output.getFinishReason()
                : hasToolCalls ? "tool_calls" : "stop";

        ObjectNode completion = JSON.objectNode()
                .put("id", "chatcmpl-" + stableId(result))
                .put("object", "chat.completion")
                .put("created", result.getCompletedAt().getEpochSecond())
                .put("model", result.getModel());
        ObjectNode choice = completion.putArray("choices").addObject();
        choice.put("index", 0);
        choice.set("message", message);
        choice.putNull("logprobs");
        choice.put("finish_reason", finish);
        int input = result.getUsage().getInputTokens();
        int outputTokens = result.getUsage().getOutputTokens();
        completion
                .putObject("usage")
                .put("prompt_tokens", input)
                .put("completion_tokens", outputTokens)
                .put("total_tokens", (long) input + outputTokens);
        completion
                .putObject("routeplane")
                .put("request_id", result.getRequestId())
                .put("provider", result.getProvider())
                .put("cost_usd", Money.format(result.getCostMicros()).replace("$", ""))
                .put("latency_ms", result.getLatencyMs())
                .put("attempts", result.getAttempts().size());
        return completion;
    }

    /** The stable error code of a result that did not succeed: its reason code, else its status. */
    public static String errorCode(ExecutionResult result) {
        return result.getReason() != null
                ? result.getReason()
                : result.getStatus().name();
    }

    /** A readable explanation of a result that did not succeed, with the calls tried; never prompt text. */
    public static String errorMessage(ExecutionResult result) {
        String what = switch (result.getStatus()) {
            case REJECTED -> "The request was rejected by routing";
            case BUDGET_EXCEEDED -> "The request would exceed the tenant's budget or its maxCostUsd";
            case TIMED_OUT -> "The request's deadline passed before a provider answered";
            case FAILED -> "The request failed";
            case CANCELLED -> "The request's batch was cancelled before it started; nothing was billed";
            case SUCCEEDED -> "The request succeeded";
        };
        StringBuilder text =
                new StringBuilder(what).append(" (").append(errorCode(result)).append(')');
        List<AttemptRecord> attempts = result.getAttempts();
        if (attempts.isEmpty()) {
            text.append("; no provider was called.");
        } else {
            text.append(" after ")
                    .append(attempts.size())
                    .append(attempts.size() == 1 ? " provider call: " : " provider calls: ");
            for (int i = 0; i < attempts.size(); i++) {
                AttemptRecord attempt = attempts.get(i);
                text.append(i == 0 ? "" : ", ")
                        .append(attempt.getProvider())
                        .append('/')
                        .append(attempt.getModel())
                        .append(' ')
                        .append(attempt.getOutcome());
            }
            text.append('.');
        }
        return text.toString();
    }

    /**
     * A stable opaque id for a result: the same request always gets the same ids, so re-writing an output
     * file is idempotent, and the tenant id does not leak into them.
     */
    static String stableId(ExecutionResult result) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(result.getTenantId().getBytes(StandardCharsets.UTF_8));
            sha.update((byte) 0);
            sha.update(result.getRequestId().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(sha.digest(), 0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JVM", e);
        }
    }

    private static String at(String prefix, String field) {
        return prefix.isEmpty() ? field : prefix + "." + field;
    }
}
