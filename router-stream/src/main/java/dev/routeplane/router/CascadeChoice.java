package dev.routeplane.router;

import dev.routeplane.cascade.CascadePlan;
import dev.routeplane.cascade.CascadeSignal;
import dev.routeplane.learning.SuccessEstimate;
import java.util.List;
import java.util.Objects;

/**
 * A selector's choice to run a request as a cascade ({@link CascadePlan}), with the ranked routes its stages and
 * escalation are and what the learner's evidence says of it. Every call is billed, so the budget step reserves all
 * stages' worst cases plus the escalation's ({@link CascadePlan#worstCaseMicros}).
 *
 * @param plan               the cascade: id, stages, escalation, signal, its estimate from its parts
 * @param stages             the ranked routes of the plan's cheap stages, in call order
 * @param escalation         the ranked route of its escalation; the decision's fallbacks back it up
 * @param estimate           chance that the cascade's final answer is good, the evidence behind it, and the
 *                           estimate from its parts that stands in for a prior
 * @param expectedCostMicros cheap stages' expected cost plus P(escalation) times the escalation's
 * @param scoreThreshold     for an {@link CascadeSignal#ANSWER_SCORE} cascade, the score a cheap answer needs to be
 *                           kept (the request's quality tier's); null for the other signals
 */
public record CascadeChoice(
        CascadePlan plan,
        List<RankedRoute> stages,
        RankedRoute escalation,
        SuccessEstimate estimate,
        long expectedCostMicros,
        Double scoreThreshold) {

    public CascadeChoice {
        Objects.requireNonNull(plan, "plan");
        Objects.requireNonNull(escalation, "escalation");
        Objects.requireNonNull(estimate, "estimate");
        stages = List.copyOf(stages);
        if ((scoreThreshold != null) != (plan.signal() == CascadeSignal.ANSWER_SCORE)) {
            throw new IllegalArgumentException("cascade " + plan.id() + " judged by " + plan.signal()
                    + (scoreThreshold == null ? " needs" : " takes no") + " score threshold");
        }
        if (stages.size() != plan.stages().size()) {
            throw new IllegalArgumentException("cascade " + plan.id() + " has "
                    + plan.stages().size() + " stages, given " + stages.size() + " routes");
        }
    }

    /** Route id of the whole cascade, the key its success is learned under. */
    public String id() {
        return plan.id();
    }

    public CascadeSignal signal() {
        return plan.signal();
    }

    /** Estimated chance that the cascade's final answer is good. */
    public double quality() {
        return estimate.probability();
    }
}
