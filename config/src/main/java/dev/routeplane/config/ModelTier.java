package dev.routeplane.config;

/** A model's class, used by tenant quality tiers and lane cascades. */
public enum ModelTier {
    /** Largest hosted models. */
    FRONTIER("frontier"),
    /** Small, cheap, fast hosted models. */
    MINI("mini"),
    /** Open-weight models, self-hosted or from an API. */
    OPEN_WEIGHTS("open-weights"),
    /** Small models on the local host. */
    LOCAL("local");

    private final String configName;

    ModelTier(String configName) {
        this.configName = configName;
    }

    /** The spelling used in routeplane.yaml. */
    public String configName() {
        return configName;
    }
}
