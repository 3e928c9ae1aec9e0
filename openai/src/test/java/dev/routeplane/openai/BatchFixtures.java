package dev.routeplane.openai;

import dev.routeplane.contract.AttemptRecord;
import dev.routeplane.contract.ExecutionResult;
import dev.routeplane.contract.Output;
import dev.routeplane.contract.ResultStatus;
import dev.routeplane.contract.RouteRequest;
import dev.routeplane.contract.Usage;
import java.io.IOException;
import java.io.StringReader;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/** Shared test data: a fixed clock, a collecting sink and result builders. */
final class BatchFixtures {
    static final Instant NOW = Instant.parse("2025-03-04T05:06:07Z");
    static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

    private BatchFixtures() {}

    /** Keeps everything it is given, in order. */
    static final class CollectingSink implements BatchSink {
        final List<Long> acceptedLines = new ArrayList<>();
        final List<RouteRequest> requests = new ArrayList<>();
        final List<BatchLineError> errors = new ArrayList<>();

        @Override
        public void accept(long lineNumber, RouteRequest request) {
            acceptedLines.add(lineNumber);
            requests.add(request);
        }

        @Override
        public void reject(BatchLineError error) {
            errors.add(error);
        }
    }

    static CollectingSink parse(String tenant, String batch, String... lines) throws IOException {
        CollectingSink sink = new CollectingSink();
        new BatchInputParser(BatchInputOptions.of(tenant, batch), CLOCK)
                .parse(new StringReader(String.join("\n", lines)), sink);
        return sink;
    }

    static ExecutionResult.Builder result(String requestId, ResultStatus status) {
        return ExecutionResult.newBuilder()
                .setRequestId(requestId)
                .setTenantId("acme")
                .setBatchId("b1")
                .setStatus(status)
                .setUsage(
                        Usage.newBuilder().setInputTokens(0).setOutputTokens(0).build())
                .setCostMicros(0)
                .setLatencyMs(0)
                .setAttempts(List.of())
                .setCompletedAt(NOW);
    }

    static ExecutionResult succeeded(String requestId, String text) {
        return result(requestId, ResultStatus.SUCCEEDED)
                .setProvider("openai")
                .setModel("gpt-4o-mini")
                .setOutput(Output.newBuilder()
                        .setText(text)
                        .setFinishReason("stop")
                        .build())
                .setUsage(Usage.newBuilder()
                        .setInputTokens(12)
                        .setOutputTokens(30)
                        .build())
                .setCostMicros(1_234)
                .setLatencyMs(850)
                .setAttempts(List.of(attempt("openai", "gpt-4o-mini", "SUCCEEDED", 1_234)))
                .build();
    }

    static AttemptRecord attempt(String provider, String model, String outcome, long costMicros) {
        return AttemptRecord.newBuilder()
                .setProvider(provider)
                .setModel(model)
                .setKeyProfile("primary")
                .setOutcome(outcome)
                .setErrorKind("SUCCEEDED".equals(outcome) ? null : "RETRYABLE")
                .setLatencyMs(400)
                .setCostMicros(costMicros)
                .build();
    }
}
