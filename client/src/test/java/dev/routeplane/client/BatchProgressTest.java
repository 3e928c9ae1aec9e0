package dev.routeplane.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class BatchProgressTest {

    /** A clock the test moves by hand. */
    private static final class Manual extends Clock {
        Instant now = Instant.parse("2026-12-01T10:00:00Z");

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    @Test
    void theRateFollowsTheRecentPaceAndTheEtaIsTheRestAtThatPace() {
        Manual clock = new Manual();
        BatchProgress progress = new BatchProgress(1_000, clock, Duration.ofSeconds(60));

        // 10 per second for the first two minutes, then 20 per second for one minute
        for (int s = 0; s <= 120; s++) {
            progress.observe(10L * s, 0);
            clock.now = clock.now.plusSeconds(1);
        }
        for (int s = 1; s <= 60; s++) {
            progress.observe(1_200 + 20L * s - 1, 1);
            clock.now = clock.now.plusSeconds(1);
        }
        progress.total(3_000);

        BatchProgress.Snapshot snapshot = progress.snapshot();
        assertThat(snapshot.done()).isEqualTo(2_400);
        assertThat(snapshot.failed()).isEqualTo(1);
        assertThat(snapshot.perSecond()).isCloseTo(20.0, org.assertj.core.data.Offset.offset(0.5));
        assertThat(snapshot.eta())
                .hasValueSatisfying(eta -> assertThat(eta.toSeconds()).isBetween(29L, 31L));
    }

    @Test
    void withoutProgressThereIsNoEtaAndAFinishedBatchHasNoneLeft() {
        Manual clock = new Manual();
        BatchProgress progress = new BatchProgress(10, clock);
        progress.observe(0, 0);
        clock.now = clock.now.plusSeconds(5);
        progress.observe(0, 0);
        assertThat(progress.snapshot().eta()).isEmpty();

        progress.observe(9, 1);
        assertThat(progress.snapshot().eta()).contains(Duration.ZERO);
        assertThat(progress.snapshot().remaining()).isZero();
    }
}
