package dev.routeplane.cascade;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What an {@link EscalationSignal} judges: the request's prompt and the cheap stages' answers in stage order, each
 * with the model that gave it. Signals that look at the answers alone use {@link #texts()}; a learned answer scorer
 * can score each answer against the prompt and its model. Carries model output and prompt text: never log it.
 *
 * @param prompt    the request's message contents, one per line, in order
 * @param answers   the cheap stages' answers so far, at least one
 * @param threshold the score a cheap answer needs to be kept, for a scoring signal ({@code cascade.scoreThreshold});
 *                  NaN when the decision set none
 */
public record StageAnswers(String prompt, List<Answer> answers, double threshold) {

    /** One cheap stage's answer. */
    public record Answer(String model, String text) {
        public Answer {
            Objects.requireNonNull(model, "model");
            text = text == null ? "" : text;
        }
    }

    public StageAnswers {
        prompt = prompt == null ? "" : prompt;
        answers = List.copyOf(answers);
        if (answers.isEmpty()) {
            throw new IllegalArgumentException("no cheap answers to judge");
        }
    }

    /** Answers judged without a score threshold. */
    public StageAnswers(String prompt, List<Answer> answers) {
        this(prompt, answers, Double.NaN);
    }

    /** Answers without a prompt or models, for signals and tests that judge the texts alone. */
    public static StageAnswers ofTexts(String... texts) {
        List<Answer> answers = new ArrayList<>(texts.length);
        for (int i = 0; i < texts.length; i++) {
            answers.add(new Answer("stage-" + i, texts[i]));
        }
        return new StageAnswers("", answers);
    }

    /** The answer texts in stage order. */
    public List<String> texts() {
        List<String> texts = new ArrayList<>(answers.size());
        for (Answer a : answers) {
            texts.add(a.text());
        }
        return texts;
    }

    public int size() {
        return answers.size();
    }
}
