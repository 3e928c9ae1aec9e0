package dev.routeplane.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.routeplane.contract.ExecutionResult;
import dev.routeplane.contract.ResultStatus;
import dev.routeplane.contract.Usage;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

class ResultWaitersTest {

    static ExecutionResult result(String tenant, String request) {
        return ExecutionResult.newBuilder()
                .setRequestId(request)
                .setTenantId(tenant)
                .setStatus(ResultStatus.SUCCEEDED)
                .setUsage(
                        Usage.newBuilder().setInputTokens(1).setOutputTokens(1).build())
                .setCostMicros(1L)
                .setLatencyMs(1L)
                .setAttempts(List.of())
                .setCompletedAt(Instant.parse("2026-12-01T10:00:00Z"))
                .build();
    }

    @Test
    void everyWaiterOfTheRequestGetsItsResultAndOnlyThatTenantsRequestCounts() throws Exception {
        ResultWaiters waiters = new ResultWaiters();
        CompletableFuture<ExecutionResult> first = waiters.await("acme", "r1", Duration.ofMinutes(1));
        CompletableFuture<ExecutionResult> second = waiters.await("acme", "r1", Duration.ofMinutes(1));
        CompletableFuture<ExecutionResult> other = waiters.await("globex", "r1", Duration.ofMinutes(1));

        assertThat(waiters.complete(result("acme", "r1"))).isEqualTo(2);

        assertThat(first.get().getTenantId()).isEqualTo("acme");
        assertThat(second.get().getRequestId()).isEqualTo("r1");
        assertThat(other).isNotDone();
        assertThat(waiters.waiting()).isEqualTo(1);
    }

    @Test
    void aWaiterThatTimesOutIsForgotten() {
        ResultWaiters waiters = new ResultWaiters();
        CompletableFuture<ExecutionResult> future = waiters.await("acme", "r1", Duration.ofMillis(20));

        await().atMost(Duration.ofSeconds(5)).until(future::isDone);

        assertThat(future)
                .failsWithin(Duration.ZERO)
                .withThrowableOfType(java.util.concurrent.ExecutionException.class)
                .withCauseInstanceOf(TimeoutException.class);
        await().atMost(Duration.ofSeconds(5)).until(() -> waiters.waiting() == 0);
    }
}
