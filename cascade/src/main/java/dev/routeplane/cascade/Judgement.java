package dev.routeplane.cascade;

import java.util.List;

/** What a cheap stage's answer decides ({@link CascadeStages#judge}). */
public sealed interface Judgement {
    /** Another cheap stage comes next: stage {@code stage}, carrying {@code answers} so far. */
    record NextStage(int stage, List<String> answers) implements Judgement {}

    /** The signal kept the answer {@code text} of cheap stage {@code stage}. */
    record Keep(int stage, String text, String reason) implements Judgement {}

    /** The signal rejected the cheap answers ({@code answers}, all of them): on to the escalation. */
    record Escalate(List<String> answers, String reason) implements Judgement {}
}
