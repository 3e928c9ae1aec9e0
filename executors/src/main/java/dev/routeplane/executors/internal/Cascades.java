package dev.routeplane.executors.internal;

import dev.routeplane.contract.AttemptRecord;
import dev.routeplane.contract.Cascade;
import dev.routeplane.contract.ExecutionTask;
import dev.routeplane.contract.FallbackTrigger;
import dev.routeplane.contract.Route;
import dev.routeplane.contract.RoutingDecision;
import dev.routeplane.learning.cascade.EscalationSignal;
import dev.routeplane.learning.cascade.EscalationVerdict;
import dev.routeplane.schemas.ReasonCodes;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Where a task stands in its cascade ({@link RoutingDecision#getCascade()}) and the task that moves it on. A task's
 * stage is the number of answers it carries: below the number of cheap stages it is a cheap stage, at it the
 * escalation or a fallback of it, which run like any other task. A cheap stage that fails (or cannot run) skips the
 * cheap stages left, so its answers are padded with {@code ""} up to the escalation: the stage count alone tells
 * every later task (and its result's {@code escalated}) that the cheap answers are behind it. Whatever sends a request
 * past its cheap stages, the escalation runs only when the request's policy admits it; else the decision's fallbacks,
 * which belong to the escalation, stand in for it. Pure functions.
 */
public final class Cascades {
    private Cascades() {}

    /** What follows a successful answer at a cheap stage. */
    public sealed interface Step {
        /** Another cheap stage comes next. */
        record NextStage(ExecutionTask task) implements Step {}

        /** The signal kept the answer of cheap stage {@code stage}, produced by {@code route}. */
        record Keep(int stage, Route route, String text, String reason) implements Step {}

        /**
         * The signal rejected the cheap answers; {@code onward} calls the escalation route
         * ({@link TaskOutcome.CascadeStep}) or, when the policy bars it, a fallback ({@link TaskOutcome.Forward}).
         */
        record Escalate(TaskOutcome onward, String reason) implements Step {}

        /**
         * The signal rejected the cheap answers but neither the escalation nor any fallback may run. {@code task} is
         * the request past its cheap stages, for its failed result; {@code reasonCode} says why the escalation may
         * not run ({@code POLICY_NO_ELIGIBLE_ROUTE} or {@code UNKNOWN_MODEL}).
         */
        record Stranded(ExecutionTask task, String reasonCode, String reason) implements Step {}
    }

    /** True when {@code task} runs a cheap stage of a cascade (its answer is judged before anyone sees it). */
    public static boolean atCheapStage(ExecutionTask task) {
        Cascade cascade = task.getDecision().getCascade();
        return cascade != null
                && task.getCascadeAnswers().size() < cascade.getStages().size();
    }

    /** True when {@code task} belongs to a cascade that is past its cheap stages (escalation or its fallbacks). */
    public static boolean escalated(ExecutionTask task) {
        Cascade cascade = task.getDecision().getCascade();
        return cascade != null
                && task.getCascadeAnswers().size() >= cascade.getStages().size();
    }

    /**
     * The step after cheap stage {@code i} answered {@code text}: the next cheap stage, or once every cheap stage has
     * answered, the signal's verdict on all answers. An escalation the request's policy bars goes to the first
     * admissible fallback instead ({@link Fallbacks#firstAdmissible}): no call failed whose class it could match.
     */
    public static Step afterAnswer(
            ExecutionTask task, String text, List<AttemptRecord> mine, EscalationSignal signal, PolicyCheck policy) {
        Cascade cascade = requireCheapStage(task);
        List<String> answers = new ArrayList<>(task.getCascadeAnswers());
        answers.add(text == null ? "" : text);
        List<Route> stages = cascade.getStages();
        ExecutionTask answered = withAnswers(task, answers);
        if (answers.size() < stages.size()) {
            return new Step.NextStage(forward(answered, stages.get(answers.size()), mine));
        }
        EscalationVerdict verdict = signal.evaluate(Collections.unmodifiableList(answers));
        if (verdict.escalate()) {
            return escalate(answered, mine, policy, past -> Fallbacks.firstAdmissible(past, mine, policy))
                    .<Step>map(onward -> new Step.Escalate(onward, verdict.reason()))
                    .orElseGet(() -> new Step.Stranded(
                            answered,
                            barred(answered, cascade.getEscalation(), policy).orElseThrow(),
                            verdict.reason()));
        }
        int kept = verdict.answerIndex();
        if (kept < 0 || kept >= answers.size()) {
            throw new IllegalStateException("signal " + cascade.getSignal() + " of cascade " + cascade.getId()
                    + " kept answer " + kept + " of " + answers.size());
        }
        return new Step.Keep(kept, stages.get(kept), answers.get(kept), verdict.reason());
    }

    /**
     * Where the request goes after a cheap stage failed with a failure matching {@code trigger} (empty for a
     * permanent error): to the escalation route when the request's policy admits it, else to the decision's
     * fallbacks as if the escalation had failed; empty when neither is possible. Never to another cheap stage.
     */
    public static Optional<TaskOutcome> afterFailure(
            ExecutionTask task, Optional<FallbackTrigger> trigger, List<AttemptRecord> mine, PolicyCheck policy) {
        return escalate(
                pastCheapStages(task),
                mine,
                policy,
                past -> trigger.flatMap(t -> Fallbacks.next(past, t, mine, policy)));
    }

    /**
     * Where the request goes when the executor's re-check stops a cheap stage before any call (the policy refuses
     * its provider, or the provider serves no such model): like a failed stage, to the escalation route when the
     * request's policy admits it, else to the first admissible fallback, since no call failed whose class a fallback's
     * {@code when} could match; empty when neither is possible. Never to another cheap stage.
     */
    public static Optional<TaskOutcome> afterRefusal(ExecutionTask task, List<AttemptRecord> mine, PolicyCheck policy) {
        return escalate(pastCheapStages(task), mine, policy, past -> Fallbacks.firstAdmissible(past, mine, policy));
    }

    /**
     * The one way past the cheap stages: the escalation route when the request's policy admits it and its provider
     * serves its model, else the fallback {@code fallback} picks for {@code past}; empty when neither may run.
     */
    private static Optional<TaskOutcome> escalate(
            ExecutionTask past,
            List<AttemptRecord> mine,
            PolicyCheck policy,
            Function<ExecutionTask, Optional<ExecutionTask>> fallback) {
        Route escalation = past.getDecision().getCascade().getEscalation();
        if (barred(past, escalation, policy).isEmpty()) {
            return Optional.of(new TaskOutcome.CascadeStep(forward(past, escalation, mine)));
        }
        return fallback.apply(past).map(TaskOutcome.Forward::new);
    }

    /** The reason code that keeps {@code task}'s request off {@code route}; empty when it may run there. */
    private static Optional<String> barred(ExecutionTask task, Route route, PolicyCheck policy) {
        if (policy.refusal(task, route.getProvider()).isPresent()) {
            return Optional.of(ReasonCodes.POLICY_NO_ELIGIBLE_ROUTE);
        }
        if (policy.model(route.getProvider(), route.getModel()).isEmpty()) {
            return Optional.of(ReasonCodes.UNKNOWN_MODEL);
        }
        return Optional.empty();
    }

    /** {@code task} with its answers padded with {@code ""} up to the escalation. */
    private static ExecutionTask pastCheapStages(ExecutionTask task) {
        Cascade cascade = requireCheapStage(task);
        List<String> answers = new ArrayList<>(task.getCascadeAnswers());
        while (answers.size() < cascade.getStages().size()) {
            answers.add("");
        }
        return withAnswers(task, answers);
    }

    /** {@code task} carrying {@code answers}; shallow, where a builder copied from the task would deep-copy it all. */
    private static ExecutionTask withAnswers(ExecutionTask task, List<String> answers) {
        return ExecutionTask.newBuilder()
                .setRequest(task.getRequest())
                .setDecision(task.getDecision())
                .setAttempt(task.getAttempt())
                .setPreviousAttempts(task.getPreviousAttempts())
                .setCascadeAnswers(List.copyOf(answers))
                .setShadowOf(task.getShadowOf())
                .build();
    }

    private static ExecutionTask forward(ExecutionTask task, Route route, List<AttemptRecord> mine) {
        // Fallbacks stay: they belong to the escalation route, which every cheap stage still leads to.
        RoutingDecision decision = RoutingDecision.newBuilder(task.getDecision())
                .setRoute(Route.newBuilder(route).build())
                .build();
        return ExecutionTask.newBuilder()
                .setRequest(task.getRequest())
                .setDecision(decision)
                .setAttempt(task.getAttempt() + 1)
                .setPreviousAttempts(Results.allAttempts(task, mine))
                .setCascadeAnswers(task.getCascadeAnswers())
                .build();
    }

    private static Cascade requireCheapStage(ExecutionTask task) {
        if (!atCheapStage(task)) {
            throw new IllegalArgumentException(
                    "request " + task.getRequest().getRequestId() + " is not at a cheap cascade stage");
        }
        return task.getDecision().getCascade();
    }
}
