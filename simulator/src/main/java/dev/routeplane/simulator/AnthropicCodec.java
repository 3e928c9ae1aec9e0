package dev.routeplane.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.Headers;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/**
 * Anthropic messages, non-streaming ({@code stream: true} is refused with 400). JSON mode is requested with
 * {@code output_format} (structured outputs); a content-filter stop is reported as {@code refusal}.
 */
final class AnthropicCodec implements WireCodec {

    @Override
    public String endpoint() {
        return "/messages";
    }

    @Override
    public String apiKey(Headers h) {
        String key = h.getFirst("x-api-key");
        return key == null || key.isBlank() ? null : key.trim();
    }

    @Override
    public SimError missingKey() {
        return new SimError(SimError.Kind.AUTHENTICATION, "x-api-key header is required", null, null);
    }

    @Override
    public void checkHeaders(Headers h) {
        String version = h.getFirst("anthropic-version");
        if (version == null || version.isBlank()) {
            throw SimError.invalid("anthropic-version: header is required", null, null);
        }
    }

    @Override
    public boolean maxTokensRequired() {
        return true;
    }

    @Override
    public SimRequest parse(JsonNode body) {
        String model = body.path("model").asText("");
        if (model.isEmpty()) {
            throw SimError.invalid("model: Field required", null, "model");
        }
        if (!body.hasNonNull("max_tokens")) {
            throw SimError.invalid("max_tokens: Field required", null, "max_tokens");
        }
        Integer maxTokens = WireText.positiveInt(body, "max_tokens");
        if (body.path("stream").asBoolean(false)) {
            throw SimError.invalid(
                    "stream: streaming not supported by the simulator; send stream: false", null, "stream");
        }
        JsonNode messages = body.get("messages");
        if (messages == null || !messages.isArray() || messages.isEmpty()) {
            throw SimError.invalid("messages: at least one message is required", null, "messages");
        }
        StringBuilder prompt = new StringBuilder(WireText.contentText(body.get("system")));
        prompt.append('\n');
        String lastUser = "";
        for (JsonNode m : messages) {
            String role = m.path("role").asText("");
            if (!role.equals("user") && !role.equals("assistant")) {
                throw SimError.invalid(
                        "messages: Unexpected role \"" + role + "\". Allowed roles are \"user\" or \"assistant\"",
                        null,
                        "messages");
            }
            String text = WireText.contentText(m.get("content"));
            prompt.append(text).append('\n');
            if (role.equals("user")) {
                lastUser = text;
            }
        }
        List<SimRequest.Tool> tools = new ArrayList<>();
        for (JsonNode t : body.path("tools")) {
            String name = t.path("name").asText("");
            if (name.isEmpty()) {
                throw SimError.invalid("tools.name: Field required", null, "tools");
            }
            tools.add(new SimRequest.Tool(name, t.get("input_schema")));
        }
        JsonNode choice = body.path("tool_choice");
        SimRequest.ToolChoice toolChoice = switch (choice.path("type").asText("auto")) {
            case "none" -> SimRequest.ToolChoice.NONE;
            case "any" -> SimRequest.ToolChoice.REQUIRED;
            case "tool" -> SimRequest.ToolChoice.NAMED;
            default -> SimRequest.ToolChoice.AUTO;
        };
        String forced =
                toolChoice == SimRequest.ToolChoice.NAMED ? choice.path("name").asText(null) : null;
        boolean json = body.path("output_format").isObject();
        return new SimRequest(model, maxTokens, prompt.toString(), lastUser, tools, toolChoice, forced, json);
    }

    @Override
    public SimError contextLengthExceeded(int input, int maxTokens, int window) {
        return new SimError(
                SimError.Kind.CONTEXT_LENGTH,
                "input length and `max_tokens` exceed context limit: " + input + " + " + maxTokens + " > " + window
                        + ", decrease input length or `max_tokens` and try again",
                "context_length_exceeded",
                "max_tokens");
    }

    @Override
    public SimError modelNotFound(String model) {
        return new SimError(SimError.Kind.NOT_FOUND, "model: " + model, "model_not_found", "model");
    }

    @Override
    public String newCallId() {
        return "msg_" + WireText.randomHex().substring(0, 24);
    }

    @Override
    public byte[] completion(String callId, Instant created, String model, SimCompletion c) {
        ObjectNode root = WireText.MAPPER.createObjectNode();
        root.put("id", callId);
        root.put("type", "message");
        root.put("role", "assistant");
        root.put("model", model);
        ArrayNode content = root.putArray("content");
        if (c.text() != null) {
            content.addObject().put("type", "text").put("text", c.text());
        }
        if (c.toolCall() != null) {
            ObjectNode use = content.addObject();
            use.put("type", "tool_use");
            // Same draw as the OpenAI call id, in Anthropic's toolu_ style.
            use.put("id", "toolu_" + c.toolCall().id().substring("call_".length()));
            use.put("name", c.toolCall().name());
            try {
                use.set("input", WireText.MAPPER.readTree(c.toolCall().argumentsJson()));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        root.put(
                "stop_reason",
                switch (c.finish()) {
                    case STOP -> "end_turn";
                    case LENGTH -> "max_tokens";
                    case TOOL_CALLS -> "tool_use";
                    case CONTENT_FILTER -> "refusal";
                });
        root.putNull("stop_sequence");
        ObjectNode usage = root.putObject("usage");
        usage.put("input_tokens", c.inputTokens());
        usage.put("output_tokens", c.outputTokens());
        return OpenAiCodec.bytes(root);
    }

    @Override
    public int status(SimError e) {
        return switch (e.kind()) {
            case INVALID_REQUEST, CONTEXT_LENGTH -> 400;
            case AUTHENTICATION -> 401;
            case NOT_FOUND -> 404;
            case TOO_LARGE -> 413;
            case RATE_LIMITED -> 429;
            case SERVER_ERROR -> 500;
            case OVERLOADED -> 529;
            case UNAVAILABLE -> 503;
        };
    }

    @Override
    public byte[] error(SimError e) {
        String type = switch (e.kind()) {
            case INVALID_REQUEST, CONTEXT_LENGTH -> "invalid_request_error";
            case AUTHENTICATION -> "authentication_error";
            case NOT_FOUND -> "not_found_error";
            case TOO_LARGE -> "request_too_large";
            case RATE_LIMITED -> "rate_limit_error";
            case SERVER_ERROR, UNAVAILABLE -> "api_error";
            case OVERLOADED -> "overloaded_error";
        };
        ObjectNode root = WireText.MAPPER.createObjectNode();
        root.put("type", "error");
        root.putObject("error").put("type", type).put("message", e.getMessage());
        return OpenAiCodec.bytes(root);
    }

    @Override
    public void rateLimitHeaders(Headers h, RateWindow.Decision d, Instant now) {
        Instant base = now.truncatedTo(ChronoUnit.SECONDS);
        h.set("anthropic-ratelimit-requests-limit", Integer.toString(d.requestLimit()));
        h.set("anthropic-ratelimit-requests-remaining", Long.toString(d.requestsRemaining()));
        h.set("anthropic-ratelimit-requests-reset", resetAt(now, base, d.requestsResetMs()));
        h.set("anthropic-ratelimit-tokens-limit", Long.toString(d.tokenLimit()));
        h.set("anthropic-ratelimit-tokens-remaining", Long.toString(d.tokensRemaining()));
        h.set("anthropic-ratelimit-tokens-reset", resetAt(now, base, d.tokensResetMs()));
    }

    /** RFC 3339 instant, rounded up to the whole second, when the usage has fully expired. */
    private static String resetAt(Instant now, Instant base, long resetMs) {
        Instant at = now.plusMillis(resetMs);
        Instant whole = at.equals(at.truncatedTo(ChronoUnit.SECONDS))
                ? at
                : at.truncatedTo(ChronoUnit.SECONDS).plusSeconds(1);
        return (whole.isBefore(base) ? base : whole).toString();
    }

    @Override
    public String requestIdHeader() {
        return "request-id";
    }
}
