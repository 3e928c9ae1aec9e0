package dev.routeplane.bench.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WarmUpTest {
    private static final WarmUp THIRTY_TO_THREE_HUNDRED = new WarmUp(Duration.ofSeconds(30), Duration.ofSeconds(300));

    @Test
    void theMinimumIsWarmedWhateverTheCompilerDoes() {
        assertThat(THIRTY_TO_THREE_HUNDRED.nextSlice(Duration.ZERO, Double.NaN)).isEqualTo(WarmUp.SLICE);
        assertThat(THIRTY_TO_THREE_HUNDRED.nextSlice(Duration.ofSeconds(15), 0.01))
                .isEqualTo(WarmUp.SLICE);
    }

    @Test
    void pastTheMinimumItStopsOnceTheCompilerSettled() {
        assertThat(THIRTY_TO_THREE_HUNDRED.nextSlice(Duration.ofSeconds(30), 0.40))
                .isEqualTo(WarmUp.SLICE);
        assertThat(THIRTY_TO_THREE_HUNDRED.nextSlice(Duration.ofSeconds(45), WarmUp.SETTLED_CORES))
                .isZero();
        assertThat(THIRTY_TO_THREE_HUNDRED.nextSlice(Duration.ofSeconds(45), 0.16))
                .isEqualTo(WarmUp.SLICE);
    }

    @Test
    void theMaximumEndsItSettledOrNotAndShortensTheLastSlice() {
        assertThat(THIRTY_TO_THREE_HUNDRED.nextSlice(Duration.ofSeconds(290), 0.40))
                .isEqualTo(Duration.ofSeconds(10));
        assertThat(THIRTY_TO_THREE_HUNDRED.nextSlice(Duration.ofSeconds(300), 0.40))
                .isZero();
    }

    @Test
    void aFixedWarmUpIsMinimumEqualToMaximumAndNoneIsZero() {
        WarmUp fixed = new WarmUp(Duration.ofSeconds(20), Duration.ofSeconds(20));
        assertThat(fixed.nextSlice(Duration.ofSeconds(15), 0.9)).isEqualTo(Duration.ofSeconds(5));
        assertThat(fixed.nextSlice(Duration.ofSeconds(20), 0.9)).isZero();
        assertThat(new WarmUp(Duration.ZERO, Duration.ZERO).nextSlice(Duration.ZERO, Double.NaN))
                .isZero();
    }

    @Test
    void aMaximumBelowTheMinimumIsRefusedNamingBoth() {
        assertThatThrownBy(() -> new WarmUp(Duration.ofSeconds(120), Duration.ofSeconds(60)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("--warmup-max-seconds (60) must be at least --warmup-seconds (120)");
        assertThatThrownBy(() -> new WarmUp(Duration.ofSeconds(-1), Duration.ofSeconds(60)))
                .hasMessage("--warmup-seconds must be 0 or more, got -1");
    }

    @Test
    void theCompilersCoresAreItsThreadsCpuOverTheWallTime() {
        Map<Long, JvmThreadCpu.Reading> start = Map.of(
                7L, new JvmThreadCpu.Reading(JvmThreadCpu.COMPILER, 1_000_000_000L),
                8L, new JvmThreadCpu.Reading(JvmThreadCpu.COLLECTOR, 0));
        Map<Long, JvmThreadCpu.Reading> end = Map.of(
                7L, new JvmThreadCpu.Reading(JvmThreadCpu.COMPILER, 2_500_000_000L),
                8L, new JvmThreadCpu.Reading(JvmThreadCpu.COLLECTOR, 9_000_000_000L),
                9L, new JvmThreadCpu.Reading(JvmThreadCpu.COMPILER, 1_500_000_000L));

        assertThat(WarmUp.compilerCores(start, end, 10_000_000_000L)).isEqualTo(0.3);
        assertThat(WarmUp.compilerCores(Map.of(), Map.of(), 10_000_000_000L)).isZero();
    }
}
