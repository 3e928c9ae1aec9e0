package dev.routeplane.simulator;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.Headers;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** OpenAI chat completions, non-streaming. {@code stream: true} is refused with 400 (see {@link #parse}). */
final class OpenAiCodec implements WireCodec {

    @Override
    public String endpoint() {
        return "/chat/completions";
    }

    @Override
    public String apiKey(Headers h) {
        String auth = h.getFirst("Authorization");
        if (auth == null || !auth.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return null;
        }
        String key = auth.substring(7).trim();
        return key.isEmpty() ? null : key;
    }

    @Override
    public SimError missingKey() {
        return new SimError(
                SimError.Kind.AUTHENTICATION,
                "You didn't provide an API key. You need to provide your "
                        + "API key in an Authorization header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY).",
                "invalid_api_key",
                null);
    }

    @Override
    public void checkHeaders(Headers h) {
        // OpenAI needs nothing beyond the bearer token.
    }

    @Override
    public boolean maxTokensRequired() {
        return false;
    }

    /**
     * Reads model, messages, max_completion_tokens (preferred) or max_tokens, tools, tool_choice, response_format.
     * Refuses {@code stream: true} ("streaming not supported by the simulator") and {@code n != 1}.
     */
    @Override
    public SimRequest parse(JsonNode body) {
        String model = body.path("model").asText("");
        if (model.isEmpty()) {
            throw SimError.invalid("you must provide a model parameter", "missing_required_parameter", "model");
        }
        if (body.path("stream").asBoolean(false)) {
            throw SimError.invalid(
                    "streaming not supported by the simulator; send stream: false", "unsupported_parameter", "stream");
        }
        if (body.has("n") && body.get("n").asInt(1) != 1) {
            throw SimError.invalid("n other than 1 is not supported by the simulator", "unsupported_value", "n");
        }
        JsonNode messages = body.get("messages");
        if (messages == null || !messages.isArray() || messages.isEmpty()) {
            throw SimError.invalid("messages must be a non-empty array", "invalid_value", "messages");
        }
        StringBuilder prompt = new StringBuilder();
        String lastUser = "";
        for (JsonNode m : messages) {
            String role = m.path("role").asText("");
            if (!List.of("system", "developer", "user", "assistant", "tool").contains(role)) {
                throw SimError.invalid("Invalid value for 'role': '" + role + "'", "invalid_value", "messages");
            }
            String text = WireText.contentText(m.get("content"));
            prompt.append(text).append('\n');
            if (role.equals("user")) {
                lastUser = text;
            }
        }
        Integer maxTokens = WireText.positiveInt(body, "max_completion_tokens");
        if (maxTokens == null) {
            maxTokens = WireText.positiveInt(body, "max_tokens");
        }
        List<SimRequest.Tool> tools = new ArrayList<>();
        for (JsonNode t : body.path("tools")) {
            JsonNode fn = t.path("function");
            String name = fn.path("name").asText("");
            if (name.isEmpty()) {
                throw SimError.invalid("tools[].function.name is required", "missing_required_parameter", "tools");
            }
            tools.add(new SimRequest.Tool(name, fn.get("parameters")));
        }
        JsonNode choice = body.get("tool_choice");
        SimRequest.ToolChoice toolChoice = SimRequest.ToolChoice.AUTO;
        String forced = null;
        if (choice != null && choice.isTextual()) {
            toolChoice = switch (choice.asText()) {
                case "none" -> SimRequest.ToolChoice.NONE;
                case "required" -> SimRequest.ToolChoice.REQUIRED;
                default -> SimRequest.ToolChoice.AUTO;
            };
        } else if (choice != null && choice.isObject()) {
            toolChoice = SimRequest.ToolChoice.NAMED;
            forced = choice.path("function").path("name").asText(null);
        }
        String format = body.path("response_format").path("type").asText("text");
        boolean json = format.equals("json_object") || format.equals("json_schema");
        return new SimRequest(model, maxTokens, prompt.toString(), lastUser, tools, toolChoice, forced, json);
    }

    @Override
    public SimError contextLengthExceeded(int input, int maxTokens, int window) {
        return new SimError(
                SimError.Kind.CONTEXT_LENGTH,
                "This model's maximum context length is " + window
                        + " tokens. However, you requested " + (input + maxTokens) + " tokens (" + input
                        + " in the messages, " + maxTokens + " in the completion). Please reduce the length of the "
                        + "messages or completion.",
                "context_length_exceeded",
                "messages");
    }

    @Override
    public SimError modelNotFound(String model) {
        return new SimError(
                SimError.Kind.NOT_FOUND,
                "The model `" + model + "` does not exist or you do not have access to it.",
                "model_not_found",
                "model");
    }

    @Override
    public String newCallId() {
        return "chatcmpl-" + WireText.randomHex();
    }

    @Override
    public byte[] completion(String callId, Instant created, String model, SimCompletion c) {
        ObjectNode root = WireText.MAPPER.createObjectNode();
        root.put("id", callId);
        root.put("object", "chat.completion");
        root.put("created", created.getEpochSecond());
        root.put("model", model);
        ArrayNode choices = root.putArray("choices");
        ObjectNode choice = choices.addObject();
        choice.put("index", 0);
        ObjectNode message = choice.putObject("message");
        message.put("role", "assistant");
        message.put("content", c.text());
        message.putNull("refusal");
        if (c.toolCall() != null) {
            ObjectNode call = message.putArray("tool_calls").addObject();
            call.put("id", c.toolCall().id());
            call.put("type", "function");
            call.putObject("function")
                    .put("name", c.toolCall().name())
                    .put("arguments", c.toolCall().argumentsJson());
        }
        choice.putNull("logprobs");
        choice.put("finish_reason", c.finish().name().toLowerCase(Locale.ROOT));
        ObjectNode usage = root.putObject("usage");
        usage.put("prompt_tokens", c.inputTokens());
        usage.put("completion_tokens", c.outputTokens());
        usage.put("total_tokens", c.inputTokens() + c.outputTokens());
        root.put("system_fingerprint", "fp_routeplane_sim");
        return bytes(root);
    }

    @Override
    public int status(SimError e) {
        return switch (e.kind()) {
            case INVALID_REQUEST, CONTEXT_LENGTH, TOO_LARGE -> 400;
            case AUTHENTICATION -> 401;
            case NOT_FOUND -> 404;
            case RATE_LIMITED -> 429;
            case SERVER_ERROR -> 500;
            case OVERLOADED, UNAVAILABLE -> 503;
        };
    }

    @Override
    public byte[] error(SimError e) {
        String type = switch (e.kind()) {
            case INVALID_REQUEST, CONTEXT_LENGTH, AUTHENTICATION, NOT_FOUND, TOO_LARGE -> "invalid_request_error";
            // OpenAI names the exhausted limit ("requests" or "tokens") as the type of a 429.
            case RATE_LIMITED -> e.param() == null ? "requests" : e.param();
            case SERVER_ERROR, OVERLOADED, UNAVAILABLE -> "server_error";
        };
        ObjectNode root = WireText.MAPPER.createObjectNode();
        ObjectNode err = root.putObject("error");
        err.put("message", e.getMessage());
        err.put("type", type);
        err.put("param", e.kind() == SimError.Kind.RATE_LIMITED ? null : e.param());
        err.put("code", e.code());
        return bytes(root);
    }

    @Override
    public void rateLimitHeaders(Headers h, RateWindow.Decision d, Instant now) {
        h.set("x-ratelimit-limit-requests", Integer.toString(d.requestLimit()));
        h.set("x-ratelimit-remaining-requests", Long.toString(d.requestsRemaining()));
        h.set("x-ratelimit-reset-requests", WireText.goDuration(d.requestsResetMs()));
        h.set("x-ratelimit-limit-tokens", Long.toString(d.tokenLimit()));
        h.set("x-ratelimit-remaining-tokens", Long.toString(d.tokensRemaining()));
        h.set("x-ratelimit-reset-tokens", WireText.goDuration(d.tokensResetMs()));
    }

    @Override
    public String requestIdHeader() {
        return "x-request-id";
    }

    static String bytesToString(JsonNode node) {
        return new String(bytes(node), java.nio.charset.StandardCharsets.UTF_8);
    }

    static byte[] bytes(JsonNode node) {
        try {
            return WireText.MAPPER.writeValueAsBytes(node);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
