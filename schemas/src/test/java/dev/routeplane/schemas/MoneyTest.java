package dev.routeplane.schemas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class MoneyTest {

    @Test
    void costOfACallIsExactWhenItDividesEvenly() {
        // given 1,000 input tokens at $2.50/M and 500 output tokens at $10.00/M
        // when
        long cost = Money.costMicros(1_000, 500, 2_500_000, 10_000_000);

        // then 0.0025 + 0.005 dollars = 7,500 micros
        assertThat(cost).isEqualTo(7_500L);
    }

    @Test
    void costRoundsHalfUpToAWholeMicroDollar() {
        // exactly half a micro rounds up
        assertThat(Money.costMicros(1, 0, 500_000, 0)).isEqualTo(1L);
        // just below half rounds down
        assertThat(Money.costMicros(1, 0, 499_999, 0)).isEqualTo(0L);
        // 4.5 micros rounds to 5, not to the even 4
        assertThat(Money.costMicros(3, 0, 1_500_000, 0)).isEqualTo(5L);
        // 2.5 micros rounds to 3
        assertThat(Money.costMicros(0, 5, 0, 500_000)).isEqualTo(3L);
    }

    @Test
    void roundingHappensOncePerCallOnTheSumOfInputAndOutput() {
        // given 0.4 micros of input and 0.4 micros of output: separately each would round to 0
        // when
        long cost = Money.costMicros(1, 1, 400_000, 400_000);

        // then the call costs round(0.8) = 1
        assertThat(cost).isEqualTo(1L);
    }

    @Test
    void zeroTokensCostNothing() {
        assertThat(Money.costMicros(0, 0, 2_500_000, 10_000_000)).isZero();
    }

    @Test
    void productsBeyondLongRangeAreComputedExactly() {
        // (4611686018427387903 * 4 + 500000) / 1e6, floored = 18446744073710
        assertThat(Money.costMicros(Long.MAX_VALUE / 2, 0, 4, 0)).isEqualTo(18_446_744_073_710L);
    }

    @Test
    void costThatDoesNotFitInALongFails() {
        assertThatThrownBy(() -> Money.costMicros(Long.MAX_VALUE, 0, Long.MAX_VALUE, 0))
                .isInstanceOf(ArithmeticException.class);
    }

    @Test
    void negativeArgumentsAreRejectedByName() {
        assertThatThrownBy(() -> Money.costMicros(10, -1, 1, 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("outputTokens must not be negative, got -1");
    }

    @Test
    void formatsMicrosAsDollarsWithSixDecimals() {
        assertThat(Money.format(12_345_678L)).isEqualTo("$12.345678");
        assertThat(Money.format(0L)).isEqualTo("$0.000000");
        assertThat(Money.format(1L)).isEqualTo("$0.000001");
        assertThat(Money.format(1_000_000L)).isEqualTo("$1.000000");
        assertThat(Money.format(-1L)).isEqualTo("-$0.000001");
        assertThat(Money.format(Long.MIN_VALUE)).isEqualTo("-$9223372036854.775808");
    }

    @Test
    void formattingMatchesTheExactDecimalForAnyAmount() {
        SplittableRandom random = new SplittableRandom(7);
        for (int i = 0; i < 20_000; i++) {
            // every magnitude from 1 digit to 19, both signs
            long micros = random.nextLong() >> random.nextInt(64);
            String exact = (micros < 0 ? "-$" : "$")
                    + BigDecimal.valueOf(micros)
                            .abs()
                            .movePointLeft(6)
                            .setScale(6)
                            .toPlainString();
            assertThat(Money.format(micros)).as("micros %d", micros).isEqualTo(exact);
        }
    }

    @Test
    void parsesDollarStringsToExactMicros() {
        assertThat(Money.parseDollars("12.345678")).isEqualTo(12_345_678L);
        assertThat(Money.parseDollars("$0.5")).isEqualTo(500_000L);
        assertThat(Money.parseDollars("2.50")).isEqualTo(2_500_000L);
        assertThat(Money.parseDollars(" 7 ")).isEqualTo(7_000_000L);
        assertThat(Money.parseDollars("-$3")).isEqualTo(-3_000_000L);
        assertThat(Money.parseDollars("0.000001")).isEqualTo(1L);
        assertThat(Money.parseDollars("1.2345670")).isEqualTo(1_234_567L);
        assertThat(Money.parseDollars("9223372036854.775807")).isEqualTo(Long.MAX_VALUE);
        assertThat(Money.parseDollars("-9223372036854.775808")).isEqualTo(Long.MIN_VALUE);
    }

    @Test
    void parsingWhatFormatProducesGivesTheSameMicros() {
        for (long micros : new long[] {0, 1, 999_999, 12_345_678, -42, Long.MAX_VALUE, Long.MIN_VALUE}) {
            assertThat(Money.parseDollars(Money.format(micros))).isEqualTo(micros);
        }
    }

    @Test
    void rejectsMoreThanSixDecimals() {
        assertThatThrownBy(() -> Money.parseDollars("0.0000001"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Amount '0.0000001' has more than 6 decimal places; the smallest billable unit is one"
                        + " micro-dollar ($0.000001)");
    }

    @Test
    void rejectsNonDecimalText() {
        assertThatThrownBy(() -> Money.parseDollars("1e3"))
                .hasMessageStartingWith("Amount '1e3' is not a dollar amount");
        assertThatThrownBy(() -> Money.parseDollars("")).hasMessageStartingWith("Amount '' is not a dollar amount");
        assertThatThrownBy(() -> Money.parseDollars("1,50")).hasMessageStartingWith("Amount '1,50' is not");
        assertThatThrownBy(() -> Money.parseDollars(null)).hasMessageStartingWith("Amount 'null' is not");
    }

    @Test
    void rejectsAmountsBeyondLongRange() {
        assertThatThrownBy(() -> Money.parseDollars("9223372036854.775808"))
                .hasMessage("Amount '9223372036854.775808' is too large to represent in micro-dollars");
    }
}
