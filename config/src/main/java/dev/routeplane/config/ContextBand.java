package dev.routeplane.config;

/** Prompt size band, spelled as the classifier names it. */
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
