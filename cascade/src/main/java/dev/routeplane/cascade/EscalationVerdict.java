package dev.routeplane.cascade;

/**
 * What an {@link EscalationSignal} decided about a cascade's cheap responses.
 *
 * @param escalate true when the escalation route must be called and its answer returned
 * @param answerIndex when not escalating, which cheap response to return (index into the list given)
 * @param reason short, prompt-free explanation such as {@code "answers disagree: 2 distinct"}
 */
public record EscalationVerdict(boolean escalate, int answerIndex, String reason) {

    /** Escalate for the given reason. */
    public static EscalationVerdict escalate(String reason) {
        return new EscalationVerdict(true, -1, reason);
    }

    /** Keep the cheap response at {@code index}. */
    public static EscalationVerdict keep(int index, String reason) {
        return new EscalationVerdict(false, index, reason);
    }
}
