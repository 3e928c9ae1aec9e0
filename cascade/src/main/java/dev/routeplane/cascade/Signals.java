package dev.routeplane.cascade;

import dev.routeplane.cascade.signal.AnswerAgreement;
import dev.routeplane.cascade.signal.FormatValidation;
import dev.routeplane.cascade.signal.LowConfidence;
import java.util.EnumMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which {@link EscalationSignal} judges each {@link CascadeSignal}: the built-in ones, or an implementation plugged in
 * with {@link #with} (a learned answer scorer, say). A name no signal is registered for (a newer router) gets one that
 * always escalates: a cascade must never return a cheap answer nobody checked. Immutable apart from the names already
 * warned about; thread-safe.
 */
public final class Signals {
    private static final Logger LOG = LoggerFactory.getLogger(Signals.class);

    private final Map<CascadeSignal, EscalationSignal> signals;
    private final Set<String> warned = ConcurrentHashMap.newKeySet();

    private Signals(Map<CascadeSignal, EscalationSignal> signals) {
        this.signals = signals;
    }

    /**
     * The built-in signals. {@link CascadeSignal#ANSWER_SCORE} needs a learned scorer plugged in with {@link #with};
     * until then it judges by agreement, the evidence the scorer weighs most.
     */
    public static Signals builtIn() {
        Map<CascadeSignal, EscalationSignal> m = new EnumMap<>(CascadeSignal.class);
        m.put(CascadeSignal.ANSWER_AGREEMENT, new AnswerAgreement());
        m.put(CascadeSignal.ANSWER_SCORE, new AnswerAgreement());
        // No schema travels with the task, so any single valid JSON object passes.
        m.put(CascadeSignal.FORMAT_VALIDATION, new FormatValidation(Set.of()));
        m.put(CascadeSignal.LOW_CONFIDENCE, LowConfidence.ofDefaults());
        return new Signals(m);
    }

    /** These signals with {@code signal} judged by {@code implementation}. */
    public Signals with(CascadeSignal signal, EscalationSignal implementation) {
        Map<CascadeSignal, EscalationSignal> m = new EnumMap<>(signals);
        m.put(signal, implementation);
        return new Signals(m);
    }

    /** The signal a decision names; for a name without one, a signal that always escalates (warned once per name). */
    public EscalationSignal forName(String name) {
        EscalationSignal signal = CascadeSignal.parse(name).map(signals::get).orElse(null);
        if (signal != null) {
            return signal;
        }
        if (warned.add(String.valueOf(name))) {
            LOG.warn(
                    "unknown cascade signal '{}' (this executor knows {}); such cascades always escalate until the"
                            + " executors are upgraded",
                    name,
                    signals.keySet());
        }
        return answers -> EscalationVerdict.escalate("unknown signal " + name);
    }
}
