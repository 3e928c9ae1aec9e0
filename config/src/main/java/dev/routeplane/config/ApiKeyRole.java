package dev.routeplane.config;

/** What an API key may do beyond sending its tenant's requests ({@code roles:} of a tenant's {@code apiKeys}). */
public enum ApiKeyRole {
    /**
     * Approves the tenant's side-effect tools (its {@code toolsRequiringApproval}) for single requests, through
     * {@code POST /v1/approvals}: a person's key, not an agent's.
     */
    APPROVER("approver");

    private final String configName;

    ApiKeyRole(String configName) {
        this.configName = configName;
    }

    /** The spelling used in routeplane.yaml. */
    public String configName() {
        return configName;
    }
}
