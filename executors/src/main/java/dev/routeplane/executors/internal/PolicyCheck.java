package dev.routeplane.executors.internal;

import dev.routeplane.config.DataClass;
import dev.routeplane.config.Model;
import dev.routeplane.config.Provider;
import dev.routeplane.config.RouteplaneConfig;
import dev.routeplane.config.Tenant;
import dev.routeplane.config.TenantPolicy;
import dev.routeplane.contract.ExecutionTask;
import java.util.Optional;

/**
 * The executor's re-check of tenant policy before any call, fallbacks, cascade stages and shadows included: the one
 * policy function ({@link TenantPolicy}) the router filters candidates with, on the request's tags and the data class
 * the router decided, so the two call sites cannot disagree. Thread-safe.
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
        // The router always records the data class it decided; a task without one is held to the strictest.
        DataClass dataClass = DataClass.parse(task.getDecision().getPolicy().getDataClass())
                .orElse(DataClass.values()[DataClass.values().length - 1]);
        return TenantPolicy.refusal(
                        tenant,
                        TenantPolicy.tags(tenant, task.getRequest().getHints().getTags()),
                        dataClass,
                        provider)
                .map(r -> "policy of tenant '" + tenantId + "' excludes provider '" + providerId + "': " + r);
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
}
