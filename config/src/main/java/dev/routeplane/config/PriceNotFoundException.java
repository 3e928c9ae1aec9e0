package dev.routeplane.config;

import java.time.Instant;

/** No price is in force for a model at an instant (unknown model, or an instant before its first price). */
public final class PriceNotFoundException extends RuntimeException {
    private final String modelId;
    private final transient Instant at;

    public PriceNotFoundException(String modelId, Instant at, String message) {
        super(message);
        this.modelId = modelId;
        this.at = at;
    }

    /** The model that was asked about. */
    public String modelId() {
        return modelId;
    }

    /** The instant that was asked about. */
    public Instant at() {
        return at;
    }
}
