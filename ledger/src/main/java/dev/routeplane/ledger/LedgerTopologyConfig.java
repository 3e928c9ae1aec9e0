package dev.routeplane.ledger;

import dev.routeplane.config.RouteplaneConfig;
import dev.routeplane.schemas.RouteplaneSerdes;
import dev.routeplane.schemas.Topics;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Everything {@link LedgerTopology#build} depends on. Immutable; start from {@link #of} and adjust with the
 * {@code with…} methods.
 *
 * @param config prices (by effective date), tenant budgets and model quality priors
 * @param topics topic names and partitioning
 * @param serdes serdes for the Avro topics
 * @param clock wall clock for {@code updatedAt}, the current budget period and state expiry
 * @param statsEmitInterval how often changed route statistics are emitted (wall-clock); bounds their rate
 * @param billingRule which amount is billed per call
 * @param dedupeRetention how long a seen {@code eventId} is remembered; a re-sent event within it never
 *     counts twice, so it must exceed the longest budget period plus the longest redelivery delay
 * @param requestRouteRetention how long a request's route (and feedback waiting for its result) is kept,
 *     which is how late feedback may arrive and still count
 * @param cleanupInterval how often expired dedupe and request entries are purged (wall-clock); a purge forgets at
 *     most {@link dev.routeplane.schemas.streams.GenerationKeys#MAX_PURGE} entries of each store, so this bounds the
 *     event rate whose entries are forgotten as fast as they come
 * @param defaultQualityPrior prior mean quality for a model the config does not list
 * @param qualityPriorStrength pseudo-observations behind the prior, so a new route is not judged on a few
 *     ratings
 * @param callSettlement how calls left open by a dead executor (an intent, no cost event) are settled
 */
public record LedgerTopologyConfig(
        RouteplaneConfig config,
        Topics topics,
        RouteplaneSerdes serdes,
        Clock clock,
        Duration statsEmitInterval,
        BillingRule billingRule,
        Duration dedupeRetention,
        Duration requestRouteRetention,
        Duration cleanupInterval,
        double defaultQualityPrior,
        double qualityPriorStrength,
        CallSettlement callSettlement) {

    public LedgerTopologyConfig {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(topics, "topics");
        Objects.requireNonNull(serdes, "serdes");
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(billingRule, "billingRule");
        Objects.requireNonNull(callSettlement, "callSettlement");
        requirePositive("statsEmitInterval", statsEmitInterval);
        requirePositive("dedupeRetention", dedupeRetention);
        requirePositive("requestRouteRetention", requestRouteRetention);
        requirePositive("cleanupInterval", cleanupInterval);
        if (!(defaultQualityPrior >= 0 && defaultQualityPrior <= 1)) {
            throw new IllegalArgumentException("defaultQualityPrior must be within 0..1, got " + defaultQualityPrior);
        }
        if (!(qualityPriorStrength > 0)) {
            throw new IllegalArgumentException("qualityPriorStrength must be > 0, got " + qualityPriorStrength);
        }
    }

    /**
     * Defaults: system UTC clock, stats every second, {@link BillingRule#RECORDED}, dedupe for 40 days,
     * requests kept 7 days for late feedback, a purge every 10 s (up to 5,000 entries a second), prior 0.7 with 10 pseudo-observations,
     * {@link CallSettlement#defaults()} (no usage lookups: an unrecorded call is estimated).
     */
    public static LedgerTopologyConfig of(RouteplaneConfig config, Topics topics, RouteplaneSerdes serdes) {
        return new LedgerTopologyConfig(
                config,
                topics,
                serdes,
                Clock.systemUTC(),
                Duration.ofSeconds(1),
                BillingRule.RECORDED,
                Duration.ofDays(40),
                Duration.ofDays(7),
                Duration.ofSeconds(10),
                0.7,
                10.0,
                CallSettlement.defaults());
    }

    public LedgerTopologyConfig withClock(Clock clock) {
        return copy(c -> c.clock = clock);
    }

    public LedgerTopologyConfig withStatsEmitInterval(Duration interval) {
        return copy(c -> c.statsEmitInterval = interval);
    }

    public LedgerTopologyConfig withBillingRule(BillingRule rule) {
        return copy(c -> c.billingRule = rule);
    }

    public LedgerTopologyConfig withRetention(Duration dedupe, Duration requestRoutes, Duration cleanupEvery) {
        return copy(c -> {
            c.dedupeRetention = dedupe;
            c.requestRouteRetention = requestRoutes;
            c.cleanupInterval = cleanupEvery;
        });
    }

    public LedgerTopologyConfig withQualityPrior(double defaultPrior, double strength) {
        return copy(c -> {
            c.defaultQualityPrior = defaultPrior;
            c.qualityPriorStrength = strength;
        });
    }

    public LedgerTopologyConfig withCallSettlement(CallSettlement settlement) {
        return copy(c -> c.callSettlement = settlement);
    }

    /** This configuration with {@code change} applied; the canonical constructor validates the result. */
    private LedgerTopologyConfig copy(Consumer<Copy> change) {
        Copy c = new Copy(this);
        change.accept(c);
        return new LedgerTopologyConfig(
                config,
                topics,
                serdes,
                c.clock,
                c.statsEmitInterval,
                c.billingRule,
                c.dedupeRetention,
                c.requestRouteRetention,
                c.cleanupInterval,
                c.defaultQualityPrior,
                c.qualityPriorStrength,
                c.callSettlement);
    }

    /** The adjustable components, mutable only while one {@link #copy} is being made. */
    private static final class Copy {
        Clock clock;
        Duration statsEmitInterval;
        BillingRule billingRule;
        Duration dedupeRetention;
        Duration requestRouteRetention;
        Duration cleanupInterval;
        double defaultQualityPrior;
        double qualityPriorStrength;
        CallSettlement callSettlement;

        Copy(LedgerTopologyConfig from) {
            clock = from.clock;
            statsEmitInterval = from.statsEmitInterval;
            billingRule = from.billingRule;
            dedupeRetention = from.dedupeRetention;
            requestRouteRetention = from.requestRouteRetention;
            cleanupInterval = from.cleanupInterval;
            defaultQualityPrior = from.defaultQualityPrior;
            qualityPriorStrength = from.qualityPriorStrength;
            callSettlement = from.callSettlement;
        }
    }

    private static void requirePositive(String name, Duration value) {
        if (value == null || value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(name + " must be a positive duration, got " + value);
        }
    }
}
