package dev.routeplane.cascade;

import java.util.Optional;

/**
 * The escalation signals a cascade may name, spelled as in {@code RoutingDecision.cascade.signal}. Which
 * {@link EscalationSignal} judges each is the executors' {@link Signals} registry's business; a name this build does
 * not know (a newer router) parses to empty, and such a cascade always escalates.
 */
public enum CascadeSignal {
    /** Two or more cheap stages: keep the answer when their extracted answers agree. */
    ANSWER_AGREEMENT,
    /** A request asking for JSON: keep the first answer that is one valid JSON object. */
    FORMAT_VALIDATION,
    /** One cheap stage: keep its answer unless it is empty or hedges. */
    LOW_CONFIDENCE,
    /**
     * Keep the cheap answer a learned answer scorer rates likeliest to be right, when that score clears the decision's
     * {@code scoreThreshold}; the scorer weighs the prompt, the answer and its agreement with the other stages'. Without
     * a scorer for any stage's model it falls back to {@link #ANSWER_AGREEMENT}.
     */
    ANSWER_SCORE;

    /** The signal of that exact name; empty for a name this build does not know. */
    public static Optional<CascadeSignal> parse(String name) {
        for (CascadeSignal s : values()) {
            if (s.name().equals(name)) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }
}
