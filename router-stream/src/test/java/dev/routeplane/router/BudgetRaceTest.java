package dev.routeplane.router;

import static dev.routeplane.router.testing.Requests.CODE_PROMPT;
import static dev.routeplane.router.testing.Requests.request;
import static org.assertj.core.api.Assertions.assertThat;

import dev.routeplane.config.RouteplaneConfig;
import dev.routeplane.contract.ExecutionResult;
import dev.routeplane.contract.RejectedRequest;
import dev.routeplane.contract.ResultStatus;
import dev.routeplane.contract.RoutingDecision;
import dev.routeplane.contract.Usage;
import dev.routeplane.router.testing.RouterDriver;
import dev.routeplane.router.testing.TestConfigs;
import dev.routeplane.schemas.ReasonCodes;
import java.util.List;
import org.apache.kafka.streams.KeyValue;
import org.junit.jupiter.api.Test;

/** Many requests of one tenant race a small budget through the topology; reservations never overshoot it. */
class BudgetRaceTest {

    @Test
    void thousandRequestsNeverReserveMoreThanTheBudgetAndSettledResultsMakeRoomForMore() {
        long worstCase = probeWorstCase();
        long limit = 10 * worstCase + worstCase / 2;
        RouteplaneConfig config = TestConfigs.withTenants(
                TestConfigs.withExploration(TestConfigs.bundled(), 0), TestConfigs.openAiOnly("race", limit));
        try (RouterDriver router = new RouterDriver(config)) {
            for (int i = 0; i < 1000; i++) {
                router.send(request("race", "a-" + i, "code", CODE_PROMPT).build());
            }

            List<RoutingDecision> first =
                    router.decisions().stream().map(kv -> kv.value).toList();
            List<KeyValue<String, RejectedRequest>> refused = router.rejections();
            assertThat(first).hasSize(10);
            assertThat(first.stream()
                            .mapToLong(d -> d.getBudgets().getReservedCostMicros())
                            .sum())
                    .isEqualTo(10 * worstCase)
                    .isLessThanOrEqualTo(limit);
            assertThat(refused)
                    .hasSize(990)
                    .allMatch(kv -> kv.value.getReasonCode().equals(ReasonCodes.BUDGET_EXCEEDED));
            assertThat(router.results()).hasSize(990);

            long actualCost = worstCase / 4;
            for (RoutingDecision d : first) {
                router.result(succeeded(d, actualCost));
            }
            for (int i = 0; i < 1000; i++) {
                router.send(request("race", "b-" + i, "code", CODE_PROMPT).build());
            }

            // available = limit - 10 * actualCost (settled) = 10.5 R - 2.5 R = 8 R (up to rounding)
            long available = limit - 10 * actualCost;
            List<RoutingDecision> second =
                    router.decisions().stream().map(kv -> kv.value).toList();
            assertThat(second).hasSize((int) (available / worstCase));
            assertThat(second).hasSize(8);
            assertThat(second.stream()
                            .mapToLong(d -> d.getBudgets().getReservedCostMicros())
                            .sum())
                    .isLessThanOrEqualTo(available);
        }
    }

    private static long probeWorstCase() {
        RouteplaneConfig config = TestConfigs.withTenants(
                TestConfigs.withExploration(TestConfigs.bundled(), 0), TestConfigs.openAiOnly("race", 1_000_000_000L));
        try (RouterDriver router = new RouterDriver(config)) {
            router.send(request("race", "probe", "code", CODE_PROMPT).build());
            RoutingDecision d = router.decisions().get(0).value;
            assertThat(d.getRoute().getModel()).isEqualTo("gpt-4o");
            assertThat(d.getFallbacks()).isEmpty();
            return d.getBudgets().getReservedCostMicros();
        }
    }

    private static ExecutionResult succeeded(RoutingDecision d, long cost) {
        return ExecutionResult.newBuilder()
                .setRequestId(d.getRequestId())
                .setTenantId(d.getTenantId())
                .setBatchId(null)
                .setStatus(ResultStatus.SUCCEEDED)
                .setReason(null)
                .setProvider("openai")
                .setModel("gpt-4o")
                .setOutput(null)
                .setUsage(Usage.newBuilder()
                        .setInputTokens(10)
                        .setOutputTokens(10)
                        .build())
                .setCostMicros(cost)
                .setLatencyMs(100)
                .setAttempts(List.of())
                .setCompletedAt(RouterDriver.NOW)
                .build();
    }
}
