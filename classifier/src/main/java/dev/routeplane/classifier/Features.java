package dev.routeplane.classifier;

import dev.routeplane.config.ContextBand;
import dev.routeplane.config.DataClass;
import dev.routeplane.config.LatencyClass;
import dev.routeplane.config.TaskType;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Routing features of one request, each explained by a line in {@link #trace()}.
 *
 * @param taskType declared or inferred kind of work
 * @param inputTokens prompt tokens: tokenizer count over all message contents plus a per-message and
 *     per-request overhead (see {@link ClassifierConfig})
 * @param contextBand size band of {@code inputTokens}
 * @param dataClass maximum of the hinted class, data-class tags and detector findings
 * @param detections what the sensitive-data detectors found, as kinds and counts only
 * @param languages ISO 639-1 codes, most prevalent first; a translation target is appended
 * @param multilingual two or more languages above the share threshold, or a translation between two
 * @param needsTools the request offers tools
 * @param needsJson JSON output requested by response format or in the prompt
 * @param needsVision the request carries images
 * @param latencyClass hinted urgency, {@link LatencyClass#BACKGROUND} by default
 * @param riskTier risk of acting on the request
 * @param trace short lines saying why each feature got its value; never contains prompt text or
 *     matched sensitive values
 */
public record Features(
        TaskType taskType,
        int inputTokens,
        ContextBand contextBand,
        DataClass dataClass,
        List<Detection> detections,
        List<String> languages,
        boolean multilingual,
        boolean needsTools,
        boolean needsJson,
        boolean needsVision,
        LatencyClass latencyClass,
        RiskTier riskTier,
        List<String> trace) {

    public Features {
        Objects.requireNonNull(taskType, "taskType");
        Objects.requireNonNull(contextBand, "contextBand");
        Objects.requireNonNull(dataClass, "dataClass");
        Objects.requireNonNull(latencyClass, "latencyClass");
        Objects.requireNonNull(riskTier, "riskTier");
        detections = List.copyOf(detections);
        languages = List.copyOf(languages);
        trace = List.copyOf(trace);
    }

    /**
     * The categorical features a learned model hashes as indicators, spelled {@code task=<TaskType>},
     * {@code band=<ContextBand>}, {@code lang=<code>} (the first two languages), then {@code json}, {@code tools},
     * {@code vision} and {@code multilingual} where they hold. Snapshots of learned models depend on these spellings.
     */
    public List<String> categories() {
        List<String> out = new ArrayList<>(8);
        out.add("task=" + taskType);
        out.add("band=" + contextBand);
        for (int i = 0; i < Math.min(2, languages.size()); i++) {
            out.add("lang=" + languages.get(i));
        }
        if (needsJson) {
            out.add("json");
        }
        if (needsTools) {
            out.add("tools");
        }
        if (needsVision) {
            out.add("vision");
        }
        if (multilingual) {
            out.add("multilingual");
        }
        return out;
    }

    /** Occurrences of one detection kind, 0 when none were found. */
    public int detected(DetectionKind kind) {
        for (Detection d : detections) {
            if (d.kind() == kind) {
                return d.count();
            }
        }
        return 0;
    }
}
