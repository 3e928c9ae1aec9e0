package dev.routeplane.config;

/** How soon the caller needs the answer, spelled as the classifier names it. */
public enum LatencyClass {
    /** A person is waiting. */
    INTERACTIVE("INTERACTIVE"),
    /** An agent or job picks it up later. */
    BACKGROUND("BACKGROUND"),
    /** Part of a large batch; throughput and cost matter most. */
    BATCH("BATCH");

    private final String configName;

    LatencyClass(String configName) {
        this.configName = configName;
    }

    /** The spelling used in routeplane.yaml. */
    public String configName() {
        return configName;
    }
}
