package dev.routeplane.api.internal;

import dev.routeplane.contract.AttemptRecord;
import dev.routeplane.contract.ExecutionResult;
import dev.routeplane.contract.Output;
import dev.routeplane.contract.ResultStatus;
import dev.routeplane.contract.Usage;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

/** Results and a fixed clock for the API's unit tests. */
public final class ApiFixtures {
    public static final Instant NOW = Instant.parse("2026-01-02T03:04:05Z");
    public static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

    private ApiFixtures() {}

    public static ExecutionResult succeeded(String tenant, String requestId, String batchId, String text) {
        return ExecutionResult.newBuilder()
                .setRequestId(requestId)
                .setTenantId(tenant)
                .setBatchId(batchId)
                .setStatus(ResultStatus.SUCCEEDED)
                .setProvider("openai")
                .setModel("gpt-4o-mini")
                .setOutput(Output.newBuilder()
                        .setText(text)
                        .setFinishReason("stop")
                        .build())
                .setUsage(Usage.newBuilder()
                        .setInputTokens(10)
                        .setOutputTokens(20)
                        .build())
                .setCostMicros(1_500)
                .setLatencyMs(300)
                .setAttempts(List.of(attempt("SUCCEEDED")))
                .setCompletedAt(NOW)
                .build();
    }

    public static ExecutionResult failed(String tenant, String requestId, String batchId, String reason) {
        return ExecutionResult.newBuilder()
                .setRequestId(requestId)
                .setTenantId(tenant)
                .setBatchId(batchId)
                .setStatus(ResultStatus.FAILED)
                .setReason(reason)
                .setUsage(
                        Usage.newBuilder().setInputTokens(0).setOutputTokens(0).build())
                .setCostMicros(0)
                .setLatencyMs(300)
                .setAttempts(List.of(attempt("SERVER_ERROR")))
                .setCompletedAt(NOW)
                .build();
    }

    static AttemptRecord attempt(String outcome) {
        return AttemptRecord.newBuilder()
                .setProvider("openai")
                .setModel("gpt-4o-mini")
                .setKeyProfile("primary")
                .setOutcome(outcome)
                .setErrorKind("SUCCEEDED".equals(outcome) ? null : "RETRYABLE")
                .setLatencyMs(300)
                .setCostMicros("SUCCEEDED".equals(outcome) ? 1_500 : 0)
                .build();
    }
}
