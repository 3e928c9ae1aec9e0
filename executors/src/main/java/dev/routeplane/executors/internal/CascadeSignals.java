package dev.routeplane.executors.internal;

import dev.routeplane.learning.cascade.AnswerAgreement;
import dev.routeplane.learning.cascade.EscalationSignal;
import dev.routeplane.learning.cascade.EscalationVerdict;
import dev.routeplane.learning.cascade.FormatValidation;
import dev.routeplane.learning.cascade.LowConfidence;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The escalation signals a cascade may name ({@code Cascade.signal}), by name. A name this worker does not know
 * (a newer router) gets a signal that always escalates: a cascade must never return a cheap answer nobody checked.
 * Thread-safe.
 */
public final class CascadeSignals {
    private static final Logger LOG = LoggerFactory.getLogger(CascadeSignals.class);

    private final Map<String, EscalationSignal> known = Map.of(
            "ANSWER_AGREEMENT", new AnswerAgreement(),
            // No schema travels with the task, so any single valid JSON object passes.
            "FORMAT_VALIDATION", new FormatValidation(Set.of()),
            "LOW_CONFIDENCE", LowConfidence.ofDefaults());
    private final Set<String> warned = ConcurrentHashMap.newKeySet();

    /** The signal called {@code name}; for an unknown name, one that always escalates (warned once per name). */
    public EscalationSignal forName(String name) {
        EscalationSignal signal = known.get(name);
        if (signal != null) {
            return signal;
        }
        if (warned.add(String.valueOf(name))) {
            LOG.warn(
                    "unknown cascade signal '{}' (this executor knows {}); such cascades always escalate until the"
                            + " executors are upgraded",
                    name,
                    known.keySet());
        }
        return responses -> EscalationVerdict.escalate("unknown signal " + name);
    }
}
