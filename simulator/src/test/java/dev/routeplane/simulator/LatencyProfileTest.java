package dev.routeplane.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class LatencyProfileTest {

    @Test
    void fixedIgnoresDraws() {
        assertThat(LatencyProfile.fixed(1_000).sampleMs(0.99, 3.0)).isEqualTo(1_000);
    }

    @Test
    void uniformCoversBothBounds() {
        LatencyProfile uniform = LatencyProfile.uniform(100, 200);
        assertThat(uniform.sampleMs(0.0, 0)).isEqualTo(100);
        assertThat(uniform.sampleMs(0.999999, 0)).isEqualTo(200);
    }

    @Test
    void lognormalHitsMedianAndP95AtTheirQuantiles() {
        LatencyProfile lognormal = LatencyProfile.lognormal(800, 2_500);
        assertThat(lognormal.sampleMs(0, 0.0)).isEqualTo(800);
        assertThat(lognormal.sampleMs(0, 1.6448536269514722)).isEqualTo(2_500);
        assertThat(lognormal.sampleMs(0, 40.0)).isEqualTo(25_000); // capped at 10 x p95
    }

    @Test
    void rejectsP95BelowMedian() {
        assertThatThrownBy(() -> LatencyProfile.lognormal(500, 100)).isInstanceOf(IllegalArgumentException.class);
    }
}
