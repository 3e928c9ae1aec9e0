package dev.routeplane.config;

import dev.routeplane.config.internal.Copies;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A customer of the router and its policy (the {@code tenants:} section).
 *
 * @param id                     {@code [a-z0-9-]+}; the Kafka key of its requests, spend and results
 * @param displayName            for people
 * @param budget                 spending limit
 * @param allowedProviders       provider ids this tenant may use; empty = all
 * @param allowedRegions         provider regions this tenant may use; empty = all
 * @param dataClassRules         extra restrictions per data class
 * @param defaultTags            policy tags applied to every request of this tenant
 * @param toolsAllowed           tool names requests may use; empty = no tools
 * @param toolsRequiringApproval tools whose calls wait for human approval; a subset of toolsAllowed
 * @param qualityTier            cost/quality trade-off
 * @param apiKeys                keys for Routeplane's HTTP API
 * @param providerKeys           bring-your-own provider keys, by provider id, used instead of the provider's
 *                               key profiles for this tenant
 * @param providerBatch          whether the tenant's batch work may run through providers' own batch APIs at their
 *                               batch price (opt-in: a provider batch may take up to the provider's turnaround,
 *                               typically 24 h, where synchronous batch work finishes as fast as rate limits allow)
 */
public record Tenant(
        String id,
        String displayName,
        Budget budget,
        Set<String> allowedProviders,
        Set<String> allowedRegions,
        Map<DataClass, DataClassRule> dataClassRules,
        Set<PolicyTag> defaultTags,
        Set<String> toolsAllowed,
        Set<String> toolsRequiringApproval,
        QualityTier qualityTier,
        List<ApiKeyRef> apiKeys,
        Map<String, SecretRef> providerKeys,
        boolean providerBatch) {

    /** A tenant whose batch work always runs as synchronous calls. */
    public Tenant(
            String id,
            String displayName,
            Budget budget,
            Set<String> allowedProviders,
            Set<String> allowedRegions,
            Map<DataClass, DataClassRule> dataClassRules,
            Set<PolicyTag> defaultTags,
            Set<String> toolsAllowed,
            Set<String> toolsRequiringApproval,
            QualityTier qualityTier,
            List<ApiKeyRef> apiKeys,
            Map<String, SecretRef> providerKeys) {
        this(
                id,
                displayName,
                budget,
                allowedProviders,
                allowedRegions,
                dataClassRules,
                defaultTags,
                toolsAllowed,
                toolsRequiringApproval,
                qualityTier,
                apiKeys,
                providerKeys,
                false);
    }

    public Tenant {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(displayName, "displayName");
        Objects.requireNonNull(budget, "budget");
        Objects.requireNonNull(qualityTier, "qualityTier");
        allowedProviders = Copies.orderedSet(allowedProviders);
        allowedRegions = Copies.orderedSet(allowedRegions);
        dataClassRules = Copies.orderedMap(dataClassRules);
        defaultTags = Copies.orderedSet(defaultTags);
        toolsAllowed = Copies.orderedSet(toolsAllowed);
        toolsRequiringApproval = Copies.orderedSet(toolsRequiringApproval);
        apiKeys = Copies.list(apiKeys);
        providerKeys = Copies.orderedMap(providerKeys);
    }

    /** This tenant with {@code providerBatch} set as given. */
    public Tenant withProviderBatch(boolean allowed) {
        return new Tenant(
                id,
                displayName,
                budget,
                allowedProviders,
                allowedRegions,
                dataClassRules,
                defaultTags,
                toolsAllowed,
                toolsRequiringApproval,
                qualityTier,
                apiKeys,
                providerKeys,
                allowed);
    }

    /**
     * True if the tenant's provider and region allowlists admit {@code provider}. Tags and data-class rules
     * are separate checks ({@link PolicyTag#admits}, {@link DataClassRule#admits}).
     */
    public boolean allowsProvider(Provider provider) {
        return (allowedProviders.isEmpty() || allowedProviders.contains(provider.id()))
                && (allowedRegions.isEmpty() || allowedRegions.contains(provider.region()));
    }

    /** The extra rule for {@code dataClass}, if the tenant has one. */
    public Optional<DataClassRule> ruleFor(DataClass dataClass) {
        return Optional.ofNullable(dataClassRules.get(dataClass));
    }
}
