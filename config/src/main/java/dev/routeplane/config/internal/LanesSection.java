package dev.routeplane.config.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.routeplane.config.Capability;
import dev.routeplane.config.ContextBand;
import dev.routeplane.config.DataClass;
import dev.routeplane.config.Lane;
import dev.routeplane.config.LaneMatch;
import dev.routeplane.config.LatencyClass;
import dev.routeplane.config.Model;
import dev.routeplane.config.Shadow;
import dev.routeplane.config.TaskType;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/** Reads the ordered {@code lanes:} list; first match wins, and the last lane must catch everything else. */
final class LanesSection {
    private final Problems problems;
    private final Set<String> routable;
    private final Map<String, Model> models;
    private final Map<String, String> aliases;

    private LanesSection(
            Problems problems, Set<String> routable, Map<String, Model> models, Map<String, String> aliases) {
        this.problems = problems;
        this.routable = routable;
        this.models = models;
        this.aliases = aliases;
    }

    /**
     * @param routable every declared model id and alias
     * @param models   the models that parsed cleanly, for capability checks
     * @param aliases  the aliases that parsed cleanly
     */
    static List<Lane> parse(
            YamlMap root, Set<String> routable, Map<String, Model> models, Map<String, String> aliases) {
        return new LanesSection(root.problems(), routable, models, aliases).lanes(root);
    }

    private List<Lane> lanes(YamlMap root) {
        List<YamlMap.Item> items = root.list("lanes", true);
        if (items.isEmpty() && root.get("lanes") != null) {
            problems.add("lanes", "declare at least one lane; the last one, without 'match', catches every request");
        }
        List<Lane> lanes = new ArrayList<>();
        Set<String> names = new HashSet<>();
        boolean lastIsCatchAll = false;
        String catchAllPath = null;
        for (YamlMap.Item item : items) {
            if (catchAllPath != null) {
                problems.add(
                        catchAllPath,
                        "this lane has no 'match', so it takes every request and the lanes"
                                + " after it can never be used; give it a match or move it to the end");
                catchAllPath = null;
            }
            YamlMap l = YamlMap.of(item.node(), item.path(), problems);
            if (l == null) {
                lastIsCatchAll = false;
                continue;
            }
            int mark = problems.count();
            JsonNode nameNode = l.require("name");
            String name = nameNode == null ? null : Scalars.id(nameNode, l.path("name"), "lane name", problems);
            if (name != null && !names.add(name)) {
                problems.add(l.path("name"), "lane name '" + name + "' is used twice; lane names must be unique");
            }
            String description = l.requiredText("description");
            YamlMap matchMap = l.child("match", false);
            LaneMatch match = matchMap == null ? null : match(matchMap);
            lastIsCatchAll = l.get("match") == null;
            if (lastIsCatchAll) {
                catchAllPath = item.path();
            }
            List<String> candidates = routes(l, "candidates", true);
            if (match != null && match.needsTools().orElse(false)) {
                requireCapability(l, candidates, Capability.TOOLS, "needsTools");
            }
            if (match != null && match.needsJson().orElse(false)) {
                requireCapability(l, candidates, Capability.JSON, "needsJson");
            }
            JsonNode maxOutputNode = l.get("maxOutputTokens");
            Long maxOutput = maxOutputNode == null
                    ? null
                    : Scalars.integer(maxOutputNode, l.path("maxOutputTokens"), 1, Integer.MAX_VALUE, problems);
            List<String> cascade = routes(l, "cascade", false);
            Shadow shadow = shadow(l.child("shadow", false));
            l.rejectUnknownKeys();
            if (problems.count() == mark) {
                lanes.add(new Lane(
                        name,
                        description,
                        Optional.ofNullable(match),
                        candidates,
                        maxOutput == null ? OptionalInt.empty() : OptionalInt.of(maxOutput.intValue()),
                        cascade,
                        Optional.ofNullable(shadow)));
            }
        }
        if (!items.isEmpty() && !lastIsCatchAll) {
            problems.add(
                    Paths.index("lanes", items.size() - 1),
                    "the last lane must be a catch-all without"
                            + " 'match', so every request finds a lane; add a final lane such as"
                            + " {name: default, description: ..., candidates: [...]}");
        }
        return lanes;
    }

    private LaneMatch match(YamlMap m) {
        Set<TaskType> taskTypes = m.enumSet("taskType", "task type", TaskType.values(), TaskType::name);
        Set<LatencyClass> latency =
                m.enumSet("latencyClass", "latency class", LatencyClass.values(), LatencyClass::name);
        Set<DataClass> dataClasses = m.enumSet("dataClass", "data class", DataClass.values(), DataClass::name);
        Set<ContextBand> bands = m.enumSet("contextBand", "context band", ContextBand.values(), ContextBand::name);
        Optional<Boolean> needsTools = Optional.ofNullable(m.optionalBoolean("needsTools"));
        Optional<Boolean> needsJson = Optional.ofNullable(m.optionalBoolean("needsJson"));
        Optional<Boolean> multilingual = Optional.ofNullable(m.optionalBoolean("multilingual"));
        m.rejectUnknownKeys();
        if (m.keys().isEmpty()) {
            // An empty match is a catch-all in disguise; say so rather than guess which was meant.
            problems.add(
                    m.path(),
                    "has no conditions; give at least one (taskType, latencyClass, dataClass,"
                            + " contextBand, needsTools, needsJson, multilingual) or remove 'match' for the catch-all lane");
        }
        return new LaneMatch(taskTypes, latency, dataClasses, bands, needsTools, needsJson, multilingual);
    }

    private List<String> routes(YamlMap lane, String key, boolean required) {
        Set<String> refs = lane.set(key, required, (node, path) -> {
            String ref = Scalars.text(node, path, problems);
            return ref != null
                            && References.check(ref, routable, "model or alias", "models and aliases", path, problems)
                    ? ref
                    : null;
        });
        if (required && refs.isEmpty() && lane.get(key) != null) {
            problems.add(lane.path(key), "list at least one model or alias");
        }
        return List.copyOf(refs);
    }

    private void requireCapability(YamlMap lane, List<String> candidates, Capability capability, String condition) {
        for (int i = 0; i < candidates.size(); i++) {
            String ref = candidates.get(i);
            Model model = models.get(aliases.getOrDefault(ref, ref));
            if (model != null && !model.has(capability)) {
                problems.add(
                        Paths.index(lane.path("candidates"), i),
                        "model '" + model.id() + "' lacks capability '"
                                + capability.configName() + "' that this lane's match." + condition + " requires;"
                                + " remove it or add the capability to the model");
            }
        }
    }

    private Shadow shadow(YamlMap s) {
        if (s == null) {
            return null;
        }
        int mark = problems.count();
        String model = s.requiredText("model");
        if (model != null) {
            References.check(model, routable, "model or alias", "models and aliases", s.path("model"), problems);
        }
        Double share = s.requiredDecimal("share", 0.0, 1.0);
        s.rejectUnknownKeys();
        return problems.count() == mark ? new Shadow(model, share) : null;
    }
}
