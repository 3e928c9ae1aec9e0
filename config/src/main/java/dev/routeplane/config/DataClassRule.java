package dev.routeplane.config;

import dev.routeplane.config.internal.Copies;
import java.util.Set;

/**
 * Extra restrictions a tenant puts on requests of one {@link DataClass}, on top of its general allowlists.
 * Empty sets do not restrict.
 *
 * @param allowedSovereignty sovereignty classes allowed; empty = any
 * @param requireNoTraining  only providers with {@code trainsOnData: false}
 * @param allowedProviders   provider ids allowed; empty = any
 */
public record DataClassRule(
        Set<Sovereignty> allowedSovereignty, boolean requireNoTraining, Set<String> allowedProviders) {

    public DataClassRule {
        allowedSovereignty = Copies.orderedSet(allowedSovereignty);
        allowedProviders = Copies.orderedSet(allowedProviders);
    }

    /** True if this rule lets a request of its data class go to {@code provider}. */
    public boolean admits(Provider provider) {
        return (allowedSovereignty.isEmpty() || allowedSovereignty.contains(provider.sovereignty()))
                && (!requireNoTraining || !provider.trainsOnData())
                && (allowedProviders.isEmpty() || allowedProviders.contains(provider.id()));
    }
}
