package dev.routeplane.executors.internal;

import dev.routeplane.contract.CallIntent;
import dev.routeplane.contract.ExecutionTask;
import dev.routeplane.executors.ProviderCall;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * The intents of one task's calls ({@code rp.call-intents.v1}). A provider bills a call the moment it answers, and an
 * executor can die between that answer and its cost event; the intent, durable before the call starts, is what lets the
 * ledger find and settle such a call. The call's cost event names it ({@code callId}) and so closes it; a try that
 * failed unbilled closes it with a closing record. Not thread-safe: used from the task's steps.
 */
final class CallIntents {
    private final WorkerContext ctx;
    private final ExecutionTask task;
    private final CallPlan plan;
    private final Billing billing;
    private final Function<CallIntent, CompletableFuture<Void>> writer;

    /** Intents written by the worker's {@link OutputWriter}. */
    CallIntents(WorkerContext ctx, ExecutionTask task, CallPlan plan, Billing billing) {
        this(ctx, task, plan, billing, intent -> ctx.out.intent(intent));
    }

    /** Intents written by {@code writer}; its future completes once the intent is durable. */
    CallIntents(
            WorkerContext ctx,
            ExecutionTask task,
            CallPlan plan,
            Billing billing,
            Function<CallIntent, CompletableFuture<Void>> writer) {
        this.ctx = ctx;
        this.task = task;
        this.plan = plan;
        this.billing = billing;
        this.writer = writer;
    }

    /** The intent of {@code call}, made on {@code profile} from now for at most {@code timeoutMs}. */
    CallIntent of(ProfileRuntime profile, ProviderCall call, long timeoutMs) {
        Instant at = ctx.clock.instant();
        return CallIntent.newBuilder()
                .setCallId(UUID.randomUUID().toString())
                .setRequestId(task.getRequest().getRequestId())
                .setTenantId(task.getRequest().getTenantId())
                .setBatchId(task.getRequest().getBatchId())
                .setLane(task.getDecision().getLane())
                .setProvider(ctx.provider.id())
                .setModel(plan.routeModel())
                .setKeyProfile(plan.keyProfileLabel(profile))
                .setClientRequestId(call.requestId())
                .setInputTokens(task.getDecision().getFeatures().getInputTokens())
                .setMaxOutputTokens(call.maxOutputTokens())
                .setWorstCaseCostMicros(billing.worstCase(at))
                .setAt(at)
                .setCallDeadline(at.plusMillis(timeoutMs))
                .build();
    }

    /** Writes {@code intent}; the call may start once the future completes (the intent is durable). */
    CompletableFuture<Void> write(CallIntent intent) {
        return writer.apply(intent);
    }

    /** Closes {@code intent} of a try that ended with {@code outcome} and no bill (nothing to settle). */
    void closeUnbilled(CallIntent intent, String outcome) {
        billing.track(
                writer.apply(CallIntent.newBuilder(intent).setClosedBy(outcome).build()));
    }
}
