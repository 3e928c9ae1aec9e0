package dev.routeplane.config;

import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Tenant policy, defined once: whether a request of a tenant, carrying some policy tags and of some data class, may
 * reach a provider. The router filters candidates with it and the executor re-checks every call with it (fallbacks,
 * cascade stages, escalations and shadow calls included), so the two cannot disagree. Rules apply in a fixed order
 * so "the rule that excluded the provider" is well defined: the provider allowlist, the region allowlist, each policy
 * tag, then the data-class rules of the request's class and of every less sensitive one (a REGULATED request must
 * also pass the tenant's CONFIDENTIAL rule). Stateless and thread-safe.
 */
public final class TenantPolicy {
    private static final DataClass[] DATA_CLASSES = DataClass.values();

    private TenantPolicy() {}

    /** A policy rule, in the order they are applied. */
    public enum Rule {
        ALLOWED_PROVIDERS,
        ALLOWED_REGIONS,
        TAG,
        DATA_CLASS_RULE
    }

    /**
     * Why a provider is excluded.
     *
     * @param rule   which kind of rule
     * @param path   the rule as routeplane.yaml spells it: {@code allowedProviders}, {@code allowedRegions},
     *               {@code tag eu_data_residency}, {@code dataClassRules[CONFIDENTIAL]}
     * @param reason what about the provider the rule refuses
     */
    public record Refusal(Rule rule, String path, String reason) {
        @Override
        public String toString() {
            return path + ": " + reason;
        }
    }

    /**
     * The tags a request of {@code tenant} carries: the tenant's defaults plus the request's own, matched to
     * {@link PolicyTag} by name ignoring case and surrounding blanks; unknown names carry no policy.
     */
    public static Set<PolicyTag> tags(Tenant tenant, Collection<String> requestTags) {
        Set<PolicyTag> tags =
                tenant.defaultTags().isEmpty() ? EnumSet.noneOf(PolicyTag.class) : EnumSet.copyOf(tenant.defaultTags());
        for (String name : requestTags) {
            for (PolicyTag tag : PolicyTag.values()) {
                if (name != null && tag.configName().equalsIgnoreCase(name.trim())) {
                    tags.add(tag);
                }
            }
        }
        return tags;
    }

    /**
     * Empty when a request of {@code tenant} with {@code tags} and data class {@code dataClass} may go to
     * {@code provider}; otherwise the first rule that excludes it.
     */
    public static Optional<Refusal> refusal(
            Tenant tenant, Set<PolicyTag> tags, DataClass dataClass, Provider provider) {
        if (!tenant.allowedProviders().isEmpty() && !tenant.allowedProviders().contains(provider.id())) {
            return Optional.of(new Refusal(
                    Rule.ALLOWED_PROVIDERS,
                    "allowedProviders",
                    "provider " + provider.id() + " not in " + tenant.allowedProviders()));
        }
        if (!tenant.allowedRegions().isEmpty() && !tenant.allowedRegions().contains(provider.region())) {
            return Optional.of(new Refusal(
                    Rule.ALLOWED_REGIONS,
                    "allowedRegions",
                    "region " + provider.region() + " not in " + tenant.allowedRegions()));
        }
        for (PolicyTag tag : tags) {
            if (!tag.admits(provider)) {
                return Optional.of(new Refusal(Rule.TAG, "tag " + tag.configName(), tagReason(tag, provider)));
            }
        }
        // More sensitive data inherits the restrictions of every less sensitive class.
        for (DataClass dc : DATA_CLASSES) {
            if (dc.ordinal() > dataClass.ordinal()) {
                break;
            }
            DataClassRule rule = tenant.dataClassRules().get(dc);
            if (rule != null && !rule.admits(provider)) {
                return Optional.of(new Refusal(
                        Rule.DATA_CLASS_RULE, "dataClassRules[" + dc.configName() + "]", ruleReason(rule, provider)));
            }
        }
        return Optional.empty();
    }

    private static String tagReason(PolicyTag tag, Provider provider) {
        return switch (tag) {
            case EU_DATA_RESIDENCY ->
                "region " + provider.region() + ", sovereignty "
                        + provider.sovereignty().configName() + " is not EU";
            case NO_TRAINING_ON_DATA -> "provider " + provider.id() + " trains on data";
        };
    }

    private static String ruleReason(DataClassRule rule, Provider provider) {
        if (!rule.allowedSovereignty().isEmpty() && !rule.allowedSovereignty().contains(provider.sovereignty())) {
            List<String> allowed = rule.allowedSovereignty().stream()
                    .map(Sovereignty::configName)
                    .toList();
            return "sovereignty " + provider.sovereignty().configName() + " not in " + allowed;
        }
        if (rule.requireNoTraining() && provider.trainsOnData()) {
            return "requires no training, provider " + provider.id() + " trains on data";
        }
        return "provider " + provider.id() + " not in " + rule.allowedProviders();
    }
}
