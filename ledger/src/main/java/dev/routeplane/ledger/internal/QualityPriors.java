package dev.routeplane.ledger.internal;

import dev.routeplane.config.Model;
import dev.routeplane.config.RouteplaneConfig;

/**
 * The quality estimate as the mean of a Beta posterior. The prior is Beta(m·k, (1−m)·k): mean m (the
 * model's {@code qualityPrior} from config, else a default) worth k pseudo-observations. Each feedback
 * value x in 0..1 adds x to α and 1−x to β, so the posterior mean is (m·k + Σx) / (k + n): a route with
 * three ratings barely moves from its prior, one with hundreds is judged on its evidence.
 */
public final class QualityPriors {
    private final RouteplaneConfig config;
    private final double defaultPrior;
    private final double strength;

    public QualityPriors(RouteplaneConfig config, double defaultPrior, double strength) {
        this.config = config;
        this.defaultPrior = defaultPrior;
        this.strength = strength;
    }

    public double priorMean(String provider, String model) {
        Model byId = config.models().get(model);
        if (byId != null) {
            return byId.qualityPrior();
        }
        // Accept the wire id too, in case an executor reports the provider's model name.
        return config.models().values().stream()
                .filter(m -> m.provider().equals(provider) && m.providerModel().equals(model))
                .mapToDouble(Model::qualityPrior)
                .findFirst()
                .orElse(defaultPrior);
    }

    public double posteriorMean(String provider, String model, long evidence, double feedbackSum) {
        return (priorMean(provider, model) * strength + feedbackSum) / (strength + evidence);
    }
}
