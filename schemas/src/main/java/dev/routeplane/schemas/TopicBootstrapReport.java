package dev.routeplane.schemas;

import java.util.List;

/**
 * Outcome of {@link TopicBootstrapper#ensure}.
 *
 * @param created topics this run created, in request order
 * @param existing topics that already existed (including ones another process created concurrently)
 * @param warnings non-fatal differences, e.g. an existing topic with another partition count
 */
public record TopicBootstrapReport(List<String> created, List<String> existing, List<String> warnings) {

    public TopicBootstrapReport {
        created = List.copyOf(created);
        existing = List.copyOf(existing);
        warnings = List.copyOf(warnings);
    }
}
