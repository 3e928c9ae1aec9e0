package dev.routeplane.executors.internal;

import dev.routeplane.config.LatencyClass;
import dev.routeplane.contract.AttemptRecord;
import dev.routeplane.contract.ExecutionMode;
import dev.routeplane.contract.ExecutionTask;
import dev.routeplane.contract.RoutingDecision;
import dev.routeplane.executors.ApiKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What the gatherer and the poller of provider-batch work share: line ids, the key a provider batch is billed to,
 * and how a task goes back to synchronous execution. Stateless.
 */
final class ProviderBatchTasks {
    /** Line ids both batch APIs accept. */
    private static final Pattern CUSTOM_ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    private ProviderBatchTasks() {}

    /** The line id of the {@code index}th task of a provider batch: its request id when the APIs accept it. */
    static String customId(ExecutionTask task, int index) {
        String id = task.getRequest().getRequestId();
        return CUSTOM_ID.matcher(id).matches() ? id : "line-" + index;
    }

    /**
     * The key profile provider batches are submitted and polled with: the first of the provider's profiles that serves
     * batch work.
     */
    static Optional<ProfileRuntime> profile(WorkerContext ctx) {
        return ctx.resilience.profiles().stream()
                .filter(p -> p.serves(LatencyClass.BATCH))
                .findFirst();
    }

    /** The key of {@code profileId}, or null for a keyless profile. */
    static ApiKey key(WorkerContext ctx, String profileId) {
        for (ProfileRuntime p : ctx.resilience.profiles()) {
            if (p.profileId().equals(profileId)) {
                return p.profile.apiKey().isPresent()
                        ? ctx.keys.resolve(p.profile.apiKey().get(), "key profile " + p.name)
                        : null;
            }
        }
        throw new IllegalStateException("provider " + ctx.provider.id() + " has no key profile " + profileId);
    }

    /**
     * The task again, to run as synchronous calls on the provider's batch exec topic: a provider batch that failed,
     * expired or was cancelled before this line ran. {@code tried}, when not null, records the provider batch's try
     * (nothing billed) among the request's attempts; {@code why} becomes the decision's execution-mode reason.
     */
    static ExecutionTask synchronous(ExecutionTask task, String why, AttemptRecord tried) {
        RoutingDecision decision = RoutingDecision.newBuilder(task.getDecision())
                .setExecutionMode(ExecutionMode.SYNCHRONOUS)
                .setExecutionModeReason("synchronous fallback: " + why)
                .build();
        List<AttemptRecord> previous = new ArrayList<>(task.getPreviousAttempts());
        if (tried != null) {
            previous.add(tried);
        }
        return ExecutionTask.newBuilder(task)
                .setDecision(decision)
                .setPreviousAttempts(previous)
                .build();
    }

    /** An unbilled attempt record for a line of a provider batch that did not answer. */
    static AttemptRecord notAnswered(
            WorkerContext ctx, ExecutionTask task, String profileId, String outcome, String errorKind, long latencyMs) {
        return new AttemptRecord(
                ctx.provider.id(),
                task.getDecision().getRoute().getModel(),
                profileId == null ? "" : profileId,
                outcome,
                errorKind,
                Math.max(0, latencyMs),
                0L,
                0,
                0);
    }
}
