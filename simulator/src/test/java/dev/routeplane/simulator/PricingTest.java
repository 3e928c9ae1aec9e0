package dev.routeplane.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PricingTest {

    @Test
    void costIsExactForWholeMicros() {
        // 1,000 in at $0.15/M + 500 out at $0.60/M = 150 + 300 micro-dollars
        assertThat(Pricing.costMicros(1_000, 500, 150_000, 600_000)).isEqualTo(450);
    }

    @Test
    void costRoundsHalfUpToWholeMicro() {
        assertThat(Pricing.costMicros(1, 0, 500_000, 0)).isEqualTo(1); // 0.5 -> 1
        assertThat(Pricing.costMicros(1, 0, 499_999, 0)).isEqualTo(0); // 0.499999 -> 0
        assertThat(Pricing.costMicros(3, 7, 2_500_000, 10_000_000)).isEqualTo(78); // 7.5 + 70 = 77.5 -> 78
    }

    @Test
    void costRejectsOverflowInsteadOfWrapping() {
        assertThatThrownBy(() -> Pricing.costMicros(Long.MAX_VALUE / 2, 0, 3, 0))
                .isInstanceOf(ArithmeticException.class);
    }

    @Test
    void usdToMicrosReadsScientificNotationAndRoundsHalfUp() {
        assertThat(Pricing.usdToMicros("3.2999999999999996e-05")).isEqualTo(33);
        assertThat(Pricing.usdToMicros("0.000423")).isEqualTo(423);
        assertThat(Pricing.usdToMicros("0.0000005")).isEqualTo(1);
        assertThat(Pricing.usdToMicros("0.0000004999")).isEqualTo(0);
        assertThat(Pricing.usdToMicros("2.254")).isEqualTo(2_254_000);
    }
}
