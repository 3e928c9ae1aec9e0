package dev.routeplane.executors.internal;

import dev.routeplane.contract.ExecutionTask;
import java.time.Clock;
import java.time.Instant;

/**
 * The request's deadline, {@code request.submittedAt + decision.budgets.deadlineMs} as the DecisionBudgets contract
 * defines it and never later than {@code decidedAt + deadlineMs} either, read against the worker's clock. The whole
 * request, retries and fallbacks included, must finish by then; a call with less than {@value #MIN_CALL_MS} ms left
 * is not worth starting.
 */
final class Deadline {
    /** Below this much time left a call is not worth starting. */
    static final long MIN_CALL_MS = 50;

    private final Instant at;
    private final Clock clock;

    private Deadline(Instant at, Clock clock) {
        this.at = at;
        this.clock = clock;
    }

    static Deadline of(ExecutionTask task, Clock clock) {
        long budget = task.getDecision().getBudgets().getDeadlineMs();
        Instant fromSubmit = task.getRequest().getSubmittedAt().plusMillis(budget);
        Instant fromDecision = task.getDecision().getDecidedAt().plusMillis(budget);
        return new Deadline(fromSubmit.isBefore(fromDecision) ? fromSubmit : fromDecision, clock);
    }

    Instant at() {
        return at;
    }

    /** True once too little time is left to start a call. */
    boolean passed() {
        return !clock.instant().isBefore(at.minusMillis(MIN_CALL_MS));
    }

    /** True when a call started {@code delayMs} from now still has time to run. */
    boolean leavesRoomAfter(long delayMs) {
        return clock.instant().plusMillis(delayMs + MIN_CALL_MS).isBefore(at);
    }

    /**
     * Milliseconds a call starting now may take: until the deadline, or the record lock if that comes first and is not
     * renewed while the call runs.
     */
    long callTimeoutMs(Lease lease) {
        Instant cutoff = !lease.renews() && lease.expiresAt().isBefore(at) ? lease.expiresAt() : at;
        return cutoff.toEpochMilli() - clock.millis();
    }
}
