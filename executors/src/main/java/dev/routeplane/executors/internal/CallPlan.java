package dev.routeplane.executors.internal;

import dev.routeplane.config.LatencyClass;
import dev.routeplane.config.Model;
import dev.routeplane.config.SecretRef;
import dev.routeplane.config.ToolPolicy;
import dev.routeplane.contract.ChatMessage;
import dev.routeplane.contract.ExecutionTask;
import dev.routeplane.contract.ToolSpec;
import dev.routeplane.executors.ApiKey;
import dev.routeplane.executors.ChatTurn;
import dev.routeplane.executors.ProviderCall;
import dev.routeplane.executors.ToolDefinition;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * What one task asks of its provider, fixed before the first try: the model, the messages, the tools the tenant's
 * {@link ToolPolicy} lets through (approval-bound ones only with an approval the decision recorded), the output cap, the tokens one try books against the token rate
 * limit, and whose key pays: the tenant's own key for this provider when it brings one, else the key profile's.
 * Every try sends the same call with the key and the time left filled in. Immutable.
 *
 * @param routeModel the model as the route names it, the name in metrics, attempts and cost events
 * @param model     the configured model the route names
 * @param call      the call without key and with a placeholder timeout
 * @param tokens    input tokens plus the output cap
 * @param tenantKey the tenant's own key for this provider, or null
 * @param latencyClass the request's class of work: it decides the keys the call may use and its place in a slot queue
 */
record CallPlan(
        String routeModel,
        Model model,
        ProviderCall call,
        int tokens,
        String tenantId,
        SecretRef tenantKey,
        LatencyClass latencyClass) {

    static CallPlan of(WorkerContext ctx, ExecutionTask task, Model model) {
        List<ChatTurn> turns = new ArrayList<>();
        for (ChatMessage m : task.getRequest().getMessages()) {
            turns.add(new ChatTurn(m.getRole(), m.getContent()));
        }
        // The tenant's tool policy again, with the approvals the router found on rp.approvals.v1 and recorded in the
        // decision: never the request's own hints.approvals. A tool it refuses is not offered to the model.
        String tenantId = task.getRequest().getTenantId();
        var tenant = ctx.config.tenants().get(tenantId);
        Set<String> approved = new HashSet<>();
        task.getDecision().getPolicy().getApprovals().forEach(a -> approved.add(a.getTool()));
        List<ToolDefinition> tools = new ArrayList<>();
        for (ToolSpec t : task.getRequest().getHints().getTools()) {
            if (tenant != null && ToolPolicy.permits(tenant, t.getName(), approved)) {
                tools.add(new ToolDefinition(t.getName(), t.getDescription(), t.getParametersJson()));
            }
        }
        int cap = Math.max(1, Math.min(task.getDecision().getBudgets().getMaxOutputTokens(), model.maxOutputTokens()));
        ProviderCall call = new ProviderCall(
                model.providerModel(),
                turns,
                cap,
                tools,
                task.getRequest().getHints().getResponseFormat(),
                null,
                Duration.ofSeconds(1),
                task.getRequest().getRequestId());
        SecretRef byok = tenant == null ? null : tenant.providerKeys().get(ctx.provider.id());
        int tokens = task.getDecision().getFeatures().getInputTokens() + cap;
        return new CallPlan(
                task.getDecision().getRoute().getModel(), model, call, tokens, tenantId, byok, WorkClass.of(task));
    }

    int maxOutputTokens() {
        return call.maxOutputTokens();
    }

    /** The key this call uses on {@code profile}, or null when neither the tenant nor the profile has one. */
    ApiKey key(KeyResolver keys, ProfileRuntime profile, String providerId) {
        if (tenantKey != null) {
            return keys.resolve(tenantKey, "tenant " + tenantId + " for provider " + providerId);
        }
        return profile.profile.apiKey().isPresent()
                ? keys.resolve(profile.profile.apiKey().get(), "key profile " + profile.name)
                : null;
    }

    /** The key profile a call on {@code profile} is billed to, as the ledger names it. */
    String keyProfileLabel(ProfileRuntime profile) {
        // A tenant's own key is billed to the tenant's contract, not to one of ours; say so in the ledger.
        return tenantKey != null ? "byok:" + tenantId : profile.profileId();
    }

    /** The call with its key and the time it may take. */
    ProviderCall with(ApiKey key, Duration timeout) {
        return new ProviderCall(
                call.model(),
                call.messages(),
                call.maxOutputTokens(),
                call.tools(),
                call.responseFormat(),
                key,
                timeout,
                call.requestId());
    }
}
