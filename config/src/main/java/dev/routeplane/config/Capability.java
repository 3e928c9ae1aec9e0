package dev.routeplane.config;

/** What a model can do beyond plain chat. */
public enum Capability {
    /** Tool (function) calling. */
    TOOLS("tools"),
    /** A native JSON output mode. */
    JSON("json"),
    /** Image input. */
    VISION("vision");

    private final String configName;

    Capability(String configName) {
        this.configName = configName;
    }

    /** The spelling used in routeplane.yaml. */
    public String configName() {
        return configName;
    }
}
