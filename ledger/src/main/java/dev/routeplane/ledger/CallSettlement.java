package dev.routeplane.ledger;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * How the ledger settles a call whose intent ({@code rp.call-intents.v1}) no cost event closed: its executor died
 * after calling. Once the call's deadline plus {@code grace} has passed (no answer can still be on its way), the
 * provider's usage lookup, where it has one, gives the calls it billed under the call's client request id, each billed
 * under the event id its own cost event would have had; a provider without a lookup (or one that still fails
 * {@code lookupPatience} after the call's deadline) has the call billed at its worst case, marked {@code ESTIMATED}, so
 * the ledger never under-counts silently.
 *
 * @param grace how long after a call's deadline its cost event may still arrive (the executor's write, retried through
 *     a broker outage, is normally durable within seconds)
 * @param checkEvery how often open intents are looked at (wall clock)
 * @param lookupPatience how long after the grace a failing lookup is retried before the call is estimated instead
 * @param lookups the usage lookup per provider id; a provider without one is estimated
 */
public record CallSettlement(
        Duration grace, Duration checkEvery, Duration lookupPatience, Map<String, ProviderUsageLookup> lookups) {
    public CallSettlement {
        Objects.requireNonNull(grace, "grace");
        Objects.requireNonNull(checkEvery, "checkEvery");
        Objects.requireNonNull(lookupPatience, "lookupPatience");
        if (grace.isNegative() || checkEvery.isNegative() || checkEvery.isZero() || lookupPatience.isNegative()) {
            throw new IllegalArgumentException("need grace >= 0, checkEvery > 0 and lookupPatience >= 0, got " + grace
                    + ", " + checkEvery + ", " + lookupPatience);
        }
        lookups = Map.copyOf(lookups);
    }

    /** Defaults: 30 s grace, checked every 5 s, failing lookups retried for 10 minutes; no lookups (all estimated). */
    public static CallSettlement defaults() {
        return new CallSettlement(Duration.ofSeconds(30), Duration.ofSeconds(5), Duration.ofMinutes(10), Map.of());
    }

    public CallSettlement withLookups(Map<String, ProviderUsageLookup> lookups) {
        return new CallSettlement(grace, checkEvery, lookupPatience, lookups);
    }

    public CallSettlement withTiming(Duration grace, Duration checkEvery) {
        return new CallSettlement(grace, checkEvery, lookupPatience, lookups);
    }

    /** The lookup of {@code provider}, if it has one. */
    public Optional<ProviderUsageLookup> lookup(String provider) {
        return Optional.ofNullable(lookups.get(provider));
    }
}
