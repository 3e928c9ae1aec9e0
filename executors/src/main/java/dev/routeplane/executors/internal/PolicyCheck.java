package dev.routeplane.executors.internal;

import dev.routeplane.config.DataClass;
import dev.routeplane.config.DataClassRule;
import dev.routeplane.config.Model;
import dev.routeplane.config.PolicyTag;
import dev.routeplane.config.Provider;
import dev.routeplane.config.RouteplaneConfig;
import dev.routeplane.config.Tenant;
import dev.routeplane.contract.ExecutionTask;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;

/**
 * The executor's re-check of tenant policy before any call, fallbacks included: provider and region allowlists,
 * policy tags (request tags plus the tenant's defaults) and the data-class rule, with the same definitions the router
 * uses ({@link Tenant#allowsProvider}, {@link PolicyTag#admits}, {@link DataClassRule#admits}). Thread-safe.
 */
public final class PolicyCheck {
    private final RouteplaneConfig config;

    public PolicyCheck(RouteplaneConfig config) {
        this.config = config;
    }

    /** Empty when {@code task}'s request may go to {@code providerId}; otherwise why not. */
    public Optional<String> refusal(ExecutionTask task, String providerId) {
        String tenantId = task.getRequest().getTenantId();
        Tenant tenant = config.tenants().get(tenantId);
        if (tenant == null) {
            return Optional.of("tenant '" + tenantId + "' is not configured");
        }
        Provider provider = config.providers().get(providerId);
        if (provider == null) {
            return Optional.of("provider '" + providerId + "' is not configured");
        }
        if (!tenant.allowsProvider(provider)) {
            return Optional.of("tenant '" + tenantId + "' does not allow provider '" + providerId + "' (region "
                    + provider.region() + ")");
        }
        for (PolicyTag tag : tags(task, tenant)) {
            if (!tag.admits(provider)) {
                return Optional.of("tag " + tag.configName() + " excludes provider '" + providerId + "'");
            }
        }
        Optional<DataClass> dataClass =
                DataClass.parse(task.getDecision().getPolicy().getDataClass());
        if (dataClass.isPresent()) {
            Optional<DataClassRule> rule = tenant.ruleFor(dataClass.get());
            if (rule.isPresent() && !rule.get().admits(provider)) {
                return Optional.of("data class " + dataClass.get().configName() + " rule of tenant '" + tenantId
                        + "' excludes provider '" + providerId + "'");
            }
        }
        return Optional.empty();
    }

    /**
     * The configured model a route names on a provider: by Routeplane model id, else by the wire id
     * ({@code providerModel}); empty when the provider serves no such model.
     */
    public Optional<Model> model(String providerId, String modelOrWireId) {
        Model byId = config.models().get(modelOrWireId);
        if (byId != null && byId.provider().equals(providerId)) {
            return Optional.of(byId);
        }
        return config.models().values().stream()
                .filter(m ->
                        m.provider().equals(providerId) && m.providerModel().equals(modelOrWireId))
                .findFirst();
    }

    private static Set<PolicyTag> tags(ExecutionTask task, Tenant tenant) {
        Set<PolicyTag> tags = new LinkedHashSet<>(tenant.defaultTags());
        for (String name : task.getRequest().getHints().getTags()) {
            for (PolicyTag tag : PolicyTag.values()) {
                if (tag.configName().equalsIgnoreCase(name)) {
                    tags.add(tag);
                }
            }
        }
        return tags;
    }
}
