package dev.routeplane.api.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** Reading requests and writing JSON answers on a JDK {@link HttpExchange}. */
public final class HttpIo {
    /** JSON request bodies larger than this are refused with 413 before they are parsed. */
    public static final int MAX_JSON_BODY = 8 * 1024 * 1024;

    private HttpIo() {}

    /** Sends {@code json} with {@code status} and closes the exchange. */
    public static void sendJson(HttpExchange exchange, int status, JsonNode json) throws IOException {
        byte[] bytes = Json.MAPPER.writeValueAsBytes(json);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        try (exchange;
                OutputStream out = responseBody(exchange, status, bytes.length)) {
            out.write(bytes);
        }
    }

    /** Sends the error as {@code {"error": {...}}} and closes the exchange. */
    public static void sendError(HttpExchange exchange, ApiException error) throws IOException {
        sendJson(exchange, error.status(), errorBody(error, null));
    }

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

    private static OutputStream responseBody(HttpExchange exchange, int status, long length) throws IOException {
        // The JDK server reads 0 as "chunked" and -1 as "no body".
        exchange.sendResponseHeaders(status, length == 0 ? -1 : length);
        return exchange.getResponseBody();
    }

    /** Reads the whole body, refusing more than {@code max} bytes with 413 without buffering them. */
    public static byte[] readBody(HttpExchange exchange, int max) throws IOException {
        String declared = exchange.getRequestHeaders().getFirst("Content-Length");
        if (declared != null) {
            try {
                if (Long.parseLong(declared.trim()) > max) {
                    throw tooLarge(max);
                }
            } catch (NumberFormatException e) {
                throw ApiException.badRequest("invalid_header", "Content-Length", "Content-Length is not a number");
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[16 * 1024];
        try (InputStream in = exchange.getRequestBody()) {
            int n;
            while ((n = in.read(buf)) > 0) {
                if (out.size() + n > max) {
                    throw tooLarge(max);
                }
                out.write(buf, 0, n);
            }
        }
        return out.toByteArray();
    }

    /** Reads the body as one JSON object; a syntax error is a 400 that names the position, never the text. */
    public static JsonNode readJsonObject(HttpExchange exchange) throws IOException {
        byte[] body = readBody(exchange, MAX_JSON_BODY);
        JsonNode json;
        try {
            json = body.length == 0 ? null : Json.MAPPER.readTree(body);
        } catch (JsonProcessingException e) {
            long column = e.getLocation() == null ? -1 : e.getLocation().getColumnNr();
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
    public static Map<String, String> query(HttpExchange exchange) {
        Map<String, String> params = new LinkedHashMap<>();
        String raw = exchange.getRequestURI().getRawQuery();
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
