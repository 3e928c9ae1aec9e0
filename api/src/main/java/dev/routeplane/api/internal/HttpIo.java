package dev.routeplane.api.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** The API's wire helpers that need no request: error bodies, JSON parsing, path segments, query strings. */
public final class HttpIo {
    /** JSON request bodies larger than this are refused with 413 before they are parsed. */
    public static final int MAX_JSON_BODY = 8 * 1024 * 1024;

    private HttpIo() {}

    /** The OpenAI-style error body; {@code requestId} is added when the client can poll for the outcome. */
    public static ObjectNode errorBody(ApiException error, String requestId) {
        ObjectNode body = Json.object();
        ObjectNode inner = body.putObject("error")
                .put("message", error.getMessage())
                .put("type", error.type())
                .put("param", error.param())
                .put("code", error.code());
        if (requestId != null) {
            inner.put("request_id", requestId);
        }
        return body;
    }

    /** Parses a body as one JSON object; a syntax error is a 400 that names the position, never the text. */
    public static JsonNode parseJsonObject(byte[] body) {
        JsonNode json;
        try {
            json = body.length == 0 ? null : Json.MAPPER.readTree(body);
        } catch (java.io.IOException e) {
            long column = e instanceof JsonProcessingException p && p.getLocation() != null
                    ? p.getLocation().getColumnNr()
                    : -1;
            throw ApiException.badRequest(
                    "invalid_json",
                    null,
                    "The request body is not valid JSON" + (column > 0 ? " (problem at column " + column + ")" : "")
                            + "; send one JSON object");
        }
        if (json == null || !json.isObject()) {
            throw ApiException.badRequest("invalid_json", null, "The request body must be one JSON object");
        }
        return json;
    }

    public static ApiException tooLarge(long max) {
        return new ApiException(
                413,
                "invalid_request_error",
                "request_too_large",
                null,
                "The request body is larger than " + max + " bytes");
    }

    /**
     * Decodes a percent-encoded path segment. Unlike {@link java.net.URLDecoder}, {@code +} stays a plus: in
     * a path it is not a space, and ids such as OpenAI custom_ids may contain one.
     */
    public static String decodeSegment(String raw) {
        if (raw.indexOf('%') < 0) {
            return raw;
        }
        StringBuilder text = new StringBuilder(raw.length());
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '%' && i + 2 < raw.length() && hex(raw.charAt(i + 1)) >= 0 && hex(raw.charAt(i + 2)) >= 0) {
                // Consecutive escapes form one UTF-8 sequence, so collect them before decoding.
                bytes.write(hex(raw.charAt(i + 1)) * 16 + hex(raw.charAt(i + 2)));
                i += 2;
            } else {
                text.append(bytes.toString(StandardCharsets.UTF_8));
                bytes.reset();
                text.append(c);
            }
        }
        return text.append(bytes.toString(StandardCharsets.UTF_8)).toString();
    }

    /** Percent-encodes a path segment: everything but RFC 3986 unreserved characters. */
    public static String encodeSegment(String value) {
        StringBuilder out = new StringBuilder();
        for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if (Character.isLetterOrDigit(c) && c < 0x80 || c == '-' || c == '.' || c == '_' || c == '~') {
                out.append(c);
            } else {
                out.append('%')
                        .append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
            }
        }
        return out.toString();
    }

    /** Query parameters, decoded as form values ({@code +} is a space there); the last value of a name wins. */
    public static Map<String, String> query(String raw) {
        Map<String, String> params = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) {
            return params;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            String name = eq < 0 ? pair : pair.substring(0, eq);
            String value = eq < 0 ? "" : pair.substring(eq + 1);
            params.put(decodeSegment(name.replace('+', ' ')), decodeSegment(value.replace('+', ' ')));
        }
        return params;
    }

    private static int hex(char c) {
        return Character.digit(c, 16);
    }
}
