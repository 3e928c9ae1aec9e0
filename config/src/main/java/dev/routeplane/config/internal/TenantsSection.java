package dev.routeplane.config.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.routeplane.config.ApiKeyRef;
import dev.routeplane.config.ApiKeyRole;
import dev.routeplane.config.Budget;
import dev.routeplane.config.BudgetPeriod;
import dev.routeplane.config.DataClass;
import dev.routeplane.config.DataClassRule;
import dev.routeplane.config.PolicyTag;
import dev.routeplane.config.Provider;
import dev.routeplane.config.QualityTier;
import dev.routeplane.config.SecretRef;
import dev.routeplane.config.Sovereignty;
import dev.routeplane.config.Tenant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/** Reads {@code tenants:}: budgets, allowlists, data-class rules, tools and key references. */
final class TenantsSection {
    /** The tool-name rule of the OpenAI and Anthropic tool APIs. */
    private static final Pattern TOOL_NAME = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    private final Problems problems;
    private final Parsed<Provider> providers;
    private final Set<String> regions = new TreeSet<>();
    private final Set<String> apiKeyIds = new HashSet<>();

    private TenantsSection(Problems problems, Parsed<Provider> providers) {
        this.problems = problems;
        this.providers = providers;
        providers.built().values().forEach(p -> regions.add(p.region()));
    }

    static Map<String, Tenant> parse(YamlMap root, Parsed<Provider> providers) {
        TenantsSection section = new TenantsSection(root.problems(), providers);
        Map<String, Tenant> tenants = new LinkedHashMap<>();
        for (YamlMap.Item entry : root.entries("tenants", false)) {
            Tenant tenant = section.tenant(entry);
            if (tenant != null) {
                tenants.put(tenant.id(), tenant);
            }
        }
        return tenants;
    }

    private Tenant tenant(YamlMap.Item entry) {
        int mark = problems.count();
        // Tenant ids are the Kafka key of requests, spend and results.
        String id = Scalars.checkId(entry.key(), entry.path(), "tenant id", problems);
        YamlMap t = YamlMap.of(entry.node(), entry.path(), problems);
        if (t == null) {
            return null;
        }
        String displayName = t.requiredText("displayName");
        Budget budget = budget(t.child("budget", true));
        Set<String> allowedProviders = providerSet(t, "allowedProviders");
        Set<String> allowedRegions = t.set("allowedRegions", false, (n, p) -> {
            String region = Scalars.text(n, p, problems);
            boolean checkable = providers.complete();
            return region != null && (!checkable || References.check(region, regions, "region", p, problems))
                    ? region
                    : null;
        });
        Map<DataClass, DataClassRule> rules = dataClassRules(t);
        Set<PolicyTag> tags = t.enumSet("defaultTags", "policy tag", PolicyTag.values(), PolicyTag::configName);
        Set<String> toolsAllowed = t.set("toolsAllowed", false, this::toolName);
        Set<String> approval = t.set("toolsRequiringApproval", false, (n, p) -> {
            String tool = toolName(n, p);
            if (tool != null && !toolsAllowed.contains(tool)) {
                problems.add(p, "tool '" + tool + "' requires approval but is not in toolsAllowed; add it there");
                return null;
            }
            return tool;
        });
        QualityTier tier = t.enumOr(
                "qualityTier", QualityTier.STANDARD, "quality tier", QualityTier.values(), QualityTier::configName);
        List<ApiKeyRef> apiKeys = apiKeys(t);
        Map<String, SecretRef> providerKeys = new LinkedHashMap<>();
        for (YamlMap.Item key : t.entries("providerKeys", false)) {
            SecretRef ref = secretRef(key.node(), key.path());
            if (References.check(key.key(), providers.declared(), "provider", key.path(), problems) && ref != null) {
                providerKeys.put(key.key(), ref);
            }
        }
        Boolean providerBatch = t.optionalBoolean("providerBatch");
        t.rejectUnknownKeys();
        if (problems.count() != mark) {
            return null;
        }
        Tenant tenant = new Tenant(
                id,
                displayName,
                budget,
                allowedProviders,
                allowedRegions,
                rules,
                tags,
                toolsAllowed,
                approval,
                tier,
                apiKeys,
                providerKeys,
                Boolean.TRUE.equals(providerBatch));
        if (providers.complete()) {
            checkSomeProviderRemains(tenant, t);
        }
        return tenant;
    }

    private Budget budget(YamlMap b) {
        if (b == null) {
            return null;
        }
        BudgetPeriod period =
                b.requiredEnum("period", "budget period", BudgetPeriod.values(), BudgetPeriod::configName);
        JsonNode limitNode = b.require("limitUsd");
        Long limit = limitNode == null ? null : Scalars.micros(limitNode, b.path("limitUsd"), problems);
        if (limit != null && limit == 0) {
            problems.add(b.path("limitUsd"), "must be greater than 0; remove the tenant to stop its traffic");
            limit = null;
        }
        b.rejectUnknownKeys();
        return period == null || limit == null ? null : new Budget(period, limit);
    }

    private Set<String> providerSet(YamlMap map, String key) {
        return map.set(key, false, (n, p) -> {
            String provider = Scalars.text(n, p, problems);
            return provider != null && References.check(provider, providers.declared(), "provider", p, problems)
                    ? provider
                    : null;
        });
    }

    private Map<DataClass, DataClassRule> dataClassRules(YamlMap tenant) {
        Map<DataClass, DataClassRule> rules = new EnumMap<>(DataClass.class);
        for (YamlMap.Item entry : tenant.entries("dataClassRules", false)) {
            DataClass dataClass = null;
            for (DataClass candidate : DataClass.values()) {
                if (candidate.name().equals(entry.key())) {
                    dataClass = candidate;
                }
            }
            if (dataClass == null) {
                List<String> known =
                        Arrays.stream(DataClass.values()).map(Enum::name).toList();
                problems.add(
                        entry.path(),
                        "unknown data class '" + entry.key() + "';" + Suggest.hint(entry.key(), known)
                                + " known values: " + String.join(", ", known));
            }
            YamlMap r = YamlMap.of(entry.node(), entry.path(), problems);
            if (r == null) {
                continue;
            }
            int mark = problems.count();
            Set<Sovereignty> sovereignty =
                    r.enumSet("allowedSovereignty", "sovereignty", Sovereignty.values(), Sovereignty::configName);
            Boolean noTraining = r.optionalBoolean("requireNoTraining");
            Set<String> allowed = providerSet(r, "allowedProviders");
            r.rejectUnknownKeys();
            if (dataClass != null && problems.count() == mark) {
                rules.put(dataClass, new DataClassRule(sovereignty, Boolean.TRUE.equals(noTraining), allowed));
            }
        }
        return rules;
    }

    private List<ApiKeyRef> apiKeys(YamlMap tenant) {
        List<ApiKeyRef> keys = new ArrayList<>();
        for (YamlMap.Item item : tenant.list("apiKeys", false)) {
            YamlMap k = YamlMap.of(item.node(), item.path(), problems);
            if (k == null) {
                continue;
            }
            JsonNode idNode = k.require("id");
            String id = idNode == null ? null : Scalars.id(idNode, k.path("id"), "API key id", problems);
            if (id != null && !apiKeyIds.add(id)) {
                // Audit records name the key id alone, so it must identify one tenant's key.
                problems.add(
                        k.path("id"), "API key id '" + id + "' is already used; key ids are unique across tenants");
                id = null;
            }
            JsonNode refNode = k.require("secretRef");
            SecretRef ref = refNode == null ? null : secretRef(refNode, k.path("secretRef"));
            Set<ApiKeyRole> roles = k.enumSet("roles", "API key role", ApiKeyRole.values(), ApiKeyRole::configName);
            k.rejectUnknownKeys();
            if (id != null && ref != null) {
                keys.add(new ApiKeyRef(id, ref, roles));
            }
        }
        return keys;
    }

    /** Parses {@code env:NAME} or {@code file:PATH}. Never echoes the text: it may be a pasted key. */
    private SecretRef secretRef(JsonNode node, String path) {
        String text = node.isTextual() ? node.textValue().strip() : "";
        if (text.startsWith("env:") && SecretRef.isValidEnvName(text.substring(4))) {
            return SecretRef.env(text.substring(4));
        }
        if (text.startsWith("file:") && !text.substring(5).isBlank()) {
            return SecretRef.file(text.substring(5));
        }
        problems.add(path, "expected a reference 'env:NAME' or 'file:PATH' (the key itself never goes in this file)");
        return null;
    }

    private String toolName(JsonNode node, String path) {
        String tool = Scalars.text(node, path, problems);
        if (tool != null && !TOOL_NAME.matcher(tool).matches()) {
            problems.add(path, "tool name '" + tool + "' is invalid; use 1 to 64 letters, digits, '_' or '-'");
            return null;
        }
        return tool;
    }

    /** A policy no provider can satisfy rejects every request; that is a configuration mistake, caught here. */
    private void checkSomeProviderRemains(Tenant tenant, YamlMap t) {
        List<Provider> eligible = providers.built().values().stream()
                .filter(tenant::allowsProvider)
                .filter(p -> tenant.defaultTags().stream().allMatch(tag -> tag.admits(p)))
                .toList();
        if (eligible.isEmpty()) {
            problems.add(
                    t.path(),
                    "no provider satisfies allowedProviders, allowedRegions and defaultTags together,"
                            + " so every request of this tenant would be rejected; widen one of them");
            return;
        }
        tenant.dataClassRules().forEach((dataClass, rule) -> {
            if (eligible.stream().noneMatch(rule::admits)) {
                problems.add(
                        Paths.key(t.path("dataClassRules"), dataClass.name()),
                        "no provider satisfies this rule"
                                + " together with the tenant's allowedProviders, allowedRegions and defaultTags, so every "
                                + dataClass.name() + " request would be rejected; widen the rule or add a provider");
            }
        });
    }
}
