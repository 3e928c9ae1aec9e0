package dev.routeplane.executors.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.routeplane.config.KeyProfile;
import dev.routeplane.config.LatencyClass;
import dev.routeplane.config.Provider;
import dev.routeplane.config.ProviderKind;
import dev.routeplane.config.Sovereignty;
import dev.routeplane.executors.RateLimitSnapshot;
import dev.routeplane.executors.ResilienceSettings;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ProfileSelectorTest {
    static final Instant NOW = Instant.now();

    static ProviderResilience twoProfiles() {
        Provider provider = new Provider(
                "openai",
                ProviderKind.OPENAI_COMPATIBLE,
                URI.create("https://x/v1"),
                "us-east",
                Sovereignty.US,
                false,
                List.of(
                        new KeyProfile("primary", Optional.empty(), 6_000, 1_000_000, 10),
                        new KeyProfile("batch", Optional.empty(), 6_000, 1_000_000, 10)));
        return new ProviderResilience(provider, ResilienceSettings.defaults(), Runnable::run, Clock.systemUTC());
    }

    static RateLimitSnapshot remaining(long requests, long limit) {
        return new RateLimitSnapshot(
                OptionalLong.of(limit),
                OptionalLong.of(requests),
                NOW.plusSeconds(30),
                OptionalLong.empty(),
                OptionalLong.empty(),
                null,
                -1,
                NOW);
    }

    @Test
    void namesEveryResilienceInstanceAfterProviderAndProfile() {
        ProviderResilience r = twoProfiles();

        assertThat(r.profiles()).extracting(ProfileRuntime::name).containsExactly("openai/primary", "openai/batch");
        assertThat(r.profiles().get(0).breaker.getName()).isEqualTo("openai/primary");
        assertThat(r.profiles().get(0).requests.getName()).isEqualTo("openai/primary");
        var limiter = r.profiles().get(0).requests.getRateLimiterConfig();
        double admittedPerSecond = limiter.getLimitForPeriod()
                * 1e9
                / limiter.getLimitRefreshPeriod().toNanos();
        assertThat(admittedPerSecond)
                .as("98 %% of 6,000 rpm, nothing lost to rounding")
                .isCloseTo(98.0, org.assertj.core.data.Offset.offset(0.01));
        assertThat(limiter.getLimitRefreshPeriod())
                .as("about 100 ms slices")
                .isBetween(Duration.ofMillis(90), Duration.ofMillis(110));
    }

    @Test
    void movesTrafficToTheProfileWithHeadroomBeforeTheProviderLimitIsHit() {
        ProviderResilience r = twoProfiles();
        ProfileRuntime primary = r.profiles().get(0);
        ProfileRuntime batch = r.profiles().get(1);

        assertThat(ProfileSelector.pick(r.profiles(), NOW)).isSameAs(primary);
        primary.observe(remaining(40, 500)); // 8 % left: not exhausted yet, but the other key has more
        assertThat(ProfileSelector.pick(r.profiles(), NOW)).isSameAs(batch);
        batch.observe(remaining(10, 500));
        assertThat(ProfileSelector.pick(r.profiles(), NOW)).isSameAs(primary);
        assertThat(ProfileSelector.pick(r.profiles(), NOW.plusSeconds(31)))
                .as("after both resets")
                .isSameAs(primary);
    }

    @Test
    void prefersAProfileWhoseLocalLimiterHasPermitsLeft() {
        ProviderResilience r = twoProfiles();
        ProfileRuntime primary = r.profiles().get(0);
        for (int i = 0; i < 60; i++) {
            primary.requests.acquirePermission();
        }

        assertThat(ProfileSelector.pick(r.profiles(), NOW))
                .isSameAs(r.profiles().get(1));
    }

    @Test
    void avoidsAProfileWhoseCircuitIsOpen() {
        ProviderResilience r = twoProfiles();
        r.profiles().get(0).breaker.transitionToOpenState();
        r.profiles().get(1).observe(remaining(5, 500));

        assertThat(ProfileSelector.pick(r.profiles(), NOW))
                .isSameAs(r.profiles().get(1));
    }

    @Test
    void batchWorkKeepsUsingItsOwnLowRateKeyWhileItIsBookedLessThanASecondAhead() {
        Provider provider = new Provider(
                "openai",
                ProviderKind.OPENAI_COMPATIBLE,
                URI.create("https://x/v1"),
                "us-east",
                Sovereignty.US,
                false,
                List.of(
                        new KeyProfile("primary", Optional.empty(), 6_000, 1_000_000, 10),
                        new KeyProfile("batch", Optional.empty(), 500, 1_000_000, 20, Set.of(LatencyClass.BATCH))));
        ProviderResilience r =
                new ProviderResilience(provider, ResilienceSettings.defaults(), Runnable::run, Clock.systemUTC());
        ProfileRuntime primary = r.profiles().get(0);
        ProfileRuntime batch = r.profiles().get(1);
        assertThat(batch.requests.getRateLimiterConfig().getLimitForPeriod())
                .as("500 rpm in ~100 ms slices: one permit a slice")
                .isEqualTo(1);

        assertThat(ProfileSelector.pick(r.profiles(), LatencyClass.BATCH, NOW)).isSameAs(batch);
        for (int i = 0; i < 3; i++) {
            batch.requests.reservePermission(); // a poll's tasks, dispatched together: about 0.25 s booked ahead
        }
        assertThat(ProfileSelector.pick(r.profiles(), LatencyClass.BATCH, NOW))
                .as("booked less than a second ahead")
                .isSameAs(batch);
        for (int i = 0; i < 20; i++) {
            batch.requests.reservePermission(); // now about 2.7 s ahead, well past a second even if time passes
        }
        assertThat(ProfileSelector.pick(r.profiles(), LatencyClass.BATCH, NOW)).isSameAs(primary);
        assertThat(ProfileSelector.pick(r.profiles(), LatencyClass.INTERACTIVE, NOW))
                .isSameAs(primary);
    }

    @Test
    void batchWorkGoesToTheSharedKeyWhileItsOwnKeyHasNoFreeSlot() {
        Provider provider = new Provider(
                "openai",
                ProviderKind.OPENAI_COMPATIBLE,
                URI.create("https://x/v1"),
                "us-east",
                Sovereignty.US,
                false,
                List.of(
                        new KeyProfile("primary", Optional.empty(), 6_000, 1_000_000, 10),
                        new KeyProfile("batch", Optional.empty(), 6_000, 1_000_000, 1, Set.of(LatencyClass.BATCH))));
        ProviderResilience r =
                new ProviderResilience(provider, ResilienceSettings.defaults(), Runnable::run, Clock.systemUTC());
        ProfileRuntime batch = r.profiles().get(1);
        assertThat(batch.bulkhead.tryAcquirePermission()).isTrue();

        assertThat(ProfileSelector.pick(r.profiles(), LatencyClass.BATCH, NOW))
                .isSameAs(r.profiles().get(0));
    }
}
