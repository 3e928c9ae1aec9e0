package dev.routeplane.config;

/**
 * How soon the caller needs the answer; {@link #BACKGROUND} when not hinted. Lanes match on it. The request contract
 * carries its own Avro copy ({@code dev.routeplane.contract.LatencyClass}), converted by name at the router's edge.
 */
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
