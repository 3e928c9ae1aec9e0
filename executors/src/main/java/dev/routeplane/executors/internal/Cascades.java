package dev.routeplane.executors.internal;

import dev.routeplane.contract.AttemptRecord;
import dev.routeplane.contract.Cascade;
import dev.routeplane.contract.ExecutionTask;
import dev.routeplane.contract.FallbackTrigger;
import dev.routeplane.contract.Route;
import dev.routeplane.contract.RoutingDecision;
import dev.routeplane.learning.cascade.EscalationSignal;
import dev.routeplane.learning.cascade.EscalationVerdict;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * Where a task stands in its cascade ({@link RoutingDecision#getCascade()}) and the task that moves it on. A task's
 * stage is the number of answers it carries: below the number of cheap stages it is a cheap stage, at it the
 * escalation or a fallback of it, which run like any other task. A cheap stage that fails skips the cheap stages
 * left, so its answers are padded with {@code ""} up to the escalation: the stage count alone tells every later
 * task (and its result's {@code escalated}) that the cheap answers are behind it. Pure functions.
 */
public final class Cascades {
    private Cascades() {
    }

    /** What follows a successful answer at a cheap stage. */
    public sealed interface Step {
        /** Another cheap stage comes next. */
        record NextStage(ExecutionTask task) implements Step {
        }

        /** The signal kept the answer of cheap stage {@code stage}, produced by {@code route}. */
        record Keep(int stage, Route route, String text, String reason) implements Step {
        }

        /** The signal rejected the cheap answers; {@code task} calls the escalation route. */
        record Escalate(ExecutionTask task, String reason) implements Step {
        }
    }

    /** True when {@code task} runs a cheap stage of a cascade (its answer is judged before anyone sees it). */
    public static boolean atCheapStage(ExecutionTask task) {
        Cascade cascade = task.getDecision().getCascade();
        return cascade != null && task.getCascadeAnswers().size() < cascade.getStages().size();
    }

    /** True when {@code task} belongs to a cascade that is past its cheap stages (escalation or its fallbacks). */
    public static boolean escalated(ExecutionTask task) {
        Cascade cascade = task.getDecision().getCascade();
        return cascade != null && task.getCascadeAnswers().size() >= cascade.getStages().size();
    }

    /**
     * The step after cheap stage {@code i} answered {@code text}: the next cheap stage, or once every cheap stage has
     * answered, the signal's verdict on all answers.
     */
    public static Step afterAnswer(ExecutionTask task, String text, List<AttemptRecord> mine,
                                   EscalationSignal signal) {
        Cascade cascade = requireCheapStage(task);
        List<String> answers = new ArrayList<>(task.getCascadeAnswers());
        answers.add(text == null ? "" : text);
        List<Route> stages = cascade.getStages();
        if (answers.size() < stages.size()) {
            return new Step.NextStage(forward(task, stages.get(answers.size()), answers, mine));
        }
        EscalationVerdict verdict = signal.evaluate(Collections.unmodifiableList(answers));
        if (verdict.escalate()) {
            return new Step.Escalate(forward(task, cascade.getEscalation(), answers, mine), verdict.reason());
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
    public static Optional<TaskOutcome> afterFailure(ExecutionTask task, Optional<FallbackTrigger> trigger,
                                                     List<AttemptRecord> mine, PolicyCheck policy) {
        Cascade cascade = requireCheapStage(task);
        List<String> answers = new ArrayList<>(task.getCascadeAnswers());
        while (answers.size() < cascade.getStages().size()) {
            answers.add("");
        }
        Route escalation = cascade.getEscalation();
        if (policy.refusal(task, escalation.getProvider()).isEmpty()
                && policy.model(escalation.getProvider(), escalation.getModel()).isPresent()) {
            return Optional.of(new TaskOutcome.CascadeStep(forward(task, escalation, answers, mine)));
        }
        ExecutionTask pastCheapStages = ExecutionTask.newBuilder(task).setCascadeAnswers(answers).build();
        return trigger.flatMap(t -> Fallbacks.next(pastCheapStages, t, mine, policy)).map(TaskOutcome.Forward::new);
    }

    private static ExecutionTask forward(ExecutionTask task, Route route, List<String> answers,
                                         List<AttemptRecord> mine) {
        // Fallbacks stay: they belong to the escalation route, which every cheap stage still leads to.
        RoutingDecision decision = RoutingDecision.newBuilder(task.getDecision())
                .setRoute(Route.newBuilder(route).build())
                .build();
        return ExecutionTask.newBuilder()
                .setRequest(task.getRequest())
                .setDecision(decision)
                .setAttempt(task.getAttempt() + 1)
                .setPreviousAttempts(Results.allAttempts(task, mine))
                .setCascadeAnswers(List.copyOf(answers))
                .build();
    }

    private static Cascade requireCheapStage(ExecutionTask task) {
        if (!atCheapStage(task)) {
            throw new IllegalArgumentException("request " + task.getRequest().getRequestId()
                    + " is not at a cheap cascade stage");
        }
        return task.getDecision().getCascade();
    }
}
