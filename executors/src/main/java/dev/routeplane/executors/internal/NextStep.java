package dev.routeplane.executors.internal;

import dev.routeplane.cascade.CascadeStages;
import dev.routeplane.contract.AttemptRecord;
import dev.routeplane.contract.Cascade;
import dev.routeplane.contract.ExecutionResult;
import dev.routeplane.contract.ExecutionTask;
import dev.routeplane.contract.ResultStatus;
import dev.routeplane.executors.ProviderCallException;
import dev.routeplane.executors.ProviderResponse;
import dev.routeplane.schemas.ReasonCodes;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where a request goes after one of this task's tries: another try, its answer, or at a cheap stage of a cascade the
 * next stage, the kept answer or the escalation ({@link Cascades}); after the last failed try a fallback
 * ({@link Fallbacks}) or a terminal failure. A cheap stage that fails or cannot run escalates instead of falling back:
 * the decision's fallbacks belong to the escalation. Counts each cascade verdict once. Not thread-safe: used from the
 * task's steps, one after another.
 */
final class NextStep {
    private static final Logger LOG = LoggerFactory.getLogger(NextStep.class);

    private final WorkerContext ctx;
    private final ExecutionTask task;
    private final Deadline deadline;
    private final Lease lease;
    private final List<AttemptRecord> attempts;

    /** {@code attempts} is the task's list of attempts, read as it grows. */
    NextStep(WorkerContext ctx, ExecutionTask task, Deadline deadline, Lease lease, List<AttemptRecord> attempts) {
        this.ctx = ctx;
        this.task = task;
        this.deadline = deadline;
        this.lease = lease;
        this.attempts = attempts;
    }

    /** The re-check stopped the task before any call: a cheap stage escalates as a failed one does, others fail. */
    TaskOutcome refused(String reason) {
        if (CascadeStages.atCheapStage(task)) {
            return leaveCheapStage(Cascades.afterRefusal(task, attempts, ctx.policy), reason);
        }
        return terminal(ResultStatus.FAILED, reason);
    }

    /**
     * The request's reservation does not cover this task's call: it ends BUDGET_EXCEEDED, billed what it was so far; a
     * cheap stage does not escalate (the escalation costs more).
     */
    TaskOutcome overBudget() {
        return terminal(ResultStatus.BUDGET_EXCEEDED, ReasonCodes.BUDGET_EXCEEDED);
    }

    /** The request's time is up before another try could start. */
    TaskOutcome timedOut() {
        return terminal(ResultStatus.TIMED_OUT, ReasonCodes.DEADLINE_EXCEEDED);
    }

    /** A try found too little time left to call: the record lock lapses first (redeliver), or the deadline. */
    TaskOutcome outOfTime() {
        return deadline.passed()
                ? timedOut()
                : new TaskOutcome.Abandon("record lock lapses before the call could finish");
    }

    /**
     * Milliseconds until the next try after {@code e}, or -1 when there is none: the retry policy allows one, it can
     * still finish before the deadline, and the provider's retry budget pays for it.
     */
    long retryDelay(ResilientCall call, ProviderCallException e) {
        long delay = call.retryDelay(e);
        return delay >= 0 && deadline.leavesRoomAfter(delay) && call.mayRetry() ? delay : -1;
    }

    /** The answer, capped; at a cheap cascade stage the signal judges it first. */
    TaskOutcome answered(ProviderResponse r, Caps.Capped capped, Instant at) {
        if (CascadeStages.atCheapStage(task)) {
            return judge(r.text(), capped, at);
        }
        return new TaskOutcome.Terminal(Results.succeeded(
                task,
                attempts,
                ctx.provider.id(),
                task.getDecision().getRoute().getModel(),
                r.text(),
                capped.toolCalls(),
                capped.finishReason(),
                at));
    }

    /** No try is left after {@code last}: a cheap stage escalates, others fall back or fail. */
    TaskOutcome gaveUp(ProviderCallException last) {
        if (deadline.passed()) {
            return timedOut();
        }
        if (last.outcome().equals(ProviderCallException.TIMEOUT) && !lease.held()) {
            return new TaskOutcome.Abandon("call cut off at the record lock, not the deadline");
        }
        if (CascadeStages.atCheapStage(task)) {
            return leaveCheapStage(
                    Cascades.afterFailure(task, ErrorPolicy.fallbackTrigger(last), attempts, ctx.policy),
                    ErrorPolicy.terminalReason(last));
        }
        Optional<ExecutionTask> next = ErrorPolicy.fallbackTrigger(last)
                .flatMap(trigger -> Fallbacks.next(task, trigger, attempts, ctx.policy));
        return next.<TaskOutcome>map(TaskOutcome.Forward::new)
                .orElseGet(() -> terminal(ResultStatus.FAILED, ErrorPolicy.terminalReason(last)));
    }

    /** A cheap stage answered: on to the next stage, or the signal keeps a cheap answer or escalates. */
    private TaskOutcome judge(String text, Caps.Capped capped, Instant at) {
        Cascade cascade = task.getDecision().getCascade();
        int stage = CascadeStages.stageOf(task);
        Cascades.Step step = Cascades.afterAnswer(task, text, attempts, ctx.signals, ctx.policy);
        if (step instanceof Cascades.Step.NextStage next) {
            return new TaskOutcome.CascadeStep(next.task());
        }
        if (step instanceof Cascades.Step.Escalate up) {
            LOG.debug(
                    "request {} escalates cascade {} after {} cheap answers: {}",
                    requestId(),
                    cascade.getId(),
                    stage + 1,
                    up.reason());
            cascadeVerdict("escalated");
            return up.onward();
        }
        if (step instanceof Cascades.Step.Stranded stranded) {
            LOG.warn(
                    "request {} escalates cascade {} ({}), but neither its escalation nor a fallback may run: {}",
                    requestId(),
                    cascade.getId(),
                    stranded.reason(),
                    stranded.reasonCode());
            cascadeVerdict("escalated");
            return new TaskOutcome.Terminal(
                    Results.failed(stranded.task(), attempts, ResultStatus.FAILED, stranded.reasonCode(), at));
        }
        Cascades.Step.Keep keep = (Cascades.Step.Keep) step;
        LOG.debug(
                "request {} keeps the answer of stage {} of cascade {}: {}",
                requestId(),
                keep.stage(),
                cascade.getId(),
                keep.reason());
        cascadeVerdict("kept");
        // Only this stage's tool calls and finish reason are at hand; an earlier stage travelled as text alone.
        boolean thisStage = keep.stage() == stage;
        ExecutionResult kept = Results.succeeded(
                task,
                attempts,
                keep.route().getProvider(),
                keep.route().getModel(),
                keep.text(),
                thisStage ? capped.toolCalls() : List.of(),
                thisStage ? capped.finishReason() : null,
                at);
        kept.setCascadeScores(keep.scores());
        return new TaskOutcome.Terminal(kept);
    }

    /** A cheap stage failed or could not run: on past the cheap stages, or with nowhere to go a FAILED result. */
    private TaskOutcome leaveCheapStage(Optional<TaskOutcome> onward, String reason) {
        if (onward.isPresent()) {
            cascadeVerdict("stage_failed");
            return onward.get();
        }
        return terminal(ResultStatus.FAILED, reason);
    }

    private TaskOutcome terminal(ResultStatus status, String reason) {
        if (CascadeStages.atCheapStage(task)) {
            cascadeVerdict("stage_failed");
        }
        return new TaskOutcome.Terminal(Results.failed(task, attempts, status, reason, ctx.clock.instant()));
    }

    private void cascadeVerdict(String verdict) {
        ctx.meters.cascade(
                task.getDecision().getLane(), task.getDecision().getCascade().getId(), verdict);
    }

    private String requestId() {
        return task.getRequest().getRequestId();
    }
}
