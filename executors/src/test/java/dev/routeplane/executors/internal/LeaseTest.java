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

    @Test
    void aRenewalConfirmedByTheBrokerExtendsTheLeaseFromWhenItWasSent() {
        Lease renewing = new Lease(clock, acquired, Duration.ofSeconds(10), true, open::get);
        assertThat(renewing.renewAt()).isEqualTo(acquired.plusSeconds(5));

        clock.advance(Duration.ofSeconds(6));
        Instant sent = clock.instant();
        clock.advance(Duration.ofSeconds(1));
        renewing.renewed(sent);

        assertThat(renewing.expiresAt()).isEqualTo(sent.plusSeconds(10));
        assertThat(renewing.renewAt()).isEqualTo(sent.plusSeconds(5));
        clock.advance(Duration.ofSeconds(8));
        assertThat(renewing.held())
                .as("past the first expiry, within the renewed one")
                .isTrue();
        clock.advance(Duration.ofSeconds(1));
        assertThat(renewing.held()).isFalse();
    }

    @Test
    void anOlderRenewalNeverShortensTheLease() {
        Lease renewing = new Lease(clock, acquired, Duration.ofSeconds(10), true, open::get);
        renewing.renewed(acquired.minusSeconds(5));

        assertThat(renewing.expiresAt()).isEqualTo(acquired.plusSeconds(10));
    }
}
