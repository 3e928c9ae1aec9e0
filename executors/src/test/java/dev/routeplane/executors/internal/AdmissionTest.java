package dev.routeplane.executors.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.routeplane.config.KeyProfile;
import dev.routeplane.config.LatencyClass;
import dev.routeplane.config.Provider;
import dev.routeplane.config.ProviderKind;
import dev.routeplane.config.Sovereignty;
import dev.routeplane.executors.ResilienceSettings;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class AdmissionTest {
    private static final long MANY_TOKENS = 1_000_000_000L;
    private final AtomicInteger held = new AtomicInteger();

    /** Profiles of one provider, each with its limits; {@code batchOnly} ones serve batch work alone. */
    private static List<ProfileRuntime> profiles(KeyProfile... keys) {
        Provider provider = new Provider(
                "openai",
                ProviderKind.OPENAI_COMPATIBLE,
                URI.create("https://x/v1"),
                "us-east",
                Sovereignty.US,
                false,
                List.of(keys));
        return new ProviderResilience(provider, ResilienceSettings.defaults(), Runnable::run, Clock.systemUTC())
                .profiles();
    }

    private static KeyProfile key(String id, int rpm, long tpm, int maxInFlight, LatencyClass... classes) {
        return new KeyProfile(id, Optional.empty(), rpm, tpm, maxInFlight, Set.of(classes));
    }

    // Two profiles of 6,000 rpm at 98 %: 196 permits a second together, so a 1 s look-ahead is 196 permits.
    private final List<ProfileRuntime> twoKeys =
            profiles(key("primary", 6_000, MANY_TOKENS, 10_000), key("second", 6_000, MANY_TOKENS, 10_000));
    private final Admission admission = new Admission(twoKeys, Duration.ofSeconds(1), held::get, 1_000);

    @Test
    void holdsPollsBackWhileTheReservedPermitsReachBeyondTheLookAhead() throws InterruptedException {
        assertThat(admission.claim(100, 100, 0)).as("nothing queued").isTrue();
        admission.settle(100, 100);

        reserve(twoKeys.get(0), 300); // about 1.5 s of both profiles' permits

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
        ProfileRuntime primary = twoKeys.get(0);
        reserve(primary, 300);
        assertThat(admission.claim(100, 100, 0)).isFalse();

        primary.breaker.transitionToOpenState();

        assertThat(admission.claim(100, 100, 0))
                .as("only the other profile's empty queue counts")
                .isTrue();
    }

    @Test
    void holdsBackWhileTheTokensBookedReachBeyondTheLookAhead() throws InterruptedException {
        // 60,000 tpm at 98 %: 980 tokens a second; a call of about 1,000 tokens is a second of them
        List<ProfileRuntime> tokenBound = profiles(key("primary", 60_000, 60_000, 10_000));
        Admission tokens = new Admission(tokenBound, Duration.ofSeconds(1), held::get, 1_000);
        assertThat(tokens.claim(1, 1, 0)).isTrue();
        tokens.settle(1, 1);

        assertThat(tokenBound.get(0).tokens.reservePermission(900)).isGreaterThanOrEqualTo(0);
        assertThat(tokens.claim(1, 1, 0))
                .as("the period's tokens, not beyond it")
                .isTrue();
        tokens.settle(1, 1);

        assertThat(tokenBound.get(0).tokens.reservePermission(1_960)).isGreaterThanOrEqualTo(0);

        assertThat(tokens.claim(1, 1, 0))
                .as("two seconds of tokens booked ahead")
                .isFalse();
    }

    @Test
    void holdsBackWhileEveryBulkheadSlotIsTakenAndCallsWaitForOne() throws InterruptedException {
        List<ProfileRuntime> slotBound = profiles(key("primary", 600_000, MANY_TOKENS, 4));
        ProfileRuntime key = slotBound.get(0);
        Admission slots = new Admission(slotBound, Duration.ofSeconds(1), held::get, 1_000);
        key.recordLatency(2_000); // calls take long: a queued call waits about a latency over the slots
        for (int i = 0; i < 4; i++) {
            key.whenSlotFree(() -> {}, false);
        }
        assertThat(key.inFlight()).isEqualTo(4);
        assertThat(slots.claim(1, 1, 0))
                .as("the next call would be the first to wait for a slot")
                .isTrue();
        slots.settle(1, 1);

        for (int i = 0; i < 8; i++) {
            key.whenSlotFree(() -> {}, true);
        }

        assertThat(key.waitingForSlot()).isEqualTo(8);
        assertThat(slots.claim(1, 1, 0)).as("eight calls queued for four slots").isFalse();
    }

    @Test
    void aWaitingInteractiveCallTakesTheNextFreeSlotBeforeBatchCalls() {
        ProfileRuntime key = profiles(key("primary", 600_000, MANY_TOKENS, 1)).get(0);
        StringBuilder order = new StringBuilder();
        key.whenSlotFree(() -> order.append("first "), false);
        key.whenSlotFree(() -> order.append("batch "), true);
        key.whenSlotFree(() -> order.append("interactive "), false);

        key.release();
        key.release();

        assertThat(order.toString()).isEqualTo("first interactive batch ");
    }

    @Test
    void batchLanesTakeOnlyWhatInteractiveWorkLeavesOnAKeyTheyShare() throws InterruptedException {
        List<ProfileRuntime> keys = profiles(
                key("primary", 6_000, MANY_TOKENS, 10_000),
                key("bulk", 6_000, MANY_TOKENS, 10_000, LatencyClass.BATCH));
        Admission classes = new Admission(keys, Duration.ofSeconds(1), Duration.ofMillis(250), held::get, 1_000);

        reserve(keys.get(0), 50); // half a second of the shared key booked

        assertThat(classes.claim(Admission.Kind.STANDARD, 10, 10, 0))
                .as("interactive work still starts within its second")
                .isTrue();
        classes.settle(10, 10);
        assertThat(classes.claim(Admission.Kind.BATCH, 10, 10, 0))
                .as("batch work would push it further")
                .isFalse();
    }

    @Test
    void aKeyDedicatedToBatchWorkIsTheBatchLanesAlone() throws InterruptedException {
        List<ProfileRuntime> keys = profiles(
                key("primary", 6_000, MANY_TOKENS, 10_000, LatencyClass.INTERACTIVE, LatencyClass.BACKGROUND),
                key("bulk", 6_000, MANY_TOKENS, 10_000, LatencyClass.BATCH));
        Admission classes = new Admission(keys, Duration.ofSeconds(1), Duration.ofMillis(250), held::get, 1_000);

        reserve(keys.get(0), 150); // 1.5 s of the interactive key booked

        assertThat(classes.claim(Admission.Kind.STANDARD, 10, 10, 0)).isFalse();
        assertThat(classes.claim(Admission.Kind.BATCH, 10, 10, 0))
                .as("the bulk key is free and shares nothing")
                .isTrue();
    }

    private static void reserve(ProfileRuntime profile, int permits) {
        for (int i = 0; i < permits; i++) {
            assertThat(profile.requests.reservePermission()).isGreaterThanOrEqualTo(0);
        }
    }
}
