package dev.routeplane.executors.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.routeplane.schemas.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import org.apache.kafka.clients.consumer.AcknowledgeType;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

class HeldRecordsTest {
    final Instant start = Instant.parse("2026-03-01T10:00:00Z");
    final MutableClock clock = new MutableClock(start);
    final HeldRecords held = new HeldRecords();

    ConsumerRecord<String, byte[]> record(long offset) {
        return new ConsumerRecord<>("rp.exec.alpha.v1", 0, offset, "acme", new byte[0]);
    }

    Lease lease() {
        return new Lease(clock, clock.instant(), Duration.ofSeconds(10), true, () -> true);
    }

    @Test
    void aFinishedRecordInFlightIsAcknowledgedAtOnce() {
        held.add(record(1), lease());

        HeldRecords.Held done = held.finish(record(1), AcknowledgeType.ACCEPT);

        assertThat(done).isNotNull();
        assertThat(done.record().offset()).isEqualTo(1);
        assertThat(held.isEmpty()).isTrue();
    }

    @Test
    void recordsAreDueForRenewalHalfwayThroughTheirLeaseAndAllInFlightAreRenewedTogether() {
        held.add(record(1), lease());
        clock.advance(Duration.ofSeconds(2));
        held.add(record(2), lease());

        clock.advance(Duration.ofMillis(2_999));
        assertThat(held.renewalDue(clock.instant())).isFalse();
        clock.advance(Duration.ofMillis(1));
        assertThat(held.renewalDue(clock.instant())).isTrue();

        assertThat(held.startRenewal(clock.instant()))
                .extracting(ConsumerRecord::offset)
                .containsExactly(1L, 2L);
        assertThat(held.allRenewing()).isTrue();
        assertThat(held.renewalDue(clock.instant())).as("being renewed").isFalse();
    }

    @Test
    void anOutcomeThatArrivesDuringTheRenewalWaitsForTheRecordToComeBack() {
        Lease lease = lease();
        held.add(record(1), lease);
        clock.advance(Duration.ofSeconds(5));
        Instant sent = clock.instant();
        held.startRenewal(sent);

        assertThat(held.finish(record(1), AcknowledgeType.ACCEPT)).isNull();
        assertThat(held.size()).isEqualTo(1);

        ConsumerRecord<String, byte[]> back = record(1);
        assertThat(held.renewed(back)).isEqualTo(AcknowledgeType.ACCEPT);
        assertThat(held.isEmpty()).isTrue();
        assertThat(lease.expiresAt()).isEqualTo(sent.plusSeconds(10));
    }

    @Test
    void aRenewedRecordWhoseTaskStillRunsIsInFlightAgainUnderItsNewDelivery() {
        held.add(record(1), lease());
        held.startRenewal(clock.instant());
        ConsumerRecord<String, byte[]> back = record(1);

        assertThat(held.renewed(back)).isNull();

        assertThat(held.allRenewing()).isFalse();
        assertThat(held.finish(record(1), AcknowledgeType.ACCEPT).record()).isSameAs(back);
    }

    @Test
    void aRenewalNotConfirmedBeforeTheLeaseLapsesIsDroppedAndItsLateOutcomeIgnored() {
        held.add(record(1), lease());
        clock.advance(Duration.ofSeconds(5));
        held.startRenewal(clock.instant());

        clock.advance(Duration.ofMillis(4_999));
        assertThat(held.dropLapsedRenewals()).isZero();
        clock.advance(Duration.ofMillis(1));
        assertThat(held.dropLapsedRenewals()).isEqualTo(1);

        assertThat(held.isEmpty()).isTrue();
        assertThat(held.finish(record(1), AcknowledgeType.ACCEPT)).isNull();
    }
}
