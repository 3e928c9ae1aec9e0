package dev.routeplane.executors.internal;

import dev.routeplane.contract.ExecutionTask;
import java.time.Instant;

/**
 * The request's deadline: {@code request.submittedAt + decision.budgets.deadlineMs}, as the DecisionBudgets contract
 * defines it, and never later than {@code decidedAt + deadlineMs} either. The whole request, retries and fallbacks
 * included, must finish by then.
 */
public final class Deadlines {
    private Deadlines() {}

    public static Instant of(ExecutionTask task) {
        long budget = task.getDecision().getBudgets().getDeadlineMs();
        Instant fromSubmit = task.getRequest().getSubmittedAt().plusMillis(budget);
        Instant fromDecision = task.getDecision().getDecidedAt().plusMillis(budget);
        return fromSubmit.isBefore(fromDecision) ? fromSubmit : fromDecision;
    }
}
