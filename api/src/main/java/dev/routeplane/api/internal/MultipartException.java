package dev.routeplane.api.internal;

import java.io.IOException;

/** A request body that is not well-formed {@code multipart/form-data}; the message says what was wrong. */
public final class MultipartException extends IOException {
    public MultipartException(String message) {
        super(message);
    }
}
