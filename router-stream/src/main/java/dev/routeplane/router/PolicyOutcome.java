package dev.routeplane.router;

import java.util.List;

/**
 * The result of filtering candidates: those that may be used, and the constraint that removed each other one.
 *
 * @param eligible candidates that passed every constraint, in input order
 * @param removals one entry per removed candidate, in input order
 */
public record PolicyOutcome(List<EligibleRoute> eligible, List<Removal> removals) {

    public PolicyOutcome {
        eligible = List.copyOf(eligible);
        removals = List.copyOf(removals);
    }
}
