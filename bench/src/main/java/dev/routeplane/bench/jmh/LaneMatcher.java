package dev.routeplane.bench.jmh;

import dev.routeplane.classifier.Features;
import dev.routeplane.config.Lane;
import dev.routeplane.config.LaneMatch;
import dev.routeplane.config.Model;
import dev.routeplane.config.RouteplaneConfig;
import dev.routeplane.router.Candidate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The lane rule ("first lane whose match fits") and each lane's candidates resolved through the configured
 * aliases, precomputed. A stand-in for router-stream's package-private {@code RoutingTables} until router-stream
 * offers a public entry point for one routing step; keep the two in step.
 */
final class LaneMatcher {
    private final List<Lane> lanes;
    private final Map<String, List<Candidate>> candidates = new HashMap<>();

    LaneMatcher(RouteplaneConfig config) {
        this.lanes = config.lanes();
        for (Lane lane : lanes) {
            List<Candidate> list = new ArrayList<>();
            List<String> entries = lane.candidates();
            for (int i = 0; i < entries.size(); i++) {
                String entry = entries.get(i);
                Model m = config.resolveModel(entry).orElse(null);
                if (m != null) {
                    String alias = config.models().containsKey(entry) ? null : entry;
                    list.add(new Candidate(
                            entry, alias, m, config.providers().get(m.provider()), m.version(), i, false));
                }
            }
            candidates.put(lane.name(), List.copyOf(list));
        }
    }

    Lane laneFor(Features f) {
        for (Lane lane : lanes) {
            if (lane.match().isEmpty() || matches(lane.match().get(), f)) {
                return lane;
            }
        }
        return lanes.get(lanes.size() - 1);
    }

    List<Candidate> candidates(Lane lane) {
        return candidates.get(lane.name());
    }

    private static boolean matches(LaneMatch m, Features f) {
        return (m.taskTypes().isEmpty() || m.taskTypes().contains(f.taskType()))
                && (m.latencyClasses().isEmpty() || m.latencyClasses().contains(f.latencyClass()))
                && (m.dataClasses().isEmpty() || m.dataClasses().contains(f.dataClass()))
                && (m.contextBands().isEmpty() || m.contextBands().contains(f.contextBand()))
                && m.needsTools().map(v -> v == f.needsTools()).orElse(true)
                && m.needsJson().map(v -> v == f.needsJson()).orElse(true)
                && m.multilingual().map(v -> v == f.multilingual()).orElse(true);
    }
}
