package dev.routeplane.config;

/** How much a tenant pays for quality; the router's cost/quality trade-off. */
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

    /** The spelling used in routeplane.yaml. */
    public String configName() {
        return configName;
    }
}
