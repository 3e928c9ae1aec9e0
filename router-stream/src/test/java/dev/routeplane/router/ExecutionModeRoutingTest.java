package dev.routeplane.router;

import static org.assertj.core.api.Assertions.assertThat;

import dev.routeplane.config.Tenant;
import dev.routeplane.contract.ExecutionMode;
import dev.routeplane.contract.LatencyClass;
import dev.routeplane.contract.RouteRequest;
import dev.routeplane.contract.RoutingDecision;
import dev.routeplane.router.testing.Requests;
import dev.routeplane.router.testing.RouterDriver;
import dev.routeplane.router.testing.TestConfigs;
import org.junit.jupiter.api.Test;

/** The router's choice between synchronous calls and a provider's own batch API, and what it reserves for each. */
class ExecutionModeRoutingTest {
    private static final long LIMIT = 10_000_000;

    /** OpenAI only (its batch API is configured in the bundled config), optionally allowing provider batches. */
    private static Tenant tenant(String id, boolean providerBatch) {
        return TestConfigs.openAiOnly(id, LIMIT).withProviderBatch(providerBatch);
    }

    private static RouteRequest request(String tenant, String id, LatencyClass latency, Long deadlineMs) {
        return Requests.request(tenant, id, null, Requests.SUMMARY_PROMPT)
                .setBatchId(latency == LatencyClass.BATCH ? "b1" : null)
                .setHints(Requests.hints()
                        .setLatencyClass(latency)
                        .setDeadlineMs(deadlineMs)
                        .build())
                .build();
    }

    private static RoutingDecision route(Tenant tenant, RouteRequest request) {
        try (RouterDriver router = new RouterDriver(TestConfigs.withTenants(TestConfigs.bundled(), tenant))) {
            router.send(request);
            RoutingDecision d = router.decisions().get(0).value;
            assertThat(router.budget(tenant.id()).reservedMicros())
                    .as("the budget holds what the decision says it reserved")
                    .isEqualTo(d.getBudgets().getReservedCostMicros());
            return d;
        }
    }

    @Test
    void batchWorkWhoseDeadlineLeavesTheTurnaroundRunsAsAProviderBatchReservingTheBatchPrice() {
        RoutingDecision batch = route(tenant("halfprice", true), request("halfprice", "pb", LatencyClass.BATCH, null));
        RoutingDecision sync = route(tenant("fullprice", false), request("fullprice", "s", LatencyClass.BATCH, null));

        assertThat(batch.getRoute().getProvider()).isEqualTo("openai");
        assertThat(batch.getExecutionMode()).isEqualTo(ExecutionMode.PROVIDER_BATCH);
        assertThat(batch.getExecutionModeReason())
                .startsWith("provider-batch: deadline 86400000 ms leaves openai's turnaround 86400000 ms");
        assertThat(batch.getExplanation()).anyMatch(l -> l.startsWith("execution: provider-batch"));
        assertThat(sync.getExecutionMode()).isEqualTo(ExecutionMode.SYNCHRONOUS);
        assertThat(sync.getExecutionModeReason())
                .isEqualTo("synchronous: tenant fullprice does not allow provider batches"
                        + " (tenants.fullprice.providerBatch)");
        assertThat(batch.getBudgets().getReservedCostMicros())
                .as("half the synchronous worst case, rounded per token price")
                .isBetween(
                        sync.getBudgets().getReservedCostMicros() / 2 - 1,
                        sync.getBudgets().getReservedCostMicros() / 2 + 1);
    }

    @Test
    void aDeadlineShorterThanTheProvidersTurnaroundKeepsBatchWorkSynchronous() {
        RoutingDecision d = route(tenant("rush", true), request("rush", "r1", LatencyClass.BATCH, 3_600_000L));

        assertThat(d.getExecutionMode()).isEqualTo(ExecutionMode.SYNCHRONOUS);
        assertThat(d.getExecutionModeReason())
                .isEqualTo("synchronous: deadline 3600000 ms is shorter than openai's batch turnaround 86400000 ms");
    }

    @Test
    void interactiveWorkIsNeverAProviderBatch() {
        RoutingDecision d = route(tenant("chatty", true), request("chatty", "i1", LatencyClass.INTERACTIVE, null));

        assertThat(d.getExecutionMode()).isEqualTo(ExecutionMode.SYNCHRONOUS);
        assertThat(d.getExecutionModeReason()).isNull();
    }
}
