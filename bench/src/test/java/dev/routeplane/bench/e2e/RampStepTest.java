package dev.routeplane.bench.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class RampStepTest {

    @Test
    void aStepWhoseBacklogStaysFlatAndThatCompletesWhatWasOfferedIsKeptUpWith() {
        RampStep step = new RampStep(1000, 15.0, 15_000, 14_900, 120, 220, 1.0);

        assertThat(step.keptUp()).isTrue();
        assertThat(step.offeredPerSecond()).isEqualTo(1000.0);
    }

    @Test
    void aBacklogGrowingByMoreThanOneSecondOfTheOfferedRateFallsBehind() {
        // Completed 96% (above the 95% share), but 1,200 more requests wait at the end than at the start.
        RampStep step = new RampStep(1000, 15.0, 15_000, 14_400, 100, 1_300, 1.0);

        assertThat(step.keptUp()).isFalse();
    }

    @Test
    void completingLessThan95PercentOfWhatWasOfferedFallsBehind() {
        RampStep step = new RampStep(1000, 15.0, 15_000, 14_000, 3_000, 3_500, 1.0);

        assertThat(step.keptUp()).isFalse();
    }

    @Test
    void theMaximumIsTheLastRateOfTheLeadingKeptUpSteps() {
        RampStep kept250 = new RampStep(250, 15.0, 3_750, 3_750, 0, 10, 1.0);
        RampStep kept500 = new RampStep(500, 15.0, 7_500, 7_490, 10, 20, 1.0);
        RampStep behind = new RampStep(1000, 15.0, 15_000, 9_000, 20, 6_020, 1.0);
        RampStep luckyLater = new RampStep(2000, 15.0, 30_000, 30_000, 0, 0, 1.0);

        assertThat(RampStep.maxKeptUp(List.of(kept250, kept500, behind, luckyLater)))
                .isEqualTo(500);
        assertThat(RampStep.maxKeptUp(List.of(behind, kept250))).isZero();
    }
}
