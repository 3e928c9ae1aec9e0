package dev.routeplane.executors.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.routeplane.schemas.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class LeaseTest {
    final Instant acquired = Instant.parse("2026-03-01T10:00:00Z");
    final MutableClock clock = new MutableClock(acquired);
    final AtomicBoolean open = new AtomicBoolean(true);
    final Lease lease = new Lease(clock, acquired, Duration.ofSeconds(25), open::get);

    @Test
    void isHeldOnTheWorkerClockUntilItsValidityRunsOut() {
        assertThat(lease.expiresAt()).isEqualTo(acquired.plusSeconds(25));
        assertThat(lease.held()).isTrue();

        clock.advance(Duration.ofMillis(24_999));
        assertThat(lease.held()).isTrue();

        clock.advance(Duration.ofMillis(1));
        assertThat(lease.held()).isFalse();
    }

    @Test
    void lapsesWhenTheConsumerHoldingTheLockCloses() {
        open.set(false);

        assertThat(lease.held()).isFalse();
    }

    @Test
    void aClockMovedBackBeforeTheAcquisitionCountsAsLapsedNeverAsLonger() {
        clock.set(acquired.minusSeconds(30));

        assertThat(lease.held()).isFalse();
        assertThat(lease.expiresAt()).isEqualTo(acquired.plusSeconds(25));
    }

    @Test
    void aLockShorterThanTheMarginIsNeverHeld() {
        Lease none = new Lease(clock, acquired, Duration.ofMillis(-5_000), open::get);

        assertThat(none.held()).isFalse();
        assertThat(none.expiresAt()).isEqualTo(acquired);
    }
}
