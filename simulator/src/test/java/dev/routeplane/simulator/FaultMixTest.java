package dev.routeplane.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FaultMixTest {

    private final FaultMix mix = FaultMix.builder()
            .serverError5xx(0.1)
            .rateLimited429(0.1)
            .timeout(0.1)
            .errorIn200(0.1)
            .cutOff(0.1)
            .contentFilter(0.1)
            .build();

    @Test
    void picksFaultsFromConsecutiveSlicesOfTheUnitInterval() {
        assertThat(mix.pick(0.0)).isEqualTo(Fault.SERVER_ERROR);
        assertThat(mix.pick(0.0999)).isEqualTo(Fault.SERVER_ERROR);
        assertThat(mix.pick(0.1)).isEqualTo(Fault.RATE_LIMITED);
        assertThat(mix.pick(0.25)).isEqualTo(Fault.TIMEOUT);
        assertThat(mix.pick(0.35)).isEqualTo(Fault.ERROR_IN_200);
        assertThat(mix.pick(0.45)).isEqualTo(Fault.CUT_OFF);
        assertThat(mix.pick(0.55)).isEqualTo(Fault.CONTENT_FILTER);
        assertThat(mix.pick(0.6)).isEqualTo(Fault.NONE);
        assertThat(mix.toBuilder().longCall(0.1).build().pick(0.65)).isEqualTo(Fault.LONG_CALL);
        assertThat(mix.pick(0.9999)).isEqualTo(Fault.NONE);
    }

    @Test
    void alwaysGivesTheFaultOnEveryDraw() {
        for (Fault f : Fault.values()) {
            FaultMix always = FaultMix.always(f);
            assertThat(List.of(always.pick(0), always.pick(0.5), always.pick(0.999999)))
                    .containsOnly(f);
        }
    }

    @Test
    void rejectsProbabilitiesOutsideUnitIntervalOrSummingAboveOne() {
        assertThatThrownBy(() -> FaultMix.builder().timeout(-0.1).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("[0, 1]");
        assertThatThrownBy(() -> FaultMix.builder().timeout(0.6).cutOff(0.5).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("sum to at most 1");
        assertThatThrownBy(() -> FaultMix.builder().timeoutHoldMs(0).build())
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void providerDrawsAreTheSameSequenceForTheSameSeed() {
        SimulatedProvider provider =
                SimulatedProvider.builder("p1", WireFormat.OPENAI).faults(mix).build();
        ProviderRuntime a = new ProviderRuntime(provider, 7);
        ProviderRuntime b = new ProviderRuntime(provider, 7);
        ProviderRuntime otherSeed = new ProviderRuntime(provider, 8);

        List<Fault> fromA = new ArrayList<>();
        List<Fault> fromB = new ArrayList<>();
        List<Fault> fromOther = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            fromA.add(mix.pick(a.nextDraw().fault()));
            fromB.add(mix.pick(b.nextDraw().fault()));
            fromOther.add(mix.pick(otherSeed.nextDraw().fault()));
        }

        assertThat(fromA).isEqualTo(fromB).isNotEqualTo(fromOther);
    }

    @Test
    void drawFrequenciesFollowTheMix() {
        ProviderRuntime runtime = new ProviderRuntime(
                SimulatedProvider.builder("p1", WireFormat.OPENAI).faults(mix).build(), 42);
        Map<Fault, Integer> counts = new EnumMap<>(Fault.class);
        for (int i = 0; i < 100_000; i++) {
            counts.merge(mix.pick(runtime.nextDraw().fault()), 1, Integer::sum);
        }
        // 10% each: within 0.5 percentage points over 100,000 draws (about 5 standard deviations)
        for (Fault f : List.of(
                Fault.SERVER_ERROR,
                Fault.RATE_LIMITED,
                Fault.TIMEOUT,
                Fault.ERROR_IN_200,
                Fault.CUT_OFF,
                Fault.CONTENT_FILTER)) {
            assertThat(counts.get(f)).as(f.name()).isBetween(9_500, 10_500);
        }
        assertThat(counts.get(Fault.NONE)).isBetween(39_000, 41_000);
    }
}
