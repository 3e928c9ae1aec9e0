package dev.routeplane.learning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;

class OnlineSuccessEstimatorTest {

    private static final int DIM = 1 << 10;

    private final OnlineSuccessEstimator estimator =
            new OnlineSuccessEstimator(EstimatorConfig.ofDefaults().withDimension(DIM));

    @Test
    void unknownRouteGetsItsConfiguredPriorWithNoEvidence() {
        estimator.registerRoute("big-model", 0.9);

        SuccessEstimate e = estimator.estimate(vector(1), "big-model");

        assertThat(e.probability()).isEqualTo(0.9);
        assertThat(e.evidence()).isZero();
        assertThat(estimator.estimate(vector(1), "nobody").probability()).isEqualTo(0.5);
    }

    @Test
    void aGivenPriorStandsInForTheRegisteredOneUntilEvidenceTakesOver() {
        // given a route never learned, and one with 30 failures behind it (pseudo-count k from the defaults)
        double k = estimator.config().pseudoCount();
        for (int i = 0; i < 30; i++) {
            estimator.update(vector(i), "cascade:a,b>c", 0);
        }
        SuccessEstimate learned = estimator.estimate(vector(3), "cascade:a,b>c");

        // when each is estimated with a prior of 0.9 instead of the default 0.5
        SuccessEstimate fresh = estimator.estimate(vector(3), "cascade:x,y>z", 0.9);
        SuccessEstimate swapped = estimator.estimate(vector(3), "cascade:a,b>c", 0.9);

        // then the unseen route is the prior itself, and the learned one moves by k·(0.9 − 0.5)/(n + k)
        assertThat(fresh.probability()).isEqualTo(0.9);
        assertThat(fresh.evidence()).isZero();
        assertThat(fresh.prior()).isEqualTo(0.9);
        assertThat(swapped.evidence()).isEqualTo(30);
        assertThat(swapped.probability()).isCloseTo(learned.probability() + k * 0.4 / (30 + k), within(1e-12));
    }

    @Test
    void fewFailuresMoveTheEstimateOnlyPartWayFromThePrior() {
        estimator.registerRoute("new-model", 0.8);
        for (int i = 0; i < 3; i++) {
            estimator.update(vector(i), "new-model", 0);
        }

        SuccessEstimate e = estimator.estimate(vector(7), "new-model");

        assertThat(e.evidence()).isEqualTo(3);
        assertThat(e.probability()).isBetween(0.6, 0.8);
    }

    @Test
    void learnsASeparableProblemPerRoute() {
        // Route "coder" succeeds on feature 1 prompts only, route "talker" on feature 2 prompts only.
        Random random = new Random(7);
        for (int i = 0; i < 10_000; i++) {
            boolean code = random.nextBoolean();
            SparseVector x = vector(code ? 1 : 2, 10 + random.nextInt(50));
            estimator.update(x, "coder", code ? 1 : 0);
            estimator.update(x, "talker", code ? 0 : 1);
        }

        SparseVector code = vector(1, 33);
        SparseVector chat = vector(2, 44);
        assertThat(estimator.estimate(code, "coder").probability()).isGreaterThan(0.8);
        assertThat(estimator.estimate(chat, "coder").probability()).isLessThan(0.2);
        assertThat(estimator.estimate(chat, "talker").probability()).isGreaterThan(0.8);
        assertThat(estimator.estimate(code, "talker").probability()).isLessThan(0.2);
    }

    @Test
    void snapshotRoundTripReproducesEstimatesExactly() {
        estimator.registerRoute("m", 0.7);
        for (int i = 0; i < 200; i++) {
            estimator.update(vector(i % 5, 100 + i % 13), "m", i % 3 == 0 ? 0 : 1);
        }
        byte[] bytes = estimator.snapshot("m");

        OnlineSuccessEstimator router =
                new OnlineSuccessEstimator(EstimatorConfig.ofDefaults().withDimension(DIM));
        assertThat(router.load(bytes)).isEqualTo("m");

        for (int i = 0; i < 20; i++) {
            SparseVector x = vector(i % 5, 100 + i);
            assertThat(router.estimate(x, "m")).isEqualTo(estimator.estimate(x, "m"));
        }
        assertThat(bytes.length).isLessThan(1_000);
        assertThat(bytes[2 + 1]).isEqualTo((byte) 1); // version byte after the 1-char UTF route id
    }

    @Test
    void rejectsSnapshotsOfAnotherDimensionOrVersion() {
        estimator.update(vector(1), "m", 1);
        byte[] bytes = estimator.snapshot("m");
        OnlineSuccessEstimator other =
                new OnlineSuccessEstimator(EstimatorConfig.ofDefaults().withDimension(DIM * 2));

        assertThatThrownBy(() -> other.load(bytes)).hasMessageContaining("dimension");
        bytes[3] = 9;
        assertThatThrownBy(() -> estimator.load(bytes)).hasMessageContaining("version 9");
    }

    @Test
    void rejectsOutcomesOutsideTheUnitInterval() {
        assertThatThrownBy(() -> estimator.update(vector(1), "m", 1.5)).hasMessageContaining("[0,1]");
    }

    private static SparseVector vector(int... buckets) {
        int[] idx = java.util.Arrays.stream(buckets).distinct().sorted().toArray();
        float[] val = new float[idx.length];
        java.util.Arrays.fill(val, (float) (1 / Math.sqrt(idx.length)));
        return SparseVector.of(idx, val);
    }
}
