package dev.routeplane.config;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * A key a tenant's clients present to Routeplane's HTTP API, by reference.
 *
 * @param id     names the key in logs and audit records, unique across all tenants
 * @param secret where the expected key value is
 * @param roles  what the key may do beyond sending requests; empty for most keys
 */
public record ApiKeyRef(String id, SecretRef secret, Set<ApiKeyRole> roles) {
    public ApiKeyRef {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(secret, "secret");
        roles = roles.isEmpty() ? Set.of() : Collections.unmodifiableSet(EnumSet.copyOf(roles));
    }

    /** A key with no role beyond sending requests. */
    public ApiKeyRef(String id, SecretRef secret) {
        this(id, secret, Set.of());
    }
}
