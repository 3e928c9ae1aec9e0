package dev.routeplane.executors.internal;

import dev.routeplane.contract.AttemptRecord;
import dev.routeplane.contract.ExecutionTask;
import dev.routeplane.contract.Fallback;
import dev.routeplane.contract.FallbackTrigger;
import dev.routeplane.contract.Route;
import dev.routeplane.contract.RoutingDecision;
import java.util.List;
import java.util.Optional;

/**
 * Chooses the fallback for a failure: the first of the decision's remaining fallbacks whose {@code when} matches
 * and that still passes the request's policy and names a model its provider serves. Fallbacks before it are
 * dropped; those after it stay for the next failure. The new task carries attempt + 1, the attempt history and any
 * cascade answers (so a fallback of a cascade's escalation is still known as escalated).
 */
public final class Fallbacks {
    private Fallbacks() {
    }

    public static Optional<ExecutionTask> next(ExecutionTask task, FallbackTrigger trigger,
                                               List<AttemptRecord> mine, PolicyCheck policy) {
        List<Fallback> fallbacks = task.getDecision().getFallbacks();
        for (int i = 0; i < fallbacks.size(); i++) {
            Fallback fb = fallbacks.get(i);
            if (!fb.getWhen().contains(trigger)
                    || policy.refusal(task, fb.getProvider()).isPresent()
                    || policy.model(fb.getProvider(), fb.getModel()).isEmpty()) {
                continue;
            }
            RoutingDecision decision = RoutingDecision.newBuilder(task.getDecision())
                    .setRoute(Route.newBuilder().setProvider(fb.getProvider()).setModel(fb.getModel())
                            .setAlias(null).setVersion(null).setRegion(fb.getRegion()).build())
                    .setFallbacks(List.copyOf(fallbacks.subList(i + 1, fallbacks.size())))
                    .build();
            return Optional.of(ExecutionTask.newBuilder()
                    .setRequest(task.getRequest())
                    .setDecision(decision)
                    .setAttempt(task.getAttempt() + 1)
                    .setPreviousAttempts(Results.allAttempts(task, mine))
                    .setCascadeAnswers(task.getCascadeAnswers())
                    .build());
        }
        return Optional.empty();
    }
}
