package dev.routeplane.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Replayed usage priced at the model's list prices gives back the recorded cost. */
class ReplayUsageTest {

    @Test
    void usagePricedAtListPricesIsTheRecordedCostToWithinHalfAnInputToken() {
        // given recorded costs from RouterBench and gpt-4-1106's list prices ($10 / $30 per million tokens)
        long in = 10_000_000;
        long out = 30_000_000;
        for (long recorded : new long[] {6_160, 33, 1, 0, 123_456}) {
            // when usage is fitted with 300 estimated output tokens
            long[] usage = CallPipeline.usageAtRecordedCost(recorded, 300, in, out);

            // then it prices back to the recorded micro-dollars, never with negative tokens
            assertThat(usage[0]).isNotNegative();
            assertThat(usage[1]).isBetween(0L, 300L);
            double priced = (usage[0] * in + usage[1] * out) / 1e6;
            assertThat(priced).isCloseTo(recorded, org.assertj.core.data.Offset.offset(in / 2e6));
        }
    }

    @Test
    void cheapModelsPriceBackExactly() {
        // a model at $0.20 per million tokens: one token costs less than a micro-dollar
        long[] usage = CallPipeline.usageAtRecordedCost(33, 120, 200_000, 200_000);

        assertThat(Math.round((usage[0] * 200_000 + usage[1] * 200_000) / 1e6)).isEqualTo(33);
    }
}
