package dev.routeplane.openai;

/**
 * A request body that cannot become a {@code RouteRequest}. Carries the reason code and the offending field
 * so a batch line error and an HTTP 400 can both say exactly what to fix.
 */
public final class ChatRequestException extends Exception {
    private final BatchLineReason reason;
    private final String param;

    public ChatRequestException(BatchLineReason reason, String param, String message) {
        super(message);
        this.reason = reason;
        this.param = param;
    }

    public BatchLineReason reason() {
        return reason;
    }

    /** The offending field as a JSON path, or null. */
    public String param() {
        return param;
    }
}
