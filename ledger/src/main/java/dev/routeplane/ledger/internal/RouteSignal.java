package dev.routeplane.ledger.internal;

import dev.routeplane.contract.CostEvent;
import dev.routeplane.contract.ExecutionResult;
import dev.routeplane.contract.Feedback;

/**
 * One of the three inputs route attribution needs, so the three tenant-keyed streams can be merged into
 * one processor that owns the per-request state. Exactly one field is set. Never serialized: the merge
 * happens within one sub-topology.
 */
public record RouteSignal(CostEvent cost, ExecutionResult result, Feedback feedback) {
    public static RouteSignal of(CostEvent cost) {
        return new RouteSignal(cost, null, null);
    }

    public static RouteSignal of(ExecutionResult result) {
        return new RouteSignal(null, result, null);
    }

    public static RouteSignal of(Feedback feedback) {
        return new RouteSignal(null, null, feedback);
    }
}
