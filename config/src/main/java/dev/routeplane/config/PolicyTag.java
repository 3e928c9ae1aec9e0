package dev.routeplane.config;

/**
 * Policy tags a request carries (or a tenant applies to all its requests through {@code defaultTags}). Each
 * tag narrows which providers may see the request; the meaning is defined here once so the router and the
 * executor's re-check cannot disagree.
 */
public enum PolicyTag {
    /**
     * Data stays in the EU: providers whose region starts with {@code eu}, or whose sovereignty is {@code eu},
     * or {@code local} (the data never leaves the Routeplane host, which an EU deployment runs in the EU).
     * A {@code self-hosted} provider qualifies only through its region.
     */
    EU_DATA_RESIDENCY("eu_data_residency"),
    /** Only providers that do not train on request data ({@code trainsOnData: false}). */
    NO_TRAINING_ON_DATA("no_training_on_data");

    private final String configName;

    PolicyTag(String configName) {
        this.configName = configName;
    }

    /** The spelling used in routeplane.yaml and in request tags. */
    public String configName() {
        return configName;
    }

    /** True if a request carrying this tag may be sent to {@code provider}. */
    public boolean admits(Provider provider) {
        return switch (this) {
            case EU_DATA_RESIDENCY ->
                provider.region().startsWith("eu")
                        || provider.sovereignty() == Sovereignty.EU
                        || provider.sovereignty() == Sovereignty.LOCAL;
            case NO_TRAINING_ON_DATA -> !provider.trainsOnData();
        };
    }
}
