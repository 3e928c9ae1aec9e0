package dev.routeplane.router.internal;

import dev.routeplane.contract.ExecutionResult;
import dev.routeplane.contract.RejectedRequest;
import dev.routeplane.contract.ResultStatus;
import dev.routeplane.contract.RouteRequest;
import dev.routeplane.contract.Usage;
import dev.routeplane.router.Rejection;
import dev.routeplane.schemas.RejectedRecords;
import java.time.Instant;
import java.util.List;

/** Builds the rejection and rejection-result records, so every path fills every field the same way. */
public final class RecordFactory {
    private RecordFactory() {}

    static RejectedRequest rejected(
            String requestId,
            String tenantId,
            Rejection rejection,
            String topic,
            int partition,
            long offset,
            byte[] rawValue,
            Instant at) {
        return RejectedRecords.withRawValue(
                        RejectedRequest.newBuilder()
                                .setRequestId(requestId)
                                .setTenantId(tenantId)
                                .setReasonCode(rejection.reasonCode())
                                .setDetail(rejection.detail())
                                .setSourceTopic(topic)
                                .setSourcePartition(partition)
                                .setSourceOffset(offset)
                                .setRejectedAt(at),
                        rawValue)
                .build();
    }

    /** The terminal result a client waiting on rp.results.v1 gets for a refused request. */
    public static ExecutionResult refusedResult(
            RouteRequest request, Rejection rejection, ResultStatus status, Instant at) {
        long latency = Math.max(0, at.toEpochMilli() - request.getSubmittedAt().toEpochMilli());
        return ExecutionResult.newBuilder()
                .setRequestId(request.getRequestId())
                .setTenantId(request.getTenantId())
                .setBatchId(request.getBatchId())
                .setStatus(status)
                .setReason(rejection.reasonCode())
                .setProvider(null)
                .setModel(null)
                .setOutput(null)
                .setUsage(
                        Usage.newBuilder().setInputTokens(0).setOutputTokens(0).build())
                .setCostMicros(0L)
                .setLatencyMs(latency)
                .setAttempts(List.of())
                .setCompletedAt(at)
                .build();
    }
}
