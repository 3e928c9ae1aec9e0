package dev.routeplane.router;

import dev.routeplane.learning.SuccessEstimate;
import java.util.List;
import java.util.Objects;

/**
 * A selector's choice to run a request as a cascade: call the cheap stages in order, judge their answers with the
 * signal, and call the escalation route only when the signal (or a failed stage) says so. Every call is billed,
 * so the budget step reserves all stages' worst cases plus the escalation's.
 *
 * @param id                 route id of the whole cascade, the key its success is learned under
 * @param stages             cheap routes, at least one, in call order
 * @param escalation         the route called on escalation; the decision's fallbacks back it up
 * @param signal             escalation signal name (ANSWER_AGREEMENT, FORMAT_VALIDATION, LOW_CONFIDENCE)
 * @param estimate           chance that the cascade's final answer is good, the evidence behind it, and the
 *                           estimate from its parts that stands in for a prior
 * @param expectedCostMicros cheap stages' expected cost plus P(escalation) times the escalation's
 */
public record CascadeChoice(
        String id,
        List<RankedRoute> stages,
        RankedRoute escalation,
        String signal,
        SuccessEstimate estimate,
        long expectedCostMicros) {

    public CascadeChoice {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(escalation, "escalation");
        Objects.requireNonNull(signal, "signal");
        Objects.requireNonNull(estimate, "estimate");
        stages = List.copyOf(stages);
        if (stages.isEmpty()) {
            throw new IllegalArgumentException("cascade " + id + " needs at least one cheap stage");
        }
    }

    /** Estimated chance that the cascade's final answer is good. */
    public double quality() {
        return estimate.probability();
    }

    /** What the budget step must reserve: every stage may be called and billed, then the escalation. */
    public long stagesWorstCaseMicros() {
        long sum = 0;
        for (RankedRoute s : stages) {
            sum = Math.addExact(sum, s.route().worstCaseMicros());
        }
        return sum;
    }
}
