package dev.routeplane.simulator;

/** A refusal the simulator answers in the provider's error shape. */
final class SimError extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** Error categories; each wire format maps them to its own status, type and code. */
    enum Kind {
        INVALID_REQUEST,
        AUTHENTICATION,
        NOT_FOUND,
        /** A request body over the API's size limit (Anthropic answers 413, OpenAI 400). */
        TOO_LARGE,
        CONTEXT_LENGTH,
        RATE_LIMITED,
        SERVER_ERROR,
        OVERLOADED,
        UNAVAILABLE
    }

    private final Kind kind;
    private final String code;
    private final String param;

    SimError(Kind kind, String message, String code, String param) {
        super(message, null, false, false);
        this.kind = kind;
        this.code = code;
        this.param = param;
    }

    static SimError invalid(String message, String code, String param) {
        return new SimError(Kind.INVALID_REQUEST, message, code, param);
    }

    Kind kind() {
        return kind;
    }

    /** OpenAI's machine-readable {@code code}, or null. */
    String code() {
        return code;
    }

    /** OpenAI's {@code param}, or null. */
    String param() {
        return param;
    }
}
