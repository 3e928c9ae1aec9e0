package dev.routeplane.router.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The pacing of the commits the router asks for interactive requests. */
class InteractiveCommitsTest {

    @Test
    void theFirstAskIsAllowedAndAnotherOnlyOnceTheGapHasPassed() {
        InteractiveCommits pacer = new InteractiveCommits();
        long gap = InteractiveCommits.GAP.toMillis();

        assertThat(pacer.mayAsk(1_000)).isTrue();
        assertThat(pacer.mayAsk(1_000)).isFalse();
        assertThat(pacer.mayAsk(1_000 + gap - 1)).isFalse();
        assertThat(pacer.mayAsk(1_000 + gap)).isTrue();
        assertThat(pacer.mayAsk(1_000 + gap + 1)).isFalse();
    }

    @Test
    void aRequestThatWaitedLongerThanBehindMeansTheRouterIsBehind() {
        long behind = InteractiveCommits.BEHIND.toMillis();

        assertThat(InteractiveCommits.keepingUp(5_000, 5_000 + behind - 1)).isTrue();
        assertThat(InteractiveCommits.keepingUp(5_000, 5_000 + behind)).isFalse();
        assertThat(InteractiveCommits.keepingUp(5_000, 4_990)).isTrue(); // a clock a little behind the producer's
    }
}
