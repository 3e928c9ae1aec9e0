package dev.routeplane.api.internal;

import java.io.IOException;

/**
 * A request body that is not well-formed {@code multipart/form-data}, or one past the parser's limits; the
 * message says what was wrong, {@link #code()} is the stable reason code to answer with.
 */
public final class MultipartException extends IOException {
    /** The code of a malformed body. */
    public static final String MALFORMED = "invalid_multipart";
    /** The code of a body with more parts than an upload may have. */
    public static final String TOO_MANY_PARTS = "too_many_parts";

    private final String code;

    public MultipartException(String message) {
        this(message, MALFORMED);
    }

    public MultipartException(String message, String code) {
        super(message);
        this.code = code;
    }

    public String code() {
        return code;
    }
}
