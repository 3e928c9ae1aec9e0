package dev.routeplane.executors.internal;

import dev.routeplane.config.Model;
import dev.routeplane.config.ModelPrice;
import dev.routeplane.config.PriceNotFoundException;
import dev.routeplane.config.SecretRef;
import dev.routeplane.contract.AttemptRecord;
import dev.routeplane.contract.Cascade;
import dev.routeplane.contract.ChatMessage;
import dev.routeplane.contract.CostEvent;
import dev.routeplane.contract.ExecutionTask;
import dev.routeplane.contract.ResultStatus;
import dev.routeplane.contract.ToolSpec;
import dev.routeplane.executors.ApiKey;
import dev.routeplane.executors.ChatTurn;
import dev.routeplane.executors.ErrorKind;
import dev.routeplane.executors.FinishKind;
import dev.routeplane.executors.ProviderCall;
import dev.routeplane.executors.ProviderCallException;
import dev.routeplane.executors.ProviderResponse;
import dev.routeplane.executors.ToolDefinition;
import dev.routeplane.schemas.Money;
import dev.routeplane.schemas.ReasonCodes;
import io.github.resilience4j.retry.Retry;
import java.time.Duration;
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
 * One delivery of one task, run as a chain of callbacks (never blocking a thread): policy re-check, profile choice,
 * local rate permits, bulkhead slot, circuit permission, the call, then retry, fallback or a terminal result. At a
 * cheap stage of a cascade the answer is judged first ({@link Cascades}): it may go on to the next stage or escalate.
 * Each billed call's cost event is sent the moment the response arrives, so a crash afterwards cannot lose it.
 * Steps run one after another, so the fields need no locking: each step happens-after the previous one.
 */
public final class TaskExecution {
    private static final Logger LOG = LoggerFactory.getLogger(TaskExecution.class);
    /** Below this much time left a call is not worth starting. */
    private static final long MIN_CALL_MS = 50;

    private final WorkerContext ctx;
    private final ExecutionTask task;
    private final Lease lease;
    private final Instant deadline;
    private final List<AttemptRecord> attempts = new ArrayList<>();
    private final List<CompletableFuture<Void>> costSends = new ArrayList<>();
    private final CompletableFuture<TaskOutcome> outcome = new CompletableFuture<>();
    private Model model;
    private ProviderCall template;
    private Retry.AsyncContext<ProviderResponse> retry;
    private int tries;

    public TaskExecution(WorkerContext ctx, ExecutionTask task, Lease lease) {
        this.ctx = ctx;
        this.task = task;
        this.lease = lease;
        this.deadline = Deadlines.of(task);
    }

    /** Starts the execution; the future completes with its outcome (never exceptionally for provider failures). */
    public CompletableFuture<TaskOutcome> run() {
        step(this::begin);
        return outcome;
    }

    /** Cost events sent so far; the record may be acknowledged only once these are durable too. */
    public CompletableFuture<Void> costsWritten() {
        return CompletableFuture.allOf(costSends.toArray(CompletableFuture[]::new));
    }

    private void begin() {
        String providerId = ctx.provider.id();
        Optional<String> refusal = ctx.policy.refusal(task, providerId);
        if (refusal.isPresent()) {
            LOG.warn(
                    "request {} of tenant {} refused by policy re-check before calling {}: {}",
                    requestId(),
                    tenantId(),
                    providerId,
                    refusal.get());
            refused(ReasonCodes.POLICY_NO_ELIGIBLE_ROUTE);
            return;
        }
        Optional<Model> resolved =
                ctx.policy.model(providerId, task.getDecision().getRoute().getModel());
        if (resolved.isEmpty()) {
            refused(ReasonCodes.UNKNOWN_MODEL);
            return;
        }
        model = resolved.get();
        template = template();
        tryCall();
    }

    /** The re-check stopped the task before any call: a cheap stage escalates as a failed one does, others fail. */
    private void refused(String reason) {
        if (Cascades.atCheapStage(task)) {
            leaveCheapStage(Cascades.afterRefusal(task, attempts, ctx.policy), reason);
        } else {
            terminal(ResultStatus.FAILED, reason);
        }
    }

    private void tryCall() {
        Instant now = ctx.clock.instant();
        if (!now.isBefore(deadline.minusMillis(MIN_CALL_MS))) {
            terminal(ResultStatus.TIMED_OUT, ReasonCodes.DEADLINE_EXCEEDED);
            return;
        }
        if (!lease.held()) {
            outcome.complete(new TaskOutcome.Abandon("record lock lapsed before try " + (tries + 1)));
            return;
        }
        tries++;
        if (tries == 1) {
            ctx.resilience.budget().onFirstTry();
        }
        ProfileRuntime profile = ProfileSelector.pick(ctx.resilience.profiles(), now);
        if (retry == null) {
            retry = profile.retry.asyncContext();
        }
        int tokens = Math.min(
                profile.tokens.getRateLimiterConfig().getLimitForPeriod(),
                task.getDecision().getFeatures().getInputTokens() + template.maxOutputTokens());
        long waitRequests = profile.requests.reservePermission();
        long waitTokens = waitRequests < 0 ? -1 : profile.tokens.reservePermission(Math.max(1, tokens));
        if (waitRequests < 0 || waitTokens < 0) {
            failed(
                    profile,
                    new ProviderCallException(
                            ErrorKind.RATE_LIMITED,
                            ProviderCallException.LOCAL_RATE_LIMIT,
                            0,
                            null,
                            "local rate limiter of " + profile.name + " is booked beyond its wait limit"),
                    0,
                    false);
            return;
        }
        long waitMs = TimeUnit.NANOSECONDS.toMillis(Math.max(waitRequests, waitTokens));
        ctx.meters.rateLimiterWait(profile.profileId(), waitMs);
        Runnable start = () -> profile.whenSlotFree(() -> step(() -> call(profile)));
        if (waitMs <= 0) {
            start.run();
        } else {
            ctx.scheduler.schedule(() -> step(start), waitMs, TimeUnit.MILLISECONDS);
        }
    }

    private void call(ProfileRuntime profile) {
        Instant now = ctx.clock.instant();
        Instant cutoff = lease.expiresAt().isBefore(deadline) ? lease.expiresAt() : deadline;
        long timeoutMs = cutoff.toEpochMilli() - now.toEpochMilli();
        if (timeoutMs < MIN_CALL_MS || !lease.held()) {
            profile.release();
            if (now.isBefore(deadline.minusMillis(MIN_CALL_MS))) {
                outcome.complete(new TaskOutcome.Abandon("record lock lapses before the call could finish"));
            } else {
                terminal(ResultStatus.TIMED_OUT, ReasonCodes.DEADLINE_EXCEEDED);
            }
            return;
        }
        if (!profile.breaker.tryAcquirePermission()) {
            profile.release();
            failed(
                    profile,
                    new ProviderCallException(
                            ErrorKind.RETRYABLE,
                            ProviderCallException.CIRCUIT_OPEN,
                            0,
                            null,
                            "circuit of " + profile.name + " is " + profile.breaker.getState()),
                    0,
                    false);
            return;
        }
        ProviderCall call;
        try {
            call = withKeyAndTimeout(profile, Duration.ofMillis(timeoutMs));
        } catch (ProviderCallException keyMissing) {
            profile.breaker.releasePermission();
            profile.release();
            failed(profile, keyMissing, 0, false);
            return;
        }
        long started = System.nanoTime();
        // Off the HttpClient's threads: they only move bytes; the task's own work continues on the task pool.
        ctx.adapter
                .call(call)
                .whenCompleteAsync(
                        (response, error) -> step(() -> {
                            long latencyMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
                            profile.release();
                            profile.latency.record(latencyMs);
                            if (error == null) {
                                ctx.meters.call(routeModel(), "SUCCEEDED", latencyMs);
                                profile.breaker.onSuccess(latencyMs, TimeUnit.MILLISECONDS);
                                profile.observe(response.rateLimits());
                                answered(profile, response, latencyMs);
                            } else {
                                ProviderCallException e = asProviderFailure(error);
                                ctx.meters.call(routeModel(), e.outcome(), latencyMs);
                                profile.breaker.onError(latencyMs, TimeUnit.MILLISECONDS, e);
                                profile.observe(e.rateLimits());
                                failed(profile, e, latencyMs, true);
                            }
                        }),
                        ctx.callbacks);
    }

    private void answered(ProfileRuntime profile, ProviderResponse r, long latencyMs) {
        Instant at = ctx.clock.instant();
        long cost = price(r, at);
        boolean filtered = r.finish() == FinishKind.CONTENT_FILTER;
        String outcomeCode = filtered ? ProviderCallException.CONTENT_FILTER : "SUCCEEDED";
        String keyProfile = keyProfileLabel(profile);
        attempts.add(new AttemptRecord(
                ctx.provider.id(),
                routeModel(),
                keyProfile,
                outcomeCode,
                filtered ? ErrorKind.CONTENT_FILTER.name() : null,
                latencyMs,
                cost,
                r.inputTokens(),
                r.outputTokens()));
        costSends.add(ctx.out.cost(CostEvent.newBuilder()
                .setEventId(ctx.provider.id() + "/" + r.responseId())
                .setRequestId(requestId())
                .setTenantId(tenantId())
                .setBatchId(task.getRequest().getBatchId())
                .setLane(task.getDecision().getLane())
                .setProvider(ctx.provider.id())
                .setModel(routeModel())
                .setKeyProfile(keyProfile)
                .setInputTokens(r.inputTokens())
                .setOutputTokens(r.outputTokens())
                .setCostMicros(cost)
                .setLatencyMs(latencyMs)
                .setOutcome(outcomeCode)
                .setAt(at)
                .build()));
        ctx.meters.billed(routeModel(), cost);
        retry.onComplete();
        if (filtered) {
            giveUp(new ProviderCallException(
                    ErrorKind.CONTENT_FILTER,
                    ProviderCallException.CONTENT_FILTER,
                    200,
                    r.rateLimits(),
                    "the provider's content filter stopped the answer"));
            return;
        }
        Caps.Capped capped = Caps.apply(r, task.getDecision(), template.maxOutputTokens());
        if (Cascades.atCheapStage(task)) {
            judge(r.text(), capped, at);
            return;
        }
        outcome.complete(new TaskOutcome.Terminal(Results.succeeded(
                task,
                attempts,
                ctx.provider.id(),
                routeModel(),
                r.text(),
                capped.toolCalls(),
                capped.finishReason(),
                at)));
    }

    /** A cheap stage answered: on to the next stage, or the signal keeps a cheap answer or escalates. */
    private void judge(String text, Caps.Capped capped, Instant at) {
        Cascade cascade = task.getDecision().getCascade();
        int stage = task.getCascadeAnswers().size();
        Cascades.Step step =
                Cascades.afterAnswer(task, text, attempts, ctx.signals.forName(cascade.getSignal()), ctx.policy);
        if (step instanceof Cascades.Step.NextStage next) {
            outcome.complete(new TaskOutcome.CascadeStep(next.task()));
        } else if (step instanceof Cascades.Step.Escalate up) {
            LOG.debug(
                    "request {} escalates cascade {} after {} cheap answers: {}",
                    requestId(),
                    cascade.getId(),
                    stage + 1,
                    up.reason());
            cascadeVerdict("escalated");
            outcome.complete(up.onward());
        } else if (step instanceof Cascades.Step.Stranded stranded) {
            LOG.warn(
                    "request {} escalates cascade {} ({}), but neither its escalation nor a fallback may run: {}",
                    requestId(),
                    cascade.getId(),
                    stranded.reason(),
                    stranded.reasonCode());
            cascadeVerdict("escalated");
            outcome.complete(new TaskOutcome.Terminal(
                    Results.failed(stranded.task(), attempts, ResultStatus.FAILED, stranded.reasonCode(), at)));
        } else {
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
            outcome.complete(new TaskOutcome.Terminal(Results.succeeded(
                    task,
                    attempts,
                    keep.route().getProvider(),
                    keep.route().getModel(),
                    keep.text(),
                    thisStage ? capped.toolCalls() : List.of(),
                    thisStage ? capped.finishReason() : null,
                    at)));
        }
    }

    private void failed(ProfileRuntime profile, ProviderCallException e, long latencyMs, boolean called) {
        attempts.add(new AttemptRecord(
                ctx.provider.id(),
                routeModel(),
                keyProfileLabel(profile),
                e.outcome(),
                e.kind().name(),
                latencyMs,
                0L,
                0,
                0));
        if (LOG.isDebugEnabled()) {
            LOG.debug(
                    "request {} try {} on {} failed{}: {}",
                    requestId(),
                    tries,
                    profile.name,
                    called ? "" : " before calling",
                    e.getMessage());
        }
        long delay = retry.onError(e);
        Instant now = ctx.clock.instant();
        if (delay >= 0
                && now.plusMillis(delay + MIN_CALL_MS).isBefore(deadline)
                && ctx.resilience.budget().tryRetry()) {
            ctx.scheduler.schedule(() -> step(this::tryCall), delay, TimeUnit.MILLISECONDS);
            return;
        }
        giveUp(e);
    }

    private void giveUp(ProviderCallException last) {
        Instant now = ctx.clock.instant();
        if (!now.isBefore(deadline.minusMillis(MIN_CALL_MS))) {
            terminal(ResultStatus.TIMED_OUT, ReasonCodes.DEADLINE_EXCEEDED);
            return;
        }
        if (last.outcome().equals(ProviderCallException.TIMEOUT) && !lease.held()) {
            outcome.complete(new TaskOutcome.Abandon("call cut off at the record lock, not the deadline"));
            return;
        }
        if (Cascades.atCheapStage(task)) {
            // A failed cheap stage escalates; the decision's fallbacks belong to the escalation, not to cheap stages.
            leaveCheapStage(
                    Cascades.afterFailure(task, ErrorPolicy.fallbackTrigger(last), attempts, ctx.policy),
                    ErrorPolicy.terminalReason(last));
            return;
        }
        Optional<ExecutionTask> next = ErrorPolicy.fallbackTrigger(last)
                .flatMap(trigger -> Fallbacks.next(task, trigger, attempts, ctx.policy));
        if (next.isPresent()) {
            outcome.complete(new TaskOutcome.Forward(next.get()));
        } else {
            terminal(ResultStatus.FAILED, ErrorPolicy.terminalReason(last));
        }
    }

    /** A cheap stage failed or could not run: on past the cheap stages, or with nowhere to go a FAILED result. */
    private void leaveCheapStage(Optional<TaskOutcome> onward, String reason) {
        if (onward.isPresent()) {
            cascadeVerdict("stage_failed");
            outcome.complete(onward.get());
        } else {
            terminal(ResultStatus.FAILED, reason);
        }
    }

    private void terminal(ResultStatus status, String reason) {
        if (Cascades.atCheapStage(task)) {
            cascadeVerdict("stage_failed");
        }
        outcome.complete(new TaskOutcome.Terminal(Results.failed(task, attempts, status, reason, ctx.clock.instant())));
    }

    private void cascadeVerdict(String verdict) {
        ctx.meters.cascade(
                task.getDecision().getLane(), task.getDecision().getCascade().getId(), verdict);
    }

    /** Runs a step; a bug in one task must end that task (redelivered), never a shared thread. */
    private void step(Runnable body) {
        // Steps run on shared pool threads: the ids go into the MDC for this step only (structured logs).
        MDC.put("tenantId", tenantId());
        MDC.put("requestId", requestId());
        try {
            body.run();
        } catch (RuntimeException e) {
            LOG.error(
                    "request {} of tenant {}: executor step failed; the task will be redelivered",
                    requestId(),
                    tenantId(),
                    e);
            outcome.completeExceptionally(e);
        } finally {
            MDC.remove("tenantId");
            MDC.remove("requestId");
        }
    }

    private long price(ProviderResponse r, Instant at) {
        try {
            ModelPrice p = ctx.prices.priceAt(model.id(), at);
            return Money.costMicros(
                    r.inputTokens(), r.outputTokens(), p.inputMicrosPerMillion(), p.outputMicrosPerMillion());
        } catch (PriceNotFoundException e) {
            LOG.error(
                    "no price for model {} at {}; cost event {} recorded at 0 for the ledger to reprice",
                    model.id(),
                    at,
                    r.responseId());
            return 0;
        }
    }

    private ProviderCall template() {
        List<ChatTurn> turns = new ArrayList<>();
        for (ChatMessage m : task.getRequest().getMessages()) {
            turns.add(new ChatTurn(m.getRole(), m.getContent()));
        }
        List<String> allowed = task.getDecision().getPolicy().getToolsAllowed();
        List<String> approvalNeeded = task.getDecision().getPolicy().getRequiresApprovalFor();
        List<String> approved = task.getRequest().getHints().getApprovals();
        List<ToolDefinition> tools = new ArrayList<>();
        for (ToolSpec t : task.getRequest().getHints().getTools()) {
            if (allowed.contains(t.getName())
                    && (!approvalNeeded.contains(t.getName()) || approved.contains(t.getName()))) {
                tools.add(new ToolDefinition(t.getName(), t.getDescription(), t.getParametersJson()));
            }
        }
        int cap = Math.max(1, Math.min(task.getDecision().getBudgets().getMaxOutputTokens(), model.maxOutputTokens()));
        return new ProviderCall(
                model.providerModel(),
                turns,
                cap,
                tools,
                task.getRequest().getHints().getResponseFormat(),
                null,
                Duration.ofSeconds(1));
    }

    private ProviderCall withKeyAndTimeout(ProfileRuntime profile, Duration timeout) {
        ApiKey key = null;
        SecretRef byok = tenantKey();
        if (byok != null) {
            key = ctx.keys.resolve(byok, "tenant " + tenantId() + " for provider " + ctx.provider.id());
        } else if (profile.profile.apiKey().isPresent()) {
            key = ctx.keys.resolve(profile.profile.apiKey().get(), "key profile " + profile.name);
        }
        return new ProviderCall(
                template.model(),
                template.messages(),
                template.maxOutputTokens(),
                template.tools(),
                template.responseFormat(),
                key,
                timeout);
    }

    private SecretRef tenantKey() {
        var tenant = ctx.config.tenants().get(tenantId());
        return tenant == null ? null : tenant.providerKeys().get(ctx.provider.id());
    }

    private String keyProfileLabel(ProfileRuntime profile) {
        // A tenant's own key is billed to the tenant's contract, not to one of ours; say so in the ledger.
        return tenantKey() != null ? "byok:" + tenantId() : profile.profileId();
    }

    private static ProviderCallException asProviderFailure(Throwable error) {
        Throwable cause = error instanceof java.util.concurrent.CompletionException && error.getCause() != null
                ? error.getCause()
                : error;
        return cause instanceof ProviderCallException p
                ? p
                : new ProviderCallException(
                        ErrorKind.RETRYABLE,
                        ProviderCallException.SERVER_ERROR,
                        0,
                        null,
                        "adapter failed: " + cause.getClass().getSimpleName());
    }

    private String routeModel() {
        return task.getDecision().getRoute().getModel();
    }

    private String requestId() {
        return task.getRequest().getRequestId();
    }

    private String tenantId() {
        return task.getRequest().getTenantId();
    }
}
