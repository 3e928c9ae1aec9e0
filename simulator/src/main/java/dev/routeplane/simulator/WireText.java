package dev.routeplane.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/** Helpers shared by the wire codecs. */
final class WireText {

    static final ObjectMapper MAPPER = new ObjectMapper();

    private WireText() {}

    /**
     * The text of a message content: a string, or the concatenated {@code text} of an array of parts/blocks
     * (nested {@code content} of tool results included; images and other parts contribute nothing).
     */
    static String contentText(JsonNode content) {
        if (content == null || content.isNull() || content.isMissingNode()) {
            return "";
        }
        if (content.isTextual()) {
            return content.asText();
        }
        if (content.isArray()) {
            StringBuilder sb = new StringBuilder();
            for (JsonNode part : content) {
                String t = part.isTextual()
                        ? part.asText()
                        : part.hasNonNull("text")
                                ? part.get("text").asText()
                                : part.has("content") ? contentText(part.get("content")) : "";
                if (!t.isEmpty()) {
                    if (sb.length() > 0) {
                        sb.append('\n');
                    }
                    sb.append(t);
                }
            }
            return sb.toString();
        }
        throw SimError.invalid(
                "message content must be a string or an array of content parts, got " + content.getNodeType(),
                "invalid_type",
                "messages");
    }

    /** An optional positive integer field; null when absent. */
    static Integer positiveInt(JsonNode body, String field) {
        JsonNode n = body.get(field);
        if (n == null || n.isNull()) {
            return null;
        }
        if (!n.canConvertToInt() || !n.isIntegralNumber() || n.asInt() < 1) {
            throw SimError.invalid(field + " must be an integer >= 1, got " + n, "invalid_value", field);
        }
        return n.asInt();
    }

    /** 32 random hex digits, for response and tool-call ids. */
    static String randomHex() {
        return UUID.randomUUID().toString().replace("-", "");
    }

    /** Go-style duration as OpenAI writes it in reset headers: {@code 20ms}, {@code 1s}, {@code 1.5s}, {@code 6m0s}. */
    static String goDuration(long ms) {
        if (ms < 1000) {
            return ms + "ms";
        }
        long hours = ms / 3_600_000;
        long minutes = (ms / 60_000) % 60;
        long wholeSeconds = (ms / 1000) % 60;
        long millis = ms % 1000;
        String seconds = millis == 0
                ? Long.toString(wholeSeconds)
                : (wholeSeconds + "." + String.format("%03d", millis)).replaceAll("0+$", "");
        if (hours > 0) {
            return hours + "h" + minutes + "m" + seconds + "s";
        }
        return minutes > 0 ? minutes + "m" + seconds + "s" : seconds + "s";
    }

    /** The parameters of a raw query string ({@code a=1&b=x}), decoded; empty for null. */
    static Map<String, String> query(String rawQuery) {
        Map<String, String> out = new LinkedHashMap<>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return out;
        }
        for (String pair : rawQuery.split("&")) {
            int eq = pair.indexOf('=');
            String key = eq < 0 ? pair : pair.substring(0, eq);
            String value = eq < 0 ? "" : pair.substring(eq + 1);
            out.put(URLDecoder.decode(key, StandardCharsets.UTF_8), URLDecoder.decode(value, StandardCharsets.UTF_8));
        }
        return out;
    }

    /** A query parameter as an int, or {@code fallback} when absent; 400 when it is not an integer. */
    static int intOr(String value, int fallback) {
        if (value == null || value.isEmpty()) {
            return fallback;
        }
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw SimError.invalid("expected an integer, got '" + value + "'", "invalid_value", null);
        }
    }

    /** Parses JSON the simulator itself rendered. */
    static JsonNode tree(byte[] json) {
        try {
            return MAPPER.readTree(json);
        } catch (IOException e) {
            throw new IllegalStateException("the simulator rendered invalid JSON", e);
        }
    }
}
