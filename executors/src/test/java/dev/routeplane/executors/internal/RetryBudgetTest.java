package dev.routeplane.executors.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RetryBudgetTest {
    @Test
    void startsWithItsBurstAndThenAllowsOneRetryPerFiveFirstTries() {
        RetryBudget budget = new RetryBudget(0.2, 3);
        int granted = 0;
        for (int i = 0; i < 100; i++) {
            budget.onFirstTry();
            while (budget.tryRetry()) {
                granted++;
            }
        }

        assertThat(granted).isEqualTo(22); // 3 of burst (capped while refilling) + 100 × 0.2 less rounding
        assertThat(granted).isLessThanOrEqualTo((int) RetryBudget.maxRetries(100, 0.2, 3));
        assertThat(budget.retries()).isEqualTo(22);
        assertThat(budget.denied()).isEqualTo(100);
    }

    @Test
    void anOutageCannotMultiplyLoad() {
        RetryBudget budget = new RetryBudget(0.2, 10);
        long calls = 0;
        for (int i = 0; i < 1_000; i++) {
            budget.onFirstTry();
            calls++;
            for (int retry = 0; retry < 5 && budget.tryRetry(); retry++) {
                calls++;
            }
        }

        assertThat(calls)
                .isLessThanOrEqualTo(1_000 + RetryBudget.maxRetries(1_000, 0.2, 10))
                .isEqualTo(1_209);
    }

    @Test
    void refusesRetriesOnceSpent() {
        RetryBudget budget = new RetryBudget(0.2, 1);

        assertThat(budget.tryRetry()).isTrue();
        assertThat(budget.tryRetry()).isFalse();
        budget.onFirstTry();
        assertThat(budget.tryRetry()).isFalse();
    }
}
