package dev.routeplane.executors.internal;

import dev.routeplane.contract.AttemptRecord;
import dev.routeplane.contract.ExecutionTask;
import dev.routeplane.contract.Fallback;
import dev.routeplane.contract.FallbackTrigger;
import dev.routeplane.contract.Route;
import dev.routeplane.contract.RoutingDecision;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Chooses the fallback that stands in for a route: the first of the decision's remaining fallbacks that is meant for
 * the situation and still passes the request's policy and names a model its provider serves. Fallbacks before it are
 * dropped; those after it stay for the next failure. The new task carries attempt + 1, the attempt history and any
 * cascade answers (so a fallback of a cascade's escalation is still known as escalated).
 */
public final class Fallbacks {
    private Fallbacks() {}

    /** The fallback for a failure matching {@code trigger}: the first admissible one whose {@code when} names it. */
    public static Optional<ExecutionTask> next(
            ExecutionTask task, FallbackTrigger trigger, List<AttemptRecord> mine, PolicyCheck policy) {
        return first(task, fb -> fb.getWhen().contains(trigger), mine, policy);
    }

    /**
     * The fallback for a route that cannot run at all, as when the policy re-check refuses a cascade's escalation
     * after its signal escalated: the first admissible one, whatever its {@code when}, since no call failed whose
     * failure class it could match.
     */
    public static Optional<ExecutionTask> firstAdmissible(
            ExecutionTask task, List<AttemptRecord> mine, PolicyCheck policy) {
        return first(task, fb -> true, mine, policy);
    }

    private static Optional<ExecutionTask> first(
            ExecutionTask task, Predicate<Fallback> meant, List<AttemptRecord> mine, PolicyCheck policy) {
        List<Fallback> fallbacks = task.getDecision().getFallbacks();
        for (int i = 0; i < fallbacks.size(); i++) {
            Fallback fb = fallbacks.get(i);
            if (!meant.test(fb)
                    || policy.refusal(task, fb.getProvider()).isPresent()
                    || policy.model(fb.getProvider(), fb.getModel()).isEmpty()) {
                continue;
            }
            RoutingDecision decision = RoutingDecision.newBuilder(task.getDecision())
                    .setRoute(Route.newBuilder()
                            .setProvider(fb.getProvider())
                            .setModel(fb.getModel())
                            .setAlias(null)
                            .setVersion(null)
                            .setRegion(fb.getRegion())
                            .build())
                    .setFallbacks(List.copyOf(fallbacks.subList(i + 1, fallbacks.size())))
                    .build();
            return Optional.of(ExecutionTask.newBuilder()
                    .setRequest(task.getRequest())
                    .setDecision(decision)
                    .setAttempt(task.getAttempt() + 1)
                    .setPreviousAttempts(Results.allAttempts(task, mine))
                    .setCascadeAnswers(task.getCascadeAnswers())
                    .setCascadeStage(task.getCascadeStage())
                    .setCascadeScores(task.getCascadeScores())
                    .build());
        }
        return Optional.empty();
    }
}
