package dev.routeplane.learning.cascade;

import java.util.List;

/**
 * Decides from the cheap routes' responses whether a cascade must escalate. Implementations are chosen by
 * configuration and are generic over tasks: they look at the shape of answers, never at task names.
 *
 * <p>Contract: immutable and <b>thread-safe</b>; called by the executor once per cascade request after
 * every cheap call of the plan has returned. Must not do I/O. Never throws on odd response text.
 */
public interface EscalationSignal {

    /**
     * @param responses the cheap routes' response texts, in plan order, at least one
     * @return keep one of them, or escalate
     */
    EscalationVerdict evaluate(List<String> responses);

    /** Escalates when any of the signals does; otherwise keeps the first signal's choice. */
    static EscalationSignal anyOf(EscalationSignal first, EscalationSignal... more) {
        return responses -> {
            EscalationVerdict v = first.evaluate(responses);
            if (v.escalate()) {
                return v;
            }
            for (EscalationSignal s : more) {
                EscalationVerdict other = s.evaluate(responses);
                if (other.escalate()) {
                    return other;
                }
            }
            return v;
        };
    }
}
