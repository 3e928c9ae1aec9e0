package dev.routeplane.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class AxisTest {

    @Test
    void linearAxisEndsOnANiceTickAboveTheData() {
        Axis axis = Axis.linear(87.3, 5, 0, 100);

        assertThat(axis.ticks()).containsExactly(0.0, 20.0, 40.0, 60.0, 80.0, 100.0);
        assertThat(axis.map(50)).isCloseTo(50, within(1e-9));
    }

    @Test
    void switchesToLogScaleWhenValuesSpanOrdersOfMagnitudeAndKeepsZero() {
        Axis axis = Axis.auto(List.of(0.0, 0.0004, 0.026), 5, 0, 100);

        assertThat(axis.isLog()).isTrue();
        assertThat(axis.ticks()).containsExactly(0.0, 0.0001, 0.001, 0.01, 0.1);
        assertThat(axis.map(0)).isEqualTo(0);
        assertThat(axis.map(0.1)).isCloseTo(100, within(1e-9));
    }

    @Test
    void staysLinearForANarrowRange() {
        assertThat(Axis.auto(List.of(0.01, 0.02, 0.15), 5, 0, 100).isLog()).isFalse();
    }
}
