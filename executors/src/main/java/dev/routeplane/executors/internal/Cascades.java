package dev.routeplane.executors.internal;

import dev.routeplane.cascade.CascadeStages;
import dev.routeplane.cascade.Judgement;
import dev.routeplane.cascade.Signals;
import dev.routeplane.contract.AttemptRecord;
import dev.routeplane.contract.Cascade;
import dev.routeplane.contract.ExecutionTask;
import dev.routeplane.contract.FallbackTrigger;
import dev.routeplane.contract.Route;
import dev.routeplane.contract.RoutingDecision;
import dev.routeplane.schemas.ReasonCodes;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * The executor's side of a cascade ({@link RoutingDecision#getCascade()}): the task that moves a request on after a
 * cheap stage answered, failed or was refused. Where a task stands and what an answer decides are the cascade
 * module's ({@link CascadeStages}); this class builds the next task and applies the request's policy. Whatever sends a
 * request past its cheap stages, the escalation runs only when the request's policy admits it; else the decision's
 * fallbacks, which belong to the escalation, stand in for it. Pure functions.
 */
public final class Cascades {
    private Cascades() {}

    /** What follows a successful answer at a cheap stage. */
    public sealed interface Step {
        /** Another cheap stage comes next. */
        record NextStage(ExecutionTask task) implements Step {}

        /**
         * The signal kept the answer of cheap stage {@code stage}, produced by {@code route}; {@code scores} are a
         * scoring signal's scores of every cheap answer, for the result (empty for other signals).
         */
        record Keep(int stage, Route route, String text, String reason, List<Double> scores) implements Step {}

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

    /**
     * The step after {@code task}'s cheap stage answered {@code text}: the next cheap stage, or once every cheap stage
     * has answered, the signal's verdict on all answers. An escalation the request's policy bars goes to the first
     * admissible fallback instead ({@link Fallbacks#firstAdmissible}): no call failed whose class it could match.
     */
    public static Step afterAnswer(
            ExecutionTask task, String text, List<AttemptRecord> mine, Signals signals, PolicyCheck policy) {
        Judgement judged = CascadeStages.judge(task, text, signals);
        Cascade cascade = task.getDecision().getCascade();
        if (judged instanceof Judgement.NextStage next) {
            ExecutionTask answered = at(task, next.stage(), next.answers(), List.of());
            return new Step.NextStage(forward(answered, cascade.getStages().get(next.stage()), mine));
        }
        if (judged instanceof Judgement.Escalate up) {
            ExecutionTask past = at(task, cascade.getStages().size(), up.answers(), up.scores());
            return escalate(past, mine, policy, p -> Fallbacks.firstAdmissible(p, mine, policy))
                    .<Step>map(onward -> new Step.Escalate(onward, up.reason()))
                    .orElseGet(() -> new Step.Stranded(
                            past, barred(past, cascade.getEscalation(), policy).orElseThrow(), up.reason()));
        }
        Judgement.Keep keep = (Judgement.Keep) judged;
        return new Step.Keep(
                keep.stage(), cascade.getStages().get(keep.stage()), keep.text(), keep.reason(), keep.scores());
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

    /** {@code task} skipping the cheap stages left: at the escalation's stage, its answers padded with {@code ""}. */
    private static ExecutionTask pastCheapStages(ExecutionTask task) {
        return at(
                task,
                task.getDecision().getCascade().getStages().size(),
                CascadeStages.answersPastCheapStages(task),
                List.of());
    }

    /**
     * {@code task} at {@code stage} carrying {@code answers} and their {@code scores}; shallow, where a builder copied
     * from it would deep-copy.
     */
    private static ExecutionTask at(ExecutionTask task, int stage, List<String> answers, List<Double> scores) {
        return ExecutionTask.newBuilder()
                .setRequest(task.getRequest())
                .setDecision(task.getDecision())
                .setAttempt(task.getAttempt())
                .setPreviousAttempts(task.getPreviousAttempts())
                .setCascadeAnswers(answers)
                .setShadowOf(task.getShadowOf())
                .setCascadeStage(stage)
                .setCascadeScores(scores)
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
                .setCascadeStage(task.getCascadeStage())
                .setCascadeScores(task.getCascadeScores())
                .build();
    }
}
