package dev.routeplane.router.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Locale;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class DecimalsTest {

    @Property(tries = 5000)
    void printsWhatStringFormatPrints(
            @ForAll @DoubleRange(min = -2, max = 2) double v, @ForAll @IntRange(min = 0, max = 6) int scale) {
        assertThat(Decimals.append(new StringBuilder(), v, scale).toString())
                .isEqualTo(String.format(Locale.ROOT, "%." + scale + "f", v));
    }

    @Test
    void roundsHalfUpOnTheShortestDecimalLikeFormatter() {
        double[] values = {
            0,
            0.0005,
            1.0005,
            0.12345,
            -0.0005,
            -0.05,
            0.9995,
            0.95,
            1e-9,
            -1e-9,
            123456.78949,
            -0.0,
            Double.NaN,
            Double.POSITIVE_INFINITY,
            0.1 + 0.2,
            2.675,
            1.005
        };
        for (double v : values) {
            for (int scale = 0; scale <= 4; scale++) {
                assertThat(Decimals.append(new StringBuilder(), v, scale).toString())
                        .as("%s at scale %s", v, scale)
                        .isEqualTo(String.format(Locale.ROOT, "%." + scale + "f", v));
            }
        }
    }
}
