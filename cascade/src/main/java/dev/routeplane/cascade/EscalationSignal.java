package dev.routeplane.cascade;

/**
 * Decides from the cheap stages' answers whether a cascade keeps one of them or escalates. The built-in signals
 * ({@link CascadeSignal}) look at the shape of the answers, never at task names; a learned scorer can judge each answer
 * against the prompt and its model ({@link StageAnswers}) and is plugged in through {@link Signals#with}.
 *
 * <p>Contract: <b>thread-safe</b>, called by executor threads concurrently, once per cascade request after every
 * cheap stage has answered. Must not block on I/O (a scorer reads a model already in memory). Never throws on odd
 * answer text: a signal that cannot judge escalates.
 */
@FunctionalInterface
public interface EscalationSignal {

    /** Keep one of the answers, or escalate. */
    EscalationVerdict evaluate(StageAnswers answers);

    /** Escalates when any of the signals does; otherwise keeps the first signal's choice. */
    static EscalationSignal anyOf(EscalationSignal first, EscalationSignal... more) {
        return answers -> {
            EscalationVerdict v = first.evaluate(answers);
            if (v.escalate()) {
                return v;
            }
            for (EscalationSignal s : more) {
                EscalationVerdict other = s.evaluate(answers);
                if (other.escalate()) {
                    return other;
                }
            }
            return v;
        };
    }
}
