package dev.routeplane.executors.internal;

import dev.routeplane.contract.CostEvent;
import dev.routeplane.contract.ExecutionTask;
import dev.routeplane.executors.ProviderResponse;
import java.time.Instant;

/** The one shape of a billed call's cost event, synchronous or a line of a provider batch. */
final class CostEvents {
    private CostEvents() {}

    /**
     * The cost event of {@code r}, answered for {@code task} on {@code provider} at {@code costMicros}; its event id is
     * the provider's response id, so a redelivered write is recognisably the same call.
     */
    static CostEvent.Builder of(
            ExecutionTask task,
            String provider,
            String routeModel,
            String keyProfile,
            ProviderResponse r,
            long costMicros,
            long latencyMs,
            String outcome,
            Instant at) {
        return CostEvent.newBuilder()
                .setEventId(provider + "/" + r.responseId())
                .setRequestId(task.getRequest().getRequestId())
                .setTenantId(task.getRequest().getTenantId())
                .setBatchId(task.getRequest().getBatchId())
                .setLane(task.getDecision().getLane())
                .setProvider(provider)
                .setModel(routeModel)
                .setKeyProfile(keyProfile)
                .setInputTokens(r.inputTokens())
                .setOutputTokens(r.outputTokens())
                .setCostMicros(costMicros)
                .setLatencyMs(latencyMs)
                .setOutcome(outcome)
                .setAt(at);
    }
}
