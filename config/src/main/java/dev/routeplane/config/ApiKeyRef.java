package dev.routeplane.config;

import java.util.Objects;

/**
 * A key a tenant's clients present to Routeplane's HTTP API, by reference.
 *
 * @param id     names the key in logs and audit records, unique across all tenants
 * @param secret where the expected key value is
 */
public record ApiKeyRef(String id, SecretRef secret) {
    public ApiKeyRef {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(secret, "secret");
    }
}
