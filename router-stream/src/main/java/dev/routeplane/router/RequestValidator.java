package dev.routeplane.router;

import dev.routeplane.contract.RouteRequest;
import java.util.Optional;

/**
 * Checks a decoded request against the contract and the tenant's static policy before any classification.
 * Immutable and thread-safe; no I/O.
 */
public interface RequestValidator {

    /** The first problem found, or empty when the request may be classified and routed. */
    Optional<Rejection> validate(RouteRequest request);
}
