package dev.routeplane.http.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Answers the errors Jetty raises itself (a malformed request line, headers or body over a limit, a request
 * timeout, a handler that failed) in the OpenAI error shape the API uses everywhere,
 * {@code {"error": {"message", "type", "param", "code"}}}, instead of Jetty's HTML page. The message is ours,
 * chosen by status: Jetty's reason may quote part of the request, which must not be echoed.
 */
public final class JsonErrorHandler extends ErrorHandler {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    protected void generateResponse(
            Request request, Response response, int code, String message, Throwable cause, Callback callback) {
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
        response.write(true, body(code), callback);
    }

    @Override
    public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
        fields.put(HttpHeader.CONTENT_TYPE, "application/json");
        return body(status);
    }

    /** The body for {@code status}; also what a handler answers when its own read hit a limit. */
    public static ByteBuffer body(int status) {
        ObjectNode error = JSON.createObjectNode();
        error.putObject("error")
                .put("message", message(status))
                .put("type", status >= 500 ? "server_error" : "invalid_request_error")
                .putNull("param")
                .put("code", code(status));
        return ByteBuffer.wrap(error.toString().getBytes(StandardCharsets.UTF_8));
    }

    static String code(int status) {
        return switch (status) {
            case 400 -> "bad_request";
            case 404 -> "unknown_url";
            case 405 -> "method_not_allowed";
            case 408 -> "request_timeout";
            case 413 -> "request_too_large";
            case 414 -> "uri_too_long";
            case 431 -> "request_header_too_large";
            case 503 -> "unavailable";
            default -> status >= 500 ? "internal_error" : "http_" + status;
        };
    }

    private static String message(int status) {
        return switch (status) {
            case 400 -> "The request is not valid HTTP/1.1 (request line, headers or body framing)";
            case 404 -> "Unknown URL";
            case 405 -> "Method not allowed here";
            case 408 ->
                "The request was not received or answered within the server's time limits"
                        + " (idle connection, a body sent too slowly, or the per-request limit)";
            case 413 -> "The request body is larger than this server accepts";
            case 414 -> "The request URL is too long";
            case 431 -> "The request headers are larger than this server accepts";
            case 503 -> "The server is unavailable; retry shortly";
            default -> status >= 500 ? "The server failed on this request" : "The request was refused (" + status + ")";
        };
    }
}
