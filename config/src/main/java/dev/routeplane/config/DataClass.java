package dev.routeplane.config;

/** Sensitivity of a request's data, spelled as the classifier names it. */
public enum DataClass {
    /** Public data. */
    PUBLIC("PUBLIC"),
    /** Internal, not sensitive. */
    INTERNAL("INTERNAL"),
    /** Business confidential. */
    CONFIDENTIAL("CONFIDENTIAL"),
    /** Personal, health, financial or otherwise regulated data. */
    REGULATED("REGULATED");

    private final String configName;

    DataClass(String configName) {
        this.configName = configName;
    }

    /** The spelling used in routeplane.yaml. */
    public String configName() {
        return configName;
    }
}
