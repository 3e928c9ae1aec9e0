package dev.routeplane.bench.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class OverheadTest {

    @Test
    void theOverheadIsTheRoundTripMinusTheProviderCallsOwnTime() {
        Map<String, Long> roundTrip = Map.of("a", 40L, "b", 250L);
        Map<String, Long> provider = Map.of("a", 15L, "b", 200L);

        assertThat(Overhead.of(roundTrip, provider)).containsExactlyInAnyOrder(25L, 50L);
    }

    @Test
    void aRequestWhoseResultWasNotReadIsCountedApartNotGuessed() {
        Map<String, Long> roundTrip = Map.of("a", 40L, "missing", 30L);
        Map<String, Long> provider = Map.of("a", 15L);

        assertThat(Overhead.of(roundTrip, provider)).containsExactly(25L);
        assertThat(Overhead.unmatched(roundTrip, provider)).isEqualTo(1);
    }

    @Test
    void aProviderTimeRoundedAboveTheRoundTripCountsAsNoOverhead() {
        // Both are whole milliseconds measured on different clocks: a 0 ms overhead can read as -1.
        assertThat(Overhead.of(Map.of("a", 3L), Map.of("a", 4L))).containsExactly(0L);
    }
}
