package dev.routeplane.config;

import java.util.Objects;
import java.util.Optional;

/**
 * One API key of a provider with its own limits; the executor keeps one rate limiter and bulkhead per profile,
 * named {@code <provider>/<id>}, and switches profiles before a limit is hit.
 *
 * @param id          unique within the provider ({@code [a-z0-9-]+})
 * @param apiKey      where the key is; empty for keyless local/self-hosted providers
 * @param rpm         requests per minute allowed, &gt; 0
 * @param tpm         tokens per minute allowed, &gt; 0
 * @param maxInFlight concurrent calls allowed, &gt; 0
 */
public record KeyProfile(String id, Optional<SecretRef> apiKey, int rpm, long tpm, int maxInFlight) {
    public KeyProfile {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(apiKey, "apiKey");
    }
}
