package dev.routeplane.api.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.routeplane.contract.ExecutionResult;
import dev.routeplane.contract.ResultStatus;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

class ResultStoreTest {
    private final ResultStore store = new ResultStore(1_000, Duration.ofHours(24), ApiFixtures.CLOCK);

    @Test
    void completesAWaiterWhenItsResultArrives() throws Exception {
        CompletableFuture<ExecutionResult> waiting = store.await("acme", "r1", Duration.ofSeconds(5));
        assertThat(waiting).isNotDone();

        store.record(ApiFixtures.succeeded("acme", "r1", null, "hello"));

        assertThat(waiting.get(1, TimeUnit.SECONDS).getOutput().getText()).isEqualTo("hello");
        assertThat(store.waiting()).isZero();
    }

    @Test
    void answersAtOnceWhenTheResultIsAlreadyIndexed() {
        store.record(ApiFixtures.succeeded("acme", "r1", null, "hello"));

        assertThat(store.await("acme", "r1", Duration.ofSeconds(5))).isCompleted();
    }

    @Test
    void keepsTenantsApart() {
        store.record(ApiFixtures.succeeded("acme", "r1", null, "for acme"));

        assertThat(store.result("umbrella", "r1")).isEmpty();
        assertThat(store.await("umbrella", "r1", Duration.ofMillis(50))).isNotDone();
    }

    @Test
    void timesOutAndForgetsTheWaiter() {
        CompletableFuture<ExecutionResult> waiting = store.await("acme", "r1", Duration.ofMillis(50));

        assertThatThrownBy(() -> waiting.get(2, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class)
                .hasCauseInstanceOf(TimeoutException.class);
        assertThat(store.waiting()).isZero();
    }

    @Test
    void theLatestResultWins() {
        store.record(ApiFixtures.failed("acme", "r1", null, "PROVIDER_ERROR"));
        store.record(ApiFixtures.succeeded("acme", "r1", null, "second"));

        assertThat(store.result("acme", "r1"))
                .get()
                .extracting(ExecutionResult::getStatus)
                .isEqualTo(ResultStatus.SUCCEEDED);
    }

    @Test
    void staysWithinItsSizeBoundDroppingTheOldest() {
        ResultStore small = new ResultStore(3, null, ApiFixtures.CLOCK);
        for (int i = 1; i <= 5; i++) {
            small.record(ApiFixtures.succeeded("acme", "r" + i, null, "x"));
        }

        assertThat(small.size()).isEqualTo(3);
        assertThat(small.result("acme", "r1")).isEmpty();
        assertThat(small.result("acme", "r2")).isEmpty();
        assertThat(small.result("acme", "r5")).isPresent();
    }

    @Test
    void dropsResultsOlderThanItsAgeBound() {
        ResultStore recent = new ResultStore(100, Duration.ofHours(1), ApiFixtures.CLOCK);
        recent.record(ExecutionResult.newBuilder(ApiFixtures.succeeded("acme", "old", null, "x"))
                .setCompletedAt(ApiFixtures.NOW.minus(Duration.ofHours(2)))
                .build());
        recent.record(ApiFixtures.succeeded("acme", "new", null, "x"));

        assertThat(recent.result("acme", "old")).isEmpty();
        assertThat(recent.result("acme", "new")).isPresent();
    }

    @Test
    void remembersSubmittedRequestsAsPending() {
        store.markSubmitted("acme", "r1");

        assertThat(store.lookup("acme", "r1")).get().satisfies(entry -> {
            assertThat(entry.result()).isNull();
            assertThat(entry.submittedAt()).isEqualTo(ApiFixtures.NOW);
        });
    }

    @Test
    void replaysIndexedResultsToALateListenerThenStreams() {
        store.record(ApiFixtures.succeeded("acme", "r1", null, "x"));
        List<String> seen = new ArrayList<>();

        store.addListener(result -> seen.add(result.getRequestId()), true);
        store.record(ApiFixtures.succeeded("acme", "r2", null, "x"));

        assertThat(seen).containsExactly("r1", "r2");
    }

    @Test
    void oneTenantsFloodNeverEvictsAnotherTenantsResults() {
        ResultStore bounded = new ResultStore(100, null, ApiFixtures.CLOCK);
        bounded.record(ApiFixtures.succeeded("umbrella", "mine", null, "x"));

        for (int i = 0; i < 10_000; i++) {
            bounded.record(ApiFixtures.succeeded("acme", "r" + i, null, "x"));
        }

        assertThat(bounded.result("umbrella", "mine")).isPresent();
        assertThat(bounded.result("acme", "r9999")).isPresent();
        assertThat(bounded.result("acme", "r0")).isEmpty();
        assertThat(bounded.size()).isEqualTo(101);
    }

    @Test
    void batchResultsGoToListenersButAreNotKeptInMemory() {
        List<String> seen = new ArrayList<>();
        store.addListener(result -> seen.add(result.getRequestId()), false);

        store.record(ApiFixtures.succeeded("acme", "batch_1:a", "batch_1", "x"));

        assertThat(seen).containsExactly("batch_1:a");
        assertThat(store.size()).isZero();
        assertThat(store.result("acme", "batch_1:a")).isEmpty();
    }
}
