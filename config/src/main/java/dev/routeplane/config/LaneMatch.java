package dev.routeplane.config;

import dev.routeplane.config.internal.Copies;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * When a lane applies. A request matches when every condition that is present holds; a list condition holds
 * when the request's value is one of the listed values. Absent conditions (empty sets, empty optionals) do not
 * constrain. A match has at least one condition; a lane without a match is the catch-all.
 *
 * @param taskTypes      YAML {@code taskType}
 * @param latencyClasses YAML {@code latencyClass}
 * @param dataClasses    YAML {@code dataClass}
 * @param contextBands   YAML {@code contextBand}
 * @param needsTools     YAML {@code needsTools}: the request asks for tool calling (or explicitly not)
 * @param needsJson      YAML {@code needsJson}: the request asks for JSON output (or explicitly not)
 * @param multilingual   YAML {@code multilingual}: the prompt is not (only) English (or explicitly is)
 */
public record LaneMatch(
        Set<TaskType> taskTypes,
        Set<LatencyClass> latencyClasses,
        Set<DataClass> dataClasses,
        Set<ContextBand> contextBands,
        Optional<Boolean> needsTools,
        Optional<Boolean> needsJson,
        Optional<Boolean> multilingual) {

    public LaneMatch {
        taskTypes = Copies.orderedSet(taskTypes);
        latencyClasses = Copies.orderedSet(latencyClasses);
        dataClasses = Copies.orderedSet(dataClasses);
        contextBands = Copies.orderedSet(contextBands);
        Objects.requireNonNull(needsTools, "needsTools");
        Objects.requireNonNull(needsJson, "needsJson");
        Objects.requireNonNull(multilingual, "multilingual");
    }
}
