package dev.routeplane.cascade;

import java.util.List;

/**
 * What an {@link EscalationSignal} decided about a cascade's cheap responses.
 *
 * @param escalate    true when the escalation route must be called and its answer returned
 * @param answerIndex when not escalating, which cheap response to return (index into the list given)
 * @param reason      short, prompt-free explanation such as {@code "answers disagree: 2 distinct"}
 * @param scores      a scoring signal's score of each cheap response, in order (NaN where it had none); empty for
 *                    signals that do not score
 */
public record EscalationVerdict(boolean escalate, int answerIndex, String reason, List<Double> scores) {

    public EscalationVerdict {
        scores = List.copyOf(scores);
    }

    /** Escalate for the given reason. */
    public static EscalationVerdict escalate(String reason) {
        return new EscalationVerdict(true, -1, reason, List.of());
    }

    /** Keep the cheap response at {@code index}. */
    public static EscalationVerdict keep(int index, String reason) {
        return new EscalationVerdict(false, index, reason, List.of());
    }

    /** This verdict with another reason. */
    public EscalationVerdict withReason(String newReason) {
        return new EscalationVerdict(escalate, answerIndex, newReason, scores);
    }

    /** This verdict with the scores it was reached on. */
    public EscalationVerdict withScores(List<Double> newScores) {
        return new EscalationVerdict(escalate, answerIndex, reason, newScores);
    }
}
