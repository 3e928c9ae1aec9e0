package dev.routeplane.config;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * One API key of a provider with its own limits; the executor keeps one rate limiter and bulkhead per profile,
 * named {@code <provider>/<id>}, and switches profiles before a limit is hit.
 *
 * @param id             unique within the provider ({@code [a-z0-9-]+})
 * @param apiKey         where the key is; empty for keyless local/self-hosted providers
 * @param rpm            requests per minute allowed, &gt; 0
 * @param tpm            tokens per minute allowed, &gt; 0
 * @param maxInFlight    concurrent calls allowed, &gt; 0
 * @param latencyClasses the classes of work this key serves; every class when the YAML leaves it out. A profile
 *                       dedicated to {@code BATCH} (a separate project key for bulk jobs) is never used for
 *                       interactive or background calls, so bulk work cannot use up their limits
 */
public record KeyProfile(
        String id, Optional<SecretRef> apiKey, int rpm, long tpm, int maxInFlight, Set<LatencyClass> latencyClasses) {
    public KeyProfile {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(apiKey, "apiKey");
        // In the vocabulary's order, the same in every JVM: the configuration's string form, and so the policy
        // version every decision carries, must not depend on the process (Set.copyOf's order varies per JVM).
        latencyClasses = Collections.unmodifiableSet(
                latencyClasses.isEmpty() ? EnumSet.allOf(LatencyClass.class) : EnumSet.copyOf(latencyClasses));
    }

    /** A profile serving every class of work. */
    public KeyProfile(String id, Optional<SecretRef> apiKey, int rpm, long tpm, int maxInFlight) {
        this(id, apiKey, rpm, tpm, maxInFlight, Set.of());
    }

    /** Whether calls of this class may use this key. */
    public boolean serves(LatencyClass latencyClass) {
        return latencyClasses.contains(latencyClass);
    }

    /** Whether this key serves only some classes of work (a key set aside, e.g., for batch jobs). */
    public boolean dedicated() {
        return latencyClasses.size() < LatencyClass.values().length;
    }
}
