package dev.routeplane.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RateUsageTest {

    @Test
    void countsWhatWasAdmittedInTheLastSixtySecondsAgainstTheLimits() {
        RateWindow window = new RateWindow(100, 10_000);
        long t0 = 1_000_000L;
        for (int i = 0; i < 30; i++) {
            window.tryAcquire(200, t0 + i * 1_000L);
        }

        RateUsage now = window.usage(t0 + 29_000L);
        RateUsage later = window.usage(t0 + 75_000L);

        assertThat(now.requests()).isEqualTo(30);
        assertThat(now.tokens()).isEqualTo(6_000);
        assertThat(now.requestShare()).isEqualTo(0.30);
        assertThat(now.tokenShare()).isEqualTo(0.60);
        assertThat(later.requests())
                .as("seconds 16 to 29 are still in the window")
                .isEqualTo(14);
    }
}
