package dev.routeplane.config;

import java.util.Locale;
import java.util.Optional;

/**
 * How much a tenant pays for quality: the router's cost/quality trade-off, and the cost weight the learned chooser
 * applies. Set per tenant in routeplane.yaml, overridden per request by {@code hints.qualityTier}.
 */
public enum QualityTier {
    /** Cheapest route that is good enough. */
    ECONOMY("economy"),
    /** Balanced cost and quality. */
    STANDARD("standard"),
    /** Best quality the policy allows. */
    PREMIUM("premium");

    private final String configName;

    QualityTier(String configName) {
        this.configName = configName;
    }

    /** The spelling used in routeplane.yaml and in explanations. */
    public String configName() {
        return configName;
    }

    /** Parses a tier name case-insensitively ({@code economy}, {@code standard}, {@code premium}); else empty. */
    public static Optional<QualityTier> parse(String value) {
        if (value == null) {
            return Optional.empty();
        }
        String lower = value.toLowerCase(Locale.ROOT);
        for (QualityTier tier : values()) {
            if (tier.configName.equals(lower)) {
                return Optional.of(tier);
            }
        }
        return Optional.empty();
    }
}
