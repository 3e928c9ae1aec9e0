package dev.routeplane.router;

import static org.assertj.core.api.Assertions.assertThat;

import dev.routeplane.contract.BatchPhase;
import dev.routeplane.contract.BatchState;
import dev.routeplane.contract.ExecutionResult;
import dev.routeplane.contract.LatencyClass;
import dev.routeplane.contract.ResultStatus;
import dev.routeplane.contract.RouteRequest;
import dev.routeplane.contract.RoutingDecision;
import dev.routeplane.contract.Usage;
import dev.routeplane.router.testing.Requests;
import dev.routeplane.router.testing.RouterDriver;
import dev.routeplane.router.testing.TestConfigs;
import dev.routeplane.schemas.ReasonCodes;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Batch work in the router: deadlines, its own exec topics, cancelled batches, and waiting for reservations. */
class BatchRoutingTest {

    private static RouteRequest batchRequest(String tenant, String id, String batchId, Long deadlineMs) {
        return Requests.request(tenant, id, null, Requests.SUMMARY_PROMPT)
                .setBatchId(batchId)
                .setHints(Requests.hints()
                        .setLatencyClass(LatencyClass.BATCH)
                        .setDeadlineMs(deadlineMs)
                        .build())
                .build();
    }

    private static ExecutionResult settled(String tenant, String id, long costMicros) {
        return ExecutionResult.newBuilder()
                .setRequestId(id)
                .setTenantId(tenant)
                .setStatus(ResultStatus.SUCCEEDED)
                .setUsage(
                        Usage.newBuilder().setInputTokens(1).setOutputTokens(1).build())
                .setCostMicros(costMicros)
                .setLatencyMs(1)
                .setAttempts(List.of())
                .setCompletedAt(RouterDriver.NOW)
                .build();
    }

    @Test
    void aBatchRequestIsDueAtItsWindowOrTheBatchDefaultAndItsTaskGoesToTheBatchTopic() {
        try (RouterDriver router = new RouterDriver(TestConfigs.bundled())) {
            router.send(batchRequest("acme", "b-default", "b1", null));
            router.send(batchRequest("acme", "b-window", "b1", 3_600_000L));
            router.send(Requests.request("acme", "interactive", null, Requests.SUMMARY_PROMPT)
                    .setHints(Requests.hints()
                            .setLatencyClass(LatencyClass.INTERACTIVE)
                            .build())
                    .build());

            List<RoutingDecision> decisions =
                    router.decisions().stream().map(kv -> kv.value).toList();
            assertThat(decisions)
                    .extracting(d -> d.getBudgets().getDeadlineMs())
                    .containsExactly(86_400_000L, 3_600_000L, 120_000L);
            assertThat(decisions.get(0).getExplanation())
                    .contains(
                            "deadline: 86400000 ms after submission, router.defaultBatchDeadlineMs (a batch request)");
            String provider = decisions.get(0).getRoute().getProvider();
            assertThat(router.batchTasks(provider))
                    .extracting(kv -> kv.value.getRequest().getRequestId())
                    .contains("b-default", "b-window")
                    .doesNotContain("interactive");
            String interactiveProvider = decisions.get(2).getRoute().getProvider();
            assertThat(router.tasks(interactiveProvider))
                    .extracting(kv -> kv.value.getRequest().getRequestId())
                    .containsExactly("interactive");
        }
    }

    @Test
    void aCancelledBatchsRequestsEndCancelledWithoutADecisionOrAReservation() {
        try (RouterDriver router = new RouterDriver(TestConfigs.bundled())) {
            router.batch(state("acme", "b-cancelled", BatchPhase.CANCELLING));

            router.send(batchRequest("acme", "c1", "b-cancelled", null));
            router.send(batchRequest("acme", "c2", "b-running", null));

            List<RoutingDecision> decisions =
                    router.decisions().stream().map(kv -> kv.value).toList();
            assertThat(decisions).extracting(RoutingDecision::getRequestId).containsExactly("c2");
            assertThat(router.results()).singleElement().satisfies(kv -> {
                assertThat(kv.value.getRequestId()).isEqualTo("c1");
                assertThat(kv.value.getStatus()).isEqualTo(ResultStatus.CANCELLED);
                assertThat(kv.value.getReason()).isEqualTo(ReasonCodes.CANCELLED);
                assertThat(kv.value.getCostMicros()).isZero();
            });
            assertThat(router.rejections())
                    .extracting(kv -> kv.value.getReasonCode())
                    .containsExactly("CANCELLED");
            // only c2 holds a reservation
            assertThat(router.budget("acme").reservedMicros())
                    .isEqualTo(decisions.get(0).getBudgets().getReservedCostMicros());
        }
    }

    /** What one summary request on gpt-4o-mini reserves: its worst case. */
    private static long worstCase() {
        try (RouterDriver probe = new RouterDriver(
                TestConfigs.withTenants(TestConfigs.bundled(), TestConfigs.openAiOnly("tiny", 10_000_000)))) {
            probe.send(batchRequest("tiny", "probe", "b1", null));
            return probe.decisions().get(0).value.getBudgets().getReservedCostMicros();
        }
    }

    @Test
    void aBatchRequestHeldBackOnlyByReservationsWaitsForThemThenRunsOrEndsAtTheBudget() {
        // given a budget of one and a half requests' worst case
        long worstCase = worstCase();
        long limit = worstCase * 3 / 2;
        try (RouterDriver router = new RouterDriver(
                TestConfigs.withTenants(TestConfigs.bundled(), TestConfigs.openAiOnly("tiny", limit)))) {
            // when a first request reserves its worst case and a second one does not fit beside it
            router.send(batchRequest("tiny", "r1", "b1", null));
            router.send(batchRequest("tiny", "r2", "b1", null));
            router.send(Requests.request("tiny", "not-batch", null, Requests.SUMMARY_PROMPT)
                    .build());

            // then the batch request waits, while one that is not batch work is refused at once
            assertThat(router.decisions())
                    .extracting(kv -> kv.value.getRequestId())
                    .containsExactly("r1");
            assertThat(router.results())
                    .extracting(kv -> kv.value.getRequestId() + "=" + kv.value.getStatus())
                    .containsExactly("not-batch=BUDGET_EXCEEDED");

            // when the first settles at a tenth of its worst case, the second runs on the next retry
            router.result(settled("tiny", "r1", worstCase / 10));
            router.advance(Duration.ofSeconds(1));
            assertThat(router.decisions())
                    .extracting(kv -> kv.value.getRequestId())
                    .containsExactly("r2");

            // when a third waits and the second then spends its whole worst case, the third no longer fits at all
            router.send(batchRequest("tiny", "r3", "b1", null));
            router.advance(Duration.ofSeconds(1));
            assertThat(router.decisions()).isEmpty();
            router.result(settled("tiny", "r2", worstCase));
            router.advance(Duration.ofSeconds(1));

            assertThat(router.decisions()).isEmpty();
            assertThat(router.results())
                    .extracting(kv -> kv.value.getRequestId() + "=" + kv.value.getStatus() + "/" + kv.value.getReason())
                    .containsExactly("r3=BUDGET_EXCEEDED/BUDGET_EXCEEDED");
            BudgetState budget = router.budget("tiny");
            assertThat(budget.reservedMicros()).isZero();
            assertThat(budget.spentMicros())
                    .isEqualTo(worstCase / 10 + worstCase)
                    .isLessThanOrEqualTo(limit);
        }
    }

    @Test
    void aWaitingRequestOfABatchCancelledMeanwhileEndsCancelled() {
        long limit = worstCase() * 3 / 2;
        try (RouterDriver router = new RouterDriver(
                TestConfigs.withTenants(TestConfigs.bundled(), TestConfigs.openAiOnly("tiny", limit)))) {
            router.send(batchRequest("tiny", "r1", "b1", null));
            router.send(batchRequest("tiny", "r2", "b1", null));
            assertThat(router.decisions())
                    .extracting(kv -> kv.value.getRequestId())
                    .containsExactly("r1");

            router.batch(state("tiny", "b1", BatchPhase.CANCELLING));
            router.advance(Duration.ofSeconds(1));

            assertThat(router.decisions()).isEmpty();
            assertThat(router.results())
                    .extracting(kv -> kv.value.getRequestId() + "=" + kv.value.getStatus())
                    .containsExactly("r2=CANCELLED");
        }
    }

    private static BatchState state(String tenant, String batch, BatchPhase phase) {
        Instant at = RouterDriver.NOW.minusSeconds(60);
        return BatchState.newBuilder()
                .setTenantId(tenant)
                .setBatchId(batch)
                .setPhase(phase)
                .setInputLines(2)
                .setAcceptedRequests(2)
                .setMalformedLines(0)
                .setSubmittedRequests(2)
                .setSubmittedThroughLine(2)
                .setCompletionWindowMs(86_400_000L)
                .setSource("api")
                .setCreatedAt(at)
                .setUpdatedAt(at)
                .setCancelRequestedAt(at)
                .build();
    }
}
