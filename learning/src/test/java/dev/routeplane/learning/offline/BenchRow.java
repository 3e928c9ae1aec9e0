package dev.routeplane.learning.offline;

import java.util.Map;

/**
 * One recorded prompt: its text, the task file it came from (for reporting only, never a feature), and per
 * model the recorded score (null when missing), billed cost and response text.
 */
record BenchRow(
        String task,
        String sampleId,
        String prompt,
        Map<String, Double> scores,
        Map<String, Double> costs,
        Map<String, String> responses) {

    boolean complete() {
        return scores.values().stream().allMatch(v -> v != null);
    }
}
