package dev.routeplane.router;

import java.util.Objects;

/**
 * Why a request is refused.
 *
 * @param reasonCode a stable code (see {@code ReasonCodes})
 * @param detail     what was wrong, with which input, and what to do
 */
public record Rejection(String reasonCode, String detail) {

    public Rejection {
        Objects.requireNonNull(reasonCode, "reasonCode");
        Objects.requireNonNull(detail, "detail");
    }
}
