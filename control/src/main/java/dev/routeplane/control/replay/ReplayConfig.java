package dev.routeplane.control.replay;

import dev.routeplane.config.RouteplaneConfig;
import dev.routeplane.simulator.RecordedAnswer;
import dev.routeplane.simulator.ReplayDataset;
import dev.routeplane.simulator.ReplaySample;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A {@code routeplane.yaml} for replaying a recorded data set: every recorded model becomes a routable model, served by
 * a provider named after its vendor (the part of the model name before {@code /} or the first {@code -}), all in one
 * catch-all lane, so that routing is left entirely to the selector (nothing in it knows the tasks); the lane's cascade
 * pool is every model priced at most a fifth of the dearest one. Two tenants:
 * {@value #EVAL_TENANT}, whose recorded evaluation runs are pinned to one model per request, and
 * {@value #ROUTED_TENANT}, the traffic under measurement, at the standard quality tier.
 *
 * <p>Recorded data has costs but no token counts, so each model's list price (one price for input and output) is
 * its recorded train-split cost per estimated token (four characters of prompt and answer). Prices only seed cost
 * estimates and budget reservations: calls are billed at their recorded cost either way, and the learned selector
 * prices routes from the ledger's billed averages once it has them.
 */
public final class ReplayConfig {
    /** Tenant of pinned evaluation traffic (train feedback sweeps, gate evaluations). */
    public static final String EVAL_TENANT = "bench-eval";
    /** Tenant of routed traffic whose accuracy and cost are measured. */
    public static final String ROUTED_TENANT = "bench";
    /** Models priced at most 1/this of the dearest model's price may be a cascade's cheap stages. */
    static final int CASCADE_PRICE_RATIO = 5;

    private final RouteplaneConfig config;
    private final Map<String, String> modelIdByWire;
    private final Map<String, String> wireByModelId;
    private final List<String> modelIds;

    private ReplayConfig(RouteplaneConfig config, Map<String, String> modelIdByWire) {
        this.config = config;
        this.modelIds = List.copyOf(modelIdByWire.values());
        this.modelIdByWire = Map.copyOf(modelIdByWire);
        Map<String, String> inverse = new LinkedHashMap<>();
        modelIdByWire.forEach((wire, id) -> inverse.put(id, wire));
        this.wireByModelId = Map.copyOf(inverse);
    }

    /** The configuration for {@code dataset}, loaded from {@code dir}. */
    public static ReplayConfig of(ReplayDataset dataset, Path dir) {
        return of(dataset, dir, Map.of());
    }

    /**
     * As {@link #of(ReplayDataset, Path)}, with aliases bound in the configuration.
     *
     * @param aliases alias name to a recorded model name or its model id
     */
    public static ReplayConfig of(ReplayDataset dataset, Path dir, Map<String, String> aliases) {
        Map<String, String> ids = new LinkedHashMap<>();
        Set<String> providers = new LinkedHashSet<>();
        for (String wire : dataset.models()) {
            String id = sanitize(wire);
            if (ids.containsValue(id)) {
                throw new IllegalArgumentException(
                        "models " + wire + " and another one map to the same id " + id + " in " + dir);
            }
            ids.put(wire, id);
            providers.add(vendor(wire));
        }
        Map<String, double[]> perToken = new LinkedHashMap<>();
        for (ReplaySample s : dataset.samples()) {
            if (!s.split().equals("train")) {
                continue;
            }
            for (RecordedAnswer a : s.answers().values()) {
                double[] acc = perToken.computeIfAbsent(a.model(), k -> new double[2]);
                acc[0] += a.costMicros();
                acc[1] += (s.prompt().length() + a.response().length()) / 4.0;
            }
        }
        StringBuilder y = new StringBuilder(4096);
        y.append("router:\n  maxPromptTokens: 200000\n  defaultMaxOutputTokens: 1024\n  explorationShare: 0.02\n");
        y.append("providers:\n");
        for (String p : providers) {
            y.append("  ")
                    .append(p)
                    .append(":\n")
                    .append("    kind: openai-compatible\n")
                    .append("    baseUrl: http://localhost:1/")
                    .append(p)
                    .append("/v1\n")
                    .append("    region: local\n    sovereignty: local\n    trainsOnData: false\n")
                    .append(
                            "    keyProfiles:\n      - { id: replay, rpm: 1000000, tpm: 2000000000, maxInFlight: 256 }\n");
        }
        y.append("models:\n");
        Map<String, BigDecimal> prices = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : ids.entrySet()) {
            double[] acc = perToken.get(e.getKey());
            prices.put(
                    e.getValue(),
                    acc == null || acc[1] == 0
                            ? BigDecimal.ONE
                            : BigDecimal.valueOf(acc[0] / acc[1])
                                    .setScale(6, RoundingMode.HALF_UP)
                                    .max(new BigDecimal("0.000001")));
        }
        for (Map.Entry<String, String> e : ids.entrySet()) {
            String price = prices.get(e.getValue()).toPlainString();
            y.append("  ")
                    .append(e.getValue())
                    .append(":\n")
                    .append("    provider: ")
                    .append(vendor(e.getKey()))
                    .append('\n')
                    .append("    providerModel: \"")
                    .append(e.getKey())
                    .append("\"\n")
                    .append("    version: \"recorded\"\n")
                    .append("    contextWindow: 200000\n    maxOutputTokens: 4096\n    capabilities: []\n")
                    .append("    tier: open-weights\n    qualityPrior: 0.5\n    latencyPriorMs: 1000\n")
                    .append("    prices:\n      - { effectiveFrom: 2020-01-01, inputPerMillion: \"")
                    .append(price)
                    .append("\", outputPerMillion: \"")
                    .append(price)
                    .append("\" }\n");
        }
        if (!aliases.isEmpty()) {
            y.append("aliases:\n");
            for (Map.Entry<String, String> a : new java.util.TreeMap<>(aliases).entrySet()) {
                String target = ids.containsKey(a.getValue()) ? ids.get(a.getValue()) : a.getValue();
                if (!ids.containsValue(target)) {
                    throw new IllegalArgumentException("alias " + a.getKey() + " names " + a.getValue()
                            + ", which is not a recorded model of " + dir + "; recorded: " + ids.keySet());
                }
                y.append("  ").append(a.getKey()).append(": ").append(target).append('\n');
            }
        }
        // Cascade pool: every model at most a fifth of the dearest one's price (a fact of the price book, not of
        // tasks).
        BigDecimal dearest = prices.values().stream().max(BigDecimal::compareTo).orElse(BigDecimal.ONE);
        List<String> cheap = prices.entrySet().stream()
                .filter(p -> p.getValue()
                                .multiply(BigDecimal.valueOf(CASCADE_PRICE_RATIO))
                                .compareTo(dearest)
                        <= 0)
                .map(Map.Entry::getKey)
                .toList();
        y.append("lanes:\n  - name: default\n    description: Every recorded model; the selector decides.\n")
                .append("    candidates: [")
                .append(String.join(", ", ids.values()))
                .append("]\n");
        if (!cheap.isEmpty()) {
            y.append("    cascade: [").append(String.join(", ", cheap)).append("]\n");
        }
        y.append("tenants:\n");
        for (String t : List.of(EVAL_TENANT, ROUTED_TENANT)) {
            y.append("  ")
                    .append(t)
                    .append(":\n    displayName: ")
                    .append(t)
                    .append('\n')
                    .append("    budget: { period: monthly, limitUsd: \"1000000.00\" }\n")
                    .append("    qualityTier: standard\n");
        }
        return new ReplayConfig(RouteplaneConfig.parse(y.toString(), "replay configuration for " + dir), ids);
    }

    public RouteplaneConfig config() {
        return config;
    }

    /** The Routeplane model id of a recorded (wire) model name. */
    public String modelId(String wireModel) {
        String id = modelIdByWire.get(wireModel);
        if (id == null) {
            throw new IllegalArgumentException("no model for recorded name " + wireModel);
        }
        return id;
    }

    /** The recorded (wire) model name of a Routeplane model id. */
    public String wireModel(String modelId) {
        String wire = wireByModelId.get(modelId);
        if (wire == null) {
            throw new IllegalArgumentException("no recorded model for model id " + modelId);
        }
        return wire;
    }

    /** Routeplane model ids, in the data set's order. */
    public List<String> modelIds() {
        return modelIds;
    }

    static String sanitize(String wire) {
        String id = wire.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-+|-+$", "");
        return id.isEmpty() ? "model" : id;
    }

    static String vendor(String wire) {
        int slash = wire.indexOf('/');
        String head = slash > 0 ? wire.substring(0, slash) : wire.split("-", 2)[0];
        return sanitize(head);
    }
}
