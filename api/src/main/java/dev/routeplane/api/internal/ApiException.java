package dev.routeplane.api.internal;

/**
 * An error answered to the client as OpenAI-style JSON:
 * {@code {"error": {"message", "type", "param", "code"}}}. The message must say what was wrong with which
 * input and what to do, and must never quote prompt text or a key.
 */
public final class ApiException extends RuntimeException {
    private final int status;
    private final String type;
    private final String code;
    private final String param;

    public ApiException(int status, String type, String code, String param, String message) {
        super(message, null, false, false); // a client error, not a bug: no stack trace to build
        this.status = status;
        this.type = type;
        this.code = code;
        this.param = param;
    }

    public static ApiException badRequest(String code, String param, String message) {
        return new ApiException(400, "invalid_request_error", code, param, message);
    }

    /** The same answer for an id that does not exist and one that belongs to another tenant. */
    public static ApiException notFound(String what, String id) {
        return new ApiException(
                404,
                "invalid_request_error",
                "not_found",
                null,
                "No " + what + " found with id '" + Json.shorten(id) + "' for this API key");
    }

    public static ApiException methodNotAllowed(String allowed) {
        return new ApiException(
                405, "invalid_request_error", "method_not_allowed", null, "Method not allowed here; use " + allowed);
    }

    public int status() {
        return status;
    }

    public String type() {
        return type;
    }

    public String code() {
        return code;
    }

    public String param() {
        return param;
    }
}
