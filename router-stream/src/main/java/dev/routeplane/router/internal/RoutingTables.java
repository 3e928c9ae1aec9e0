package dev.routeplane.router.internal;

import dev.routeplane.classifier.Features;
import dev.routeplane.config.Lane;
import dev.routeplane.config.LaneMatch;
import dev.routeplane.config.Model;
import dev.routeplane.config.Provider;
import dev.routeplane.config.RouteplaneConfig;
import dev.routeplane.contract.AliasBinding;
import dev.routeplane.contract.WeightedTarget;
import dev.routeplane.router.Candidate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Lookups precomputed from the configuration once, at build time, so the per-record path does no map
 * building: lanes in order, models by id and by provider model.
 * Immutable and thread-safe.
 */
final class RoutingTables {
    private static final long CANARY_SALT = 0x616c696173L; // independent of the exploration seed

    private final RouteplaneConfig config;
    private final List<Lane> lanes;
    private final Map<String, String> modelByProviderModel = new HashMap<>();
    private final Model[] registry;

    RoutingTables(RouteplaneConfig config) {
        this.config = config;
        this.lanes = config.lanes();
        for (Model m : config.models().values()) {
            modelByProviderModel.put(m.provider() + "|" + m.providerModel(), m.id());
        }
        this.registry = config.models().values().toArray(new Model[0]);
    }

    /** The first lane whose match fits; the configuration guarantees a catch-all last lane. */
    Lane laneFor(Features f) {
        for (Lane lane : lanes) {
            if (lane.match().isEmpty() || matches(lane.match().get(), f)) {
                return lane;
            }
        }
        return lanes.get(lanes.size() - 1);
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

    /** True if {@code name} is a configured model id, a configured alias, or has a live binding. */
    boolean isKnownTarget(String name, LiveSignals live) {
        return config.models().containsKey(name) || config.aliases().containsKey(name) || live.alias(name) != null;
    }

    /**
     * Resolves a lane entry (model id or alias) to a candidate; a live binding on rp.aliases.v1 overrides the
     * configured one, and a weighted binding picks its target from a hash of the request id, so retries and
     * replays of one request land on the same side of a canary.
     *
     * @param trace receives a line when the entry went through an alias or could not be resolved
     * @return null when the entry resolves to no configured model
     */
    Candidate resolve(String entry, int order, String requestId, LiveSignals live, List<String> trace) {
        Model plain = config.models().get(entry);
        if (plain != null) {
            return candidate(entry, null, plain, plain.version(), order, false);
        }
        AliasBinding binding = live.alias(entry);
        if (binding == null) {
            String modelId = config.aliases().get(entry);
            Model m = modelId == null ? null : config.models().get(modelId);
            if (m == null) {
                trace.add("alias " + entry + ": no binding, skipped");
                return null;
            }
            trace.add("alias " + entry + " -> " + m.id() + " (config)");
            return candidate(entry, entry, m, m.version(), order, false);
        }
        String provider = binding.getProvider();
        String model = binding.getModel();
        String version = binding.getVersion();
        List<WeightedTarget> weights = binding.getWeights();
        String split = "";
        if (weights != null && !weights.isEmpty()) {
            long total = 0;
            for (WeightedTarget t : weights) {
                total += Math.max(0, t.getWeight());
            }
            if (total > 0) {
                long point = Math.floorMod(StableHash.hash(CANARY_SALT, requestId), total);
                for (WeightedTarget t : weights) {
                    point -= Math.max(0, t.getWeight());
                    if (point < 0) {
                        provider = t.getProvider();
                        model = t.getModel();
                        version = t.getVersion();
                        split = " (weight " + t.getWeight() + "/" + total + ")";
                        break;
                    }
                }
            }
        }
        Model m = findModel(provider, model);
        if (m == null) {
            trace.add("alias " + entry + " -> " + provider + "/" + model
                    + " (rp.aliases.v1): not a configured model, skipped");
            return null;
        }
        trace.add("alias " + entry + " -> " + m.id() + split + " (rp.aliases.v1, bound " + binding.getBoundAt() + ")");
        return candidate(entry, entry, m, version == null ? m.version() : version, order, false);
    }

    /** Every registry model not among {@code taken}, in file order, as widened candidates after the lane's. */
    List<Candidate> widen(List<Candidate> taken) {
        List<Candidate> extra = new ArrayList<>(registry.length);
        int order = 1000;
        for (Model m : registry) {
            boolean present = false;
            for (Candidate c : taken) {
                present |= c.model().id().equals(m.id());
            }
            if (!present) {
                extra.add(candidate(m.id(), null, m, m.version(), order++, true));
            }
        }
        return extra;
    }

    private Model findModel(String provider, String model) {
        Model m = config.models().get(model);
        if (m != null) {
            return m.provider().equals(provider) ? m : null;
        }
        String id = modelByProviderModel.get(provider + "|" + model);
        return id == null ? null : config.models().get(id);
    }

    private Candidate candidate(String listedAs, String alias, Model m, String version, int order, boolean widened) {
        Provider provider = config.providers().get(m.provider());
        return new Candidate(listedAs, alias, m, provider, version, order, widened);
    }
}
