package dev.routeplane.control.replay;

import dev.routeplane.contract.ExecutionResult;
import dev.routeplane.contract.Output;
import dev.routeplane.contract.ResultStatus;
import dev.routeplane.contract.Usage;
import dev.routeplane.platform.testkit.SharedData;
import dev.routeplane.simulator.ReplayDataset;
import java.time.Instant;
import java.util.List;

/** The shared recorded data and its replay configuration, loaded once, and results as a replay produces them. */
public final class RecordedRows {
    private static ReplayDataset data;
    private static ReplayConfig config;

    private RecordedRows() {}

    public static synchronized ReplayDataset data() {
        if (data == null) {
            data = ReplayDataset.load(SharedData.routerbenchSubset());
        }
        return data;
    }

    public static synchronized ReplayConfig config() {
        if (config == null) {
            config = ReplayConfig.of(data(), SharedData.routerbenchSubset());
        }
        return config;
    }

    /** A successful result of {@code requestId} answered by the recorded model {@code wire}, billed {@code costMicros}. */
    public static ExecutionResult answered(String requestId, String tenant, String wire, long costMicros) {
        return ExecutionResult.newBuilder()
                .setRequestId(requestId)
                .setTenantId(tenant)
                .setStatus(ResultStatus.SUCCEEDED)
                .setProvider("replay")
                .setModel(config().modelId(wire))
                .setOutput(Output.newBuilder().setText("an answer").build())
                .setUsage(new Usage(10, 10))
                .setCostMicros(costMicros)
                .setLatencyMs(20)
                .setAttempts(List.of())
                .setCompletedAt(Instant.parse("2026-12-06T00:00:00Z"))
                .build();
    }
}
