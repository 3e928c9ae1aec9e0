package dev.routeplane.simulator.workload;

import java.util.Objects;

/** One tenant's share of a mixed workload's traffic (weights need not sum to one). */
public record TenantShare(String tenantId, double weight) {
    public TenantShare {
        Objects.requireNonNull(tenantId, "tenantId");
        if (!(weight > 0)) {
            throw new IllegalArgumentException("weight of tenant " + tenantId + " must be > 0, got " + weight);
        }
    }
}
