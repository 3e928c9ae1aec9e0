package dev.routeplane.executors.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class AdmissionTest {
    // Two profiles of 6,000 rpm at 98 %: 196 permits a second together, so a 1 s look-ahead is 196 permits.
    private final ProviderResilience resilience = ProfileSelectorTest.twoProfiles();
    private final AtomicInteger held = new AtomicInteger();
    private final Admission admission = new Admission(resilience.profiles(), Duration.ofSeconds(1), held::get, 1_000);

    @Test
    void holdsPollsBackWhileTheReservedPermitsReachBeyondTheLookAhead() throws InterruptedException {
        assertThat(admission.claim(100, 100, 0)).as("nothing queued").isTrue();
        admission.settle(100, 100);

        reserve(resilience.profiles().get(0), 300); // about 1.5 s of both profiles' permits

        assertThat(admission.claim(100, 100, 0)).isFalse();
        assertThat(admission.claim(100, 100, 2_000))
                .as("once the backlog is within 1 s")
                .isTrue();
    }

    @Test
    void countsWhatLanesArePollingForSoTheyDoNotAllTakeABatchAtOnce() throws InterruptedException {
        assertThat(admission.claim(100, 100, 0)).isTrue();
        assertThat(admission.claim(100, 100, 0)).as("100 expected ahead: 0.5 s").isTrue();
        assertThat(admission.claim(100, 100, 0))
                .as("200 expected ahead: just over 1 s")
                .isFalse();
        assertThat(admission.claim(100, 10, 0))
                .as("expected counts, not the most a poll could bring")
                .isFalse();

        admission.settle(100, 100);

        assertThat(admission.claim(100, 10, 0)).isTrue();
    }

    @Test
    void neverClaimsMoreThanFitsBesideTheTasksHeld() throws InterruptedException {
        held.set(850);
        assertThat(admission.claim(100, 10, 0)).isTrue();
        assertThat(admission.claim(100, 10, 0))
                .as("950 + 100 > 1,000, however few are expected")
                .isFalse();

        held.set(750);

        assertThat(admission.claim(100, 10, 0)).isTrue();
    }

    @Test
    void ignoresTheBacklogOfAProfileWhoseCircuitIsOpen() throws InterruptedException {
        ProfileRuntime primary = resilience.profiles().get(0);
        reserve(primary, 300);
        assertThat(admission.claim(100, 100, 0)).isFalse();

        primary.breaker.transitionToOpenState();

        assertThat(admission.claim(100, 100, 0))
                .as("only the other profile's empty queue counts")
                .isTrue();
    }

    private static void reserve(ProfileRuntime profile, int permits) {
        for (int i = 0; i < permits; i++) {
            assertThat(profile.requests.reservePermission()).isGreaterThanOrEqualTo(0);
        }
    }
}
