package dev.routeplane.classifier;

import java.util.Locale;
import java.util.Optional;

/**
 * Sensitivity of a request's data, ordered from least to most sensitive: the effective class of a
 * request is the maximum over its hint, its tags and what the detectors found.
 */
public enum DataClass {
    PUBLIC,
    INTERNAL,
    CONFIDENTIAL,
    REGULATED;

    /** The more sensitive of the two. */
    public DataClass max(DataClass other) {
        return other != null && other.compareTo(this) > 0 ? other : this;
    }

    /** Parses a hint value case-insensitively; unknown or blank values give empty. */
    public static Optional<DataClass> parse(String value) {
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(valueOf(value.trim().toUpperCase(Locale.ROOT)));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
