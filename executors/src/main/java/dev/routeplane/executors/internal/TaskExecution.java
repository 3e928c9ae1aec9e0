package dev.routeplane.executors.internal;

import dev.routeplane.config.Model;
import dev.routeplane.contract.AttemptRecord;
import dev.routeplane.contract.ExecutionTask;
import dev.routeplane.executors.ErrorKind;
import dev.routeplane.executors.FinishKind;
import dev.routeplane.executors.ProviderCallException;
import dev.routeplane.executors.ProviderResponse;
import dev.routeplane.schemas.ReasonCodes;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * One delivery of one task, run as a chain of steps that never block a thread: the policy re-check and the
 * {@link CallPlan}; the reservation check (a further billable call starts only while the request's reservation covers
 * it); tries through the provider's resilience ({@link ResilientCall}); each answered call billed the
 * moment it returns ({@link Billing}); and where the request goes next ({@link NextStep}): another try, its answer, the
 * next cascade stage or the escalation, a fallback, or a terminal failure. Steps run one after another, so the fields
 * need no locking: each step happens-after the previous one.
 */
public final class TaskExecution {
    private static final Logger LOG = LoggerFactory.getLogger(TaskExecution.class);

    private final WorkerContext ctx;
    private final ExecutionTask task;
    private final Lease lease;
    private final Deadline deadline;
    private final List<AttemptRecord> attempts = new ArrayList<>();
    private final NextStep next;
    private final CompletableFuture<TaskOutcome> outcome = new CompletableFuture<>();
    private CallPlan plan;
    private ResilientCall call;
    private Billing billing;
    private CallIntents intents;

    public TaskExecution(WorkerContext ctx, ExecutionTask task, Lease lease) {
        this.ctx = ctx;
        this.task = task;
        this.lease = lease;
        this.deadline = Deadline.of(task, ctx.clock);
        this.next = new NextStep(ctx, task, deadline, lease, attempts);
    }

    /** Starts the execution; the future completes with its outcome (never exceptionally for provider failures). */
    public CompletableFuture<TaskOutcome> run() {
        step(this::begin);
        return outcome;
    }

    /** Cost events sent so far; the record may be acknowledged only once these are durable too. */
    public CompletableFuture<Void> costsWritten() {
        return billing == null ? CompletableFuture.completedFuture(null) : billing.written();
    }

    private void begin() {
        String providerId = ctx.provider.id();
        Optional<String> refusal = ctx.policy.refusal(task, providerId);
        if (refusal.isPresent()) {
            LOG.warn(
                    "request {} of tenant {} refused by policy re-check before calling {}: {}",
                    requestId(),
                    task.getRequest().getTenantId(),
                    providerId,
                    refusal.get());
            finish(next.refused(ReasonCodes.POLICY_NO_ELIGIBLE_ROUTE));
            return;
        }
        Optional<Model> model =
                ctx.policy.model(providerId, task.getDecision().getRoute().getModel());
        if (model.isEmpty()) {
            finish(next.refused(ReasonCodes.UNKNOWN_MODEL));
            return;
        }
        plan = CallPlan.of(ctx, task, model.get());
        billing = new Billing(ctx, task, plan, attempts);
        intents = new CallIntents(ctx, task, plan, billing);
        call = new ResilientCall(ctx, plan, deadline, lease, this::step, intents);
        Optional<String> uncovered = billing.uncovered(ctx.clock.instant());
        if (uncovered.isPresent()) {
            // A fallback after a billed (refused, content-filtered) answer, or a later cascade stage: the request ends
            // here rather than overshoot the reservation its tenant's budget was charged with.
            LOG.warn(
                    "request {} of tenant {} ends BUDGET_EXCEEDED before calling {}: {}",
                    requestId(),
                    task.getRequest().getTenantId(),
                    providerId,
                    uncovered.get());
            finish(next.overBudget());
            return;
        }
        tryCall();
    }

    private void tryCall() {
        if (deadline.passed()) {
            finish(next.timedOut());
        } else if (!lease.held()) {
            finish(new TaskOutcome.Abandon("record lock lapsed before try " + (call.tries() + 1)));
        } else {
            call.attempt(this::tried);
        }
    }

    private void tried(ResilientCall.Try done) {
        if (done instanceof ResilientCall.Try.Answered a) {
            answered(a.profile(), a.response(), a.latencyMs(), a.callId());
        } else if (done instanceof ResilientCall.Try.Failed f) {
            if (f.called()) {
                // A failed try is not billed (providers bill answers; the simulator bills a body it delivered): its
                // intent is closed, so only a worker's death between answer and cost event leaves one open.
                intents.closeUnbilled(f.intent(), f.error().outcome());
            }
            failed(f.profile(), f.error(), f.latencyMs(), f.called());
        } else if (done instanceof ResilientCall.Try.Booked b) {
            // Never a failure of the request: local capacity is momentarily booked, so the task waits in Kafka.
            LOG.warn(
                    "request {}: local limits of {} booked beyond their wait; releasing the task",
                    requestId(),
                    b.profile().name);
            finish(new TaskOutcome.Abandon("local limits of " + b.profile().name + " booked beyond their wait"));
        } else {
            finish(next.outOfTime());
        }
    }

    private void answered(ProfileRuntime profile, ProviderResponse r, long latencyMs, String callId) {
        ctx.afterProviderAnswered.accept(requestId());
        Instant at = ctx.clock.instant();
        billing.billed(profile, r, latencyMs, at, callId);
        call.succeeded();
        if (r.finish() == FinishKind.CONTENT_FILTER) {
            finish(next.gaveUp(new ProviderCallException(
                    ErrorKind.CONTENT_FILTER,
                    ProviderCallException.CONTENT_FILTER,
                    200,
                    r.rateLimits(),
                    "the provider's content filter stopped the answer")));
            return;
        }
        finish(next.answered(r, Caps.apply(r, task.getDecision(), plan.maxOutputTokens()), at));
    }

    private void failed(ProfileRuntime profile, ProviderCallException e, long latencyMs, boolean called) {
        billing.unbilled(profile, e, latencyMs);
        if (LOG.isDebugEnabled()) {
            LOG.debug(
                    "request {} try {} on {} failed{}: {}",
                    requestId(),
                    call.tries(),
                    profile.name,
                    called ? "" : " before calling",
                    e.getMessage());
        }
        long delay = next.retryDelay(call, e);
        if (delay >= 0) {
            ctx.scheduler.schedule(() -> step(this::tryCall), delay, TimeUnit.MILLISECONDS);
        } else {
            finish(next.gaveUp(e));
        }
    }

    private void finish(TaskOutcome result) {
        outcome.complete(result);
    }

    /** Runs a step; a bug in one task must end that task (redelivered), never a shared thread. */
    private void step(Runnable body) {
        // Steps run on shared pool threads: the ids go into the MDC for this step only (structured logs).
        MDC.put("tenantId", task.getRequest().getTenantId());
        MDC.put("requestId", requestId());
        try {
            body.run();
        } catch (RuntimeException e) {
            LOG.error(
                    "request {} of tenant {}: executor step failed; the task will be redelivered",
                    requestId(),
                    task.getRequest().getTenantId(),
                    e);
            outcome.completeExceptionally(e);
        } finally {
            MDC.remove("tenantId");
            MDC.remove("requestId");
        }
    }

    private String requestId() {
        return task.getRequest().getRequestId();
    }
}
