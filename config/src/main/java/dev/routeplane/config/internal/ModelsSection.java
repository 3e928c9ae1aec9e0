package dev.routeplane.config.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.routeplane.config.Capability;
import dev.routeplane.config.Model;
import dev.routeplane.config.ModelPrice;
import dev.routeplane.config.ModelTier;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Reads {@code models:}: what each model is, which provider serves it, its priors and its price history. */
final class ModelsSection {
    private ModelsSection() {}

    static Parsed<Model> parse(YamlMap root, Set<String> providers) {
        Problems problems = root.problems();
        Set<String> declared = new LinkedHashSet<>();
        Map<String, Model> built = new LinkedHashMap<>();
        List<YamlMap.Item> entries = root.entries("models", true);
        if (entries.isEmpty() && root.get("models") != null) {
            problems.add("models", "declare at least one model");
        }
        for (YamlMap.Item entry : entries) {
            declared.add(entry.key());
            int mark = problems.count();
            String id = Scalars.checkId(entry.key(), entry.path(), "model id", problems);
            YamlMap m = YamlMap.of(entry.node(), entry.path(), problems);
            if (m == null) {
                continue;
            }
            String provider = m.requiredText("provider");
            if (provider != null) {
                References.check(provider, providers, "provider", m.path("provider"), problems);
            }
            String providerModel = m.requiredText("providerModel");
            String version = m.requiredText("version");
            Long contextWindow = m.requiredInteger("contextWindow", 1, Integer.MAX_VALUE);
            Long maxOutput = m.requiredInteger("maxOutputTokens", 1, Integer.MAX_VALUE);
            if (contextWindow != null && maxOutput != null && maxOutput > contextWindow) {
                problems.add(
                        m.path("maxOutputTokens"),
                        "must not exceed contextWindow (" + contextWindow + "), was " + maxOutput);
            }
            Set<Capability> capabilities =
                    m.enumSet("capabilities", "capability", Capability.values(), Capability::configName);
            ModelTier tier = m.requiredEnum("tier", "tier", ModelTier.values(), ModelTier::configName);
            Double qualityPrior = m.requiredDecimal("qualityPrior", 0.0, 1.0);
            Long latencyPriorMs = m.requiredInteger("latencyPriorMs", 1, Long.MAX_VALUE);
            List<ModelPrice> prices = prices(m);
            m.rejectUnknownKeys();
            if (problems.count() == mark) {
                built.put(
                        id,
                        new Model(
                                id,
                                provider,
                                providerModel,
                                version,
                                contextWindow.intValue(),
                                maxOutput.intValue(),
                                capabilities,
                                tier,
                                qualityPrior,
                                latencyPriorMs,
                                prices));
            }
        }
        return new Parsed<>(declared, built);
    }

    private static List<ModelPrice> prices(YamlMap model) {
        Problems problems = model.problems();
        List<YamlMap.Item> items = model.list("prices", true);
        if (items.isEmpty() && model.get("prices") != null) {
            problems.add(model.path("prices"), "declare at least one price; every call must be billable");
        }
        List<ModelPrice> prices = new ArrayList<>();
        LocalDate previous = null;
        for (YamlMap.Item item : items) {
            YamlMap p = YamlMap.of(item.node(), item.path(), problems);
            if (p == null) {
                continue;
            }
            JsonNode dateNode = p.require("effectiveFrom");
            LocalDate from = dateNode == null ? null : Scalars.date(dateNode, p.path("effectiveFrom"), problems);
            Long input = micros(p, "inputPerMillion");
            Long output = micros(p, "outputPerMillion");
            // The providers' batch APIs charge half unless the price book says otherwise.
            Long batchInput = optionalMicros(p, "batchInputPerMillion");
            Long batchOutput = optionalMicros(p, "batchOutputPerMillion");
            p.rejectUnknownKeys();
            if (from != null && previous != null && !from.isAfter(previous)) {
                // Overlapping or unordered entries would make "the price in force" ambiguous.
                problems.add(
                        p.path("effectiveFrom"),
                        from + " must be after the previous entry's " + previous
                                + "; list prices oldest first with distinct dates");
            }
            if (from != null) {
                previous = from;
            }
            if (from != null && input != null && output != null) {
                prices.add(new ModelPrice(
                        from,
                        input,
                        output,
                        batchInput != null ? batchInput : ModelPrice.halfOf(input),
                        batchOutput != null ? batchOutput : ModelPrice.halfOf(output)));
            }
        }
        return prices;
    }

    private static Long optionalMicros(YamlMap price, String key) {
        JsonNode node = price.get(key);
        return node == null ? null : Scalars.micros(node, price.path(key), price.problems());
    }

    private static Long micros(YamlMap price, String key) {
        JsonNode node = price.require(key);
        return node == null ? null : Scalars.micros(node, price.path(key), price.problems());
    }
}
