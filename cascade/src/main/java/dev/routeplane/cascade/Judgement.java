package dev.routeplane.cascade;

import java.util.List;

/** What a cheap stage's answer decides ({@link CascadeStages#judge}). */
public sealed interface Judgement {
    /** Another cheap stage comes next: stage {@code stage}, carrying {@code answers} so far. */
    record NextStage(int stage, List<String> answers) implements Judgement {}

    /**
     * The signal kept the answer {@code text} of cheap stage {@code stage}; {@code scores} are a scoring signal's
     * scores of every cheap answer (empty for other signals).
     */
    record Keep(int stage, String text, String reason, List<Double> scores) implements Judgement {}

    /** The signal rejected the cheap answers ({@code answers}, all of them, with their {@code scores}): escalate. */
    record Escalate(List<String> answers, String reason, List<Double> scores) implements Judgement {}
}
