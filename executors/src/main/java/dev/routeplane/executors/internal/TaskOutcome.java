package dev.routeplane.executors.internal;

import dev.routeplane.contract.ExecutionResult;
import dev.routeplane.contract.ExecutionTask;

/** How one delivery of a task ended. */
public sealed interface TaskOutcome {
    /** The request's one terminal result. */
    record Terminal(ExecutionResult result) implements TaskOutcome {}

    /** A fallback task for another provider; the request goes on there. */
    record Forward(ExecutionTask next) implements TaskOutcome {}

    /** The task of a cascade's next stage, cheap or its escalation; the request goes on there. */
    record CascadeStep(ExecutionTask next) implements TaskOutcome {}

    /** This delivery gave up without a verdict (its record lock ran out or the worker stopped); redeliver. */
    record Abandon(String why) implements TaskOutcome {}
}
