package dev.routeplane.config;

import java.util.Locale;
import java.util.Optional;

/**
 * Sensitivity of a request's data, ordered from least to most sensitive: the effective class of a request is the
 * maximum over its hint, its tags and what the classifier's detectors found. Lanes match on it and tenant rules
 * restrict it. Spelled the same in routeplane.yaml, decisions and metrics.
 */
public enum DataClass {
    /** Public data. */
    PUBLIC("PUBLIC"),
    /** Internal, not sensitive. */
    INTERNAL("INTERNAL"),
    /** Business confidential. */
    CONFIDENTIAL("CONFIDENTIAL"),
    /** Personal, health, financial or otherwise regulated data. */
    REGULATED("REGULATED");

    private final String configName;

    DataClass(String configName) {
        this.configName = configName;
    }

    /** The spelling used in routeplane.yaml. */
    public String configName() {
        return configName;
    }

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
