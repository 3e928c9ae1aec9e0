package dev.routeplane.config;

/** How often a tenant's budget resets (at midnight UTC, or the first of the month UTC). */
public enum BudgetPeriod {
    /** Resets every day at 00:00 UTC. */
    DAILY("daily"),
    /** Resets on the first day of each month at 00:00 UTC. */
    MONTHLY("monthly");

    private final String configName;

    BudgetPeriod(String configName) {
        this.configName = configName;
    }

    /** The spelling used in routeplane.yaml. */
    public String configName() {
        return configName;
    }
}
