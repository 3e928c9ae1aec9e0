package dev.routeplane.config.internal;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Reads {@code aliases:}, the initial alias → model bindings (live rebindings arrive later on the alias topic).
 * An alias points at a model id, never at another alias, so resolution is one lookup and a rollback is one event.
 */
final class AliasesSection {
    private AliasesSection() {}

    static Parsed<String> parse(YamlMap root, Set<String> models) {
        Problems problems = root.problems();
        Map<String, String> built = new LinkedHashMap<>();
        Map<String, String> declared = new LinkedHashMap<>();
        for (YamlMap.Item entry : root.entries("aliases", false)) {
            declared.put(entry.key(), entry.key());
            int mark = problems.count();
            String alias = Scalars.checkId(entry.key(), entry.path(), "alias", problems);
            if (alias != null && models.contains(alias)) {
                problems.add(
                        entry.path(),
                        "alias '" + alias + "' has the same name as a model; lanes could not"
                                + " tell which one they mean, so rename the alias");
            }
            JsonNode target = entry.node();
            String model = Scalars.text(target, entry.path(), problems);
            if (model != null) {
                References.check(model, models, "model", entry.path(), problems);
            }
            if (problems.count() == mark) {
                built.put(alias, model);
            }
        }
        return new Parsed<>(declared.keySet(), built);
    }
}
