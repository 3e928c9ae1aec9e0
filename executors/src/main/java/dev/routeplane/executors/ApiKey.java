package dev.routeplane.executors;

import java.util.Objects;

/**
 * A resolved provider API key. Its {@link #toString()} never shows the value, so a key held in a record or logged
 * by accident prints as {@code ApiKey[***]}; only an adapter building its auth header calls {@link #reveal()}.
 */
public final class ApiKey {
    private final String value;

    private ApiKey(String value) {
        this.value = value;
    }

    /** Wraps a key value; blank values are refused (without echoing them). */
    public static ApiKey of(String value) {
        Objects.requireNonNull(value, "value");
        if (value.isBlank()) {
            throw new IllegalArgumentException("an API key must not be blank");
        }
        return new ApiKey(value);
    }

    /** The key itself, for an Authorization or x-api-key header and nothing else. */
    public String reveal() {
        return value;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ApiKey other && other.value.equals(value);
    }

    @Override
    public int hashCode() {
        return value.hashCode();
    }

    @Override
    public String toString() {
        return "ApiKey[***]";
    }
}
