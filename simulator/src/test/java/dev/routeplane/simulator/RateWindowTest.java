package dev.routeplane.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RateWindowTest {

    private static final long T0 = 1_700_000_000_000L; // a whole second

    @Test
    void admitsUpToRpmThenRefusesWithRemainingZeroAndRetryAfter() {
        RateWindow window = new RateWindow(3, 1_000_000);

        RateWindow.Decision first = window.tryAcquire(10, T0);
        window.tryAcquire(10, T0 + 10_000);
        RateWindow.Decision third = window.tryAcquire(10, T0 + 20_000);
        RateWindow.Decision fourth = window.tryAcquire(10, T0 + 30_500);

        assertThat(first.allowed()).isTrue();
        assertThat(first.requestsRemaining()).isEqualTo(2);
        assertThat(first.tokensRemaining()).isEqualTo(999_990);
        assertThat(first.requestsResetMs()).isEqualTo(60_000);
        assertThat(third.allowed()).isTrue();
        assertThat(third.requestsRemaining()).isZero();
        assertThat(fourth.allowed()).isFalse();
        assertThat(fourth.limitedBy()).isEqualTo("requests");
        assertThat(fourth.requestsRemaining()).isZero();
        assertThat(fourth.tokensRemaining()).isEqualTo(999_970); // refused calls do not count
        // the first call leaves the window at T0 + 60 s: 29.5 s from now, rounded up
        assertThat(fourth.retryAfterSeconds()).isEqualTo(30);
        // all usage is gone when the third call leaves at T0 + 80 s
        assertThat(fourth.requestsResetMs()).isEqualTo(49_500);
    }

    @Test
    void windowRollsSoOldCallsStopCounting() {
        RateWindow window = new RateWindow(2, 1_000_000);
        window.tryAcquire(1, T0);
        window.tryAcquire(1, T0 + 1_000);

        assertThat(window.tryAcquire(1, T0 + 59_999).allowed()).isFalse();
        RateWindow.Decision afterFirstExpired = window.tryAcquire(1, T0 + 60_000);
        assertThat(afterFirstExpired.allowed()).isTrue();
        assertThat(afterFirstExpired.requestsRemaining()).isZero();
        assertThat(window.tryAcquire(1, T0 + 61_000).allowed()).isTrue();
    }

    @Test
    void refusesWhenTokensWouldExceedTpm() {
        RateWindow window = new RateWindow(100, 1_000);
        assertThat(window.tryAcquire(900, T0).allowed()).isTrue();

        RateWindow.Decision refused = window.tryAcquire(200, T0 + 5_000);

        assertThat(refused.allowed()).isFalse();
        assertThat(refused.limitedBy()).isEqualTo("tokens");
        assertThat(refused.tokensRemaining()).isEqualTo(100);
        assertThat(refused.requestsRemaining()).isEqualTo(99);
        assertThat(refused.retryAfterSeconds()).isEqualTo(55);
        assertThat(window.tryAcquire(100, T0 + 5_000).allowed()).isTrue();
    }

    @Test
    void requestLargerThanTpmIsToldToWaitAFullWindow() {
        RateWindow window = new RateWindow(100, 1_000);

        RateWindow.Decision refused = window.tryAcquire(1_001, T0);

        assertThat(refused.allowed()).isFalse();
        assertThat(refused.retryAfterSeconds()).isEqualTo(60);
    }
}
