package dev.routeplane.router;

import dev.routeplane.classifier.Classifier;
import dev.routeplane.config.RouteplaneConfig;
import dev.routeplane.schemas.RouteplaneSerdes;
import dev.routeplane.schemas.Topics;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * Everything {@link LearnerTopology#build} needs; nothing here starts threads or touches the network.
 *
 * @param config           the validated routeplane.yaml (model priors, tenants for classification)
 * @param topics           topic names
 * @param serdes           registry-backed serdes
 * @param classifier       the same classifier configuration the router uses, so features match
 * @param learned          featurizer and estimator settings shared with the routers
 * @param clock            ages pending requests and stamps snapshots
 * @param publishInterval  how often changed success models are published (wall clock)
 * @param pendingRetention how long a routed request waits for its feedback before it is forgotten
 * @param guard            when the online guard rolls a newly bound alias back
 */
public record LearnerTopologyConfig(
        RouteplaneConfig config,
        Topics topics,
        RouteplaneSerdes serdes,
        Classifier classifier,
        LearnedRouting learned,
        Clock clock,
        Duration publishInterval,
        Duration pendingRetention,
        AliasGuardSettings guard) {

    public LearnerTopologyConfig {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(topics, "topics");
        Objects.requireNonNull(serdes, "serdes");
        Objects.requireNonNull(classifier, "classifier");
        Objects.requireNonNull(learned, "learned");
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(guard, "guard");
        if (publishInterval.isNegative() || publishInterval.isZero()) {
            throw new IllegalArgumentException("publishInterval must be positive, was " + publishInterval);
        }
        if (pendingRetention.isNegative() || pendingRetention.isZero()) {
            throw new IllegalArgumentException("pendingRetention must be positive, was " + pendingRetention);
        }
    }

    /** Publishes every 2 s; a request waits 7 days for feedback; the guard's defaults. */
    public static LearnerTopologyConfig of(
            RouteplaneConfig config,
            Topics topics,
            RouteplaneSerdes serdes,
            Classifier classifier,
            LearnedRouting learned,
            Clock clock) {
        return new LearnerTopologyConfig(
                config,
                topics,
                serdes,
                classifier,
                learned,
                clock,
                Duration.ofSeconds(2),
                Duration.ofDays(7),
                AliasGuardSettings.ofDefaults());
    }

    /** The same configuration with other guard settings. */
    public LearnerTopologyConfig withGuard(AliasGuardSettings settings) {
        return new LearnerTopologyConfig(
                config, topics, serdes, classifier, learned, clock, publishInterval, pendingRetention, settings);
    }
}
