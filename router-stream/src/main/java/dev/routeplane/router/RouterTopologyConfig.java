package dev.routeplane.router;

import dev.routeplane.classifier.Classifier;
import dev.routeplane.config.RouteplaneConfig;
import dev.routeplane.router.internal.StatsAwareSelector;
import dev.routeplane.schemas.RouteplaneSerdes;
import dev.routeplane.schemas.Topics;
import java.time.Clock;
import java.util.Objects;

/**
 * Everything {@link RouterTopology#build} needs; nothing here starts threads or touches the network.
 *
 * @param config        the validated routeplane.yaml
 * @param topics        topic names (prefix, partitions)
 * @param serdes        registry-backed serdes
 * @param classifier    the shared, thread-safe classifier
 * @param clock         decision time, budget periods and price dates
 * @param routerVersion written into every decision ({@code versions.router})
 * @param seed          makes exploration choices reproducible
 * @param selector      ranks eligible routes; {@link #of} uses the rule-and-statistics selector
 */
public record RouterTopologyConfig(
        RouteplaneConfig config,
        Topics topics,
        RouteplaneSerdes serdes,
        Classifier classifier,
        Clock clock,
        String routerVersion,
        long seed,
        RouteSelector selector) {

    public RouterTopologyConfig {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(topics, "topics");
        Objects.requireNonNull(serdes, "serdes");
        Objects.requireNonNull(classifier, "classifier");
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(routerVersion, "routerVersion");
        Objects.requireNonNull(selector, "selector");
    }

    /** A configuration with the default {@code StatsAwareSelector} over {@code config.router()} and {@code seed}. */
    public static RouterTopologyConfig of(
            RouteplaneConfig config,
            Topics topics,
            RouteplaneSerdes serdes,
            Classifier classifier,
            Clock clock,
            String routerVersion,
            long seed) {
        return new RouterTopologyConfig(
                config,
                topics,
                serdes,
                classifier,
                clock,
                routerVersion,
                seed,
                new StatsAwareSelector(config.router(), seed));
    }

    /** The same configuration with another selector (e.g. a learned one). */
    public RouterTopologyConfig withSelector(RouteSelector other) {
        return new RouterTopologyConfig(config, topics, serdes, classifier, clock, routerVersion, seed, other);
    }
}
