package dev.routeplane.classifier;

import java.util.Objects;

/**
 * What one detector found: its kind and how many occurrences. Never carries the matched text, so
 * features can be logged and published.
 *
 * @param kind what was found
 * @param count how many occurrences, at least 1
 */
public record Detection(DetectionKind kind, int count) {

    public Detection {
        Objects.requireNonNull(kind, "kind");
        if (count < 1) {
            throw new IllegalArgumentException("detection count must be >= 1, was " + count + " for " + kind);
        }
    }

    /** Trace form, e.g. {@code email x2}. */
    @Override
    public String toString() {
        return kind.label() + " x" + count;
    }
}
