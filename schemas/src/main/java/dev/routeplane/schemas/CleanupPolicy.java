package dev.routeplane.schemas;

import java.util.Locale;

/** Kafka {@code cleanup.policy} of a topic. */
public enum CleanupPolicy {
    /** Old segments are deleted by time or size: event streams. */
    DELETE,
    /** The latest value per key is kept forever: tables and control state. */
    COMPACT;

    /** The value Kafka expects for {@code cleanup.policy}, e.g. {@code compact}. */
    public String configValue() {
        return name().toLowerCase(Locale.ROOT);
    }
}
