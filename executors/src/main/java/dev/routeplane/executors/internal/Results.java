package dev.routeplane.executors.internal;

import dev.routeplane.cascade.CascadeStages;
import dev.routeplane.contract.AttemptRecord;
import dev.routeplane.contract.Cascade;
import dev.routeplane.contract.ExecutionResult;
import dev.routeplane.contract.ExecutionTask;
import dev.routeplane.contract.Output;
import dev.routeplane.contract.ResultStatus;
import dev.routeplane.contract.ToolCall;
import dev.routeplane.contract.Usage;
import dev.routeplane.schemas.ReasonCodes;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds terminal results: every attempt of the request, costs summed from the attempt records, and for a cascade
 * its id and whether it got past its cheap stages.
 */
public final class Results {
    /** The router names a shadow call {@code <requestId>#shadow}. */
    private static final String SHADOW_SUFFIX = "#shadow";

    private Results() {}

    /** A non-success result with {@code status} and {@code reason}. */
    public static ExecutionResult failed(
            ExecutionTask task, List<AttemptRecord> mine, ResultStatus status, String reason, Instant now) {
        return base(task, mine, now).setStatus(status).setReason(reason).build();
    }

    /**
     * The FAILED result of a request whose task could not be decoded, known only by the tenant (record key) and the
     * request id (record header); a shadow call's id ({@code <id>#shadow}) names the request it shadowed.
     */
    public static ExecutionResult undecodable(String tenantId, String requestId, Instant now) {
        int shadow = requestId.lastIndexOf(SHADOW_SUFFIX);
        return ExecutionResult.newBuilder()
                .setRequestId(requestId)
                .setTenantId(tenantId)
                .setBatchId(null)
                .setStatus(ResultStatus.FAILED)
                .setReason(ReasonCodes.UNDESERIALIZABLE)
                .setProvider(null)
                .setModel(null)
                .setOutput(null)
                .setUsage(new Usage(0, 0))
                .setCostMicros(0)
                .setLatencyMs(0)
                .setAttempts(List.of())
                .setCompletedAt(now)
                .setShadowOf(
                        shadow > 0 && shadow + SHADOW_SUFFIX.length() == requestId.length()
                                ? requestId.substring(0, shadow)
                                : null)
                .build();
    }

    /** A success with the model's output. */
    public static ExecutionResult succeeded(
            ExecutionTask task,
            List<AttemptRecord> mine,
            String provider,
            String model,
            String text,
            List<ToolCall> toolCalls,
            String finishReason,
            Instant now) {
        Output output = Output.newBuilder()
                .setText(text)
                .setToolCalls(toolCalls)
                .setFinishReason(finishReason)
                .build();
        return base(task, mine, now)
                .setStatus(ResultStatus.SUCCEEDED)
                .setProvider(provider)
                .setModel(model)
                .setOutput(output)
                .build();
    }

    /** Previous attempts of the request followed by this task's, oldest first. */
    public static List<AttemptRecord> allAttempts(ExecutionTask task, List<AttemptRecord> mine) {
        List<AttemptRecord> all = new ArrayList<>(task.getPreviousAttempts());
        all.addAll(mine);
        return all;
    }

    private static ExecutionResult.Builder base(ExecutionTask task, List<AttemptRecord> mine, Instant now) {
        List<AttemptRecord> all = allAttempts(task, mine);
        long cost = 0;
        int inputTokens = 0;
        int outputTokens = 0;
        for (AttemptRecord a : all) {
            cost = Math.addExact(cost, a.getCostMicros());
            inputTokens = Math.addExact(inputTokens, a.getInputTokens());
            outputTokens = Math.addExact(outputTokens, a.getOutputTokens());
        }
        Cascade cascade = task.getDecision().getCascade();
        return ExecutionResult.newBuilder()
                .setRequestId(task.getRequest().getRequestId())
                .setTenantId(task.getRequest().getTenantId())
                .setBatchId(task.getRequest().getBatchId())
                .setReason(null)
                .setProvider(null)
                .setModel(null)
                .setOutput(null)
                .setUsage(new Usage(inputTokens, outputTokens))
                .setCostMicros(cost)
                .setLatencyMs(Math.max(
                        0,
                        now.toEpochMilli() - task.getRequest().getSubmittedAt().toEpochMilli()))
                .setAttempts(all)
                .setCompletedAt(now)
                .setCascade(cascade == null ? null : cascade.getId())
                .setEscalated(CascadeStages.escalated(task))
                .setCascadeScores(task.getCascadeScores())
                .setShadowOf(task.getShadowOf());
    }
}
