package dev.routeplane.config;

/**
 * Prompt size band by input tokens; the classifier's thresholds decide it (defaults: SHORT up to 4,096, MEDIUM up to
 * 32,768, LONG up to 131,072, HUGE above). Lanes match on it.
 */
public enum ContextBand {
    /** Short prompt. */
    SHORT("SHORT"),
    /** Medium prompt. */
    MEDIUM("MEDIUM"),
    /** Long prompt. */
    LONG("LONG"),
    /** Needs the largest context windows. */
    HUGE("HUGE");

    private final String configName;

    ContextBand(String configName) {
        this.configName = configName;
    }

    /** The spelling used in routeplane.yaml. */
    public String configName() {
        return configName;
    }
}
