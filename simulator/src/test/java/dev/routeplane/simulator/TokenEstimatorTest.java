package dev.routeplane.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TokenEstimatorTest {

    @Test
    void estimatesWordsTimesOnePointThreeRoundedHalfUp() {
        assertThat(TokenEstimator.tokens("one two three")).isEqualTo(4); // 3.9
        assertThat(TokenEstimator.tokens("a b c d e")).isEqualTo(7); // 6.5 -> 7
        assertThat(TokenEstimator.tokens("  one\ttwo\n\nthree four  ")).isEqualTo(5); // 5.2
        assertThat(TokenEstimator.tokens("word")).isEqualTo(1); // 1.3
    }

    @Test
    void blankTextHasNoTokens() {
        assertThat(TokenEstimator.tokens(" \n\t")).isZero();
        assertThat(TokenEstimator.tokens("")).isZero();
    }
}
