package dev.routeplane.cascade.signal;

import dev.routeplane.cascade.EscalationSignal;
import dev.routeplane.cascade.EscalationVerdict;
import dev.routeplane.cascade.StageAnswers;
import java.util.List;
import java.util.Locale;

/**
 * Escalates unless every cheap response has the same extracted final answer ({@link AnswerExtractor}).
 * Independent models that agree are usually right (and when they are wrong together, the strong model
 * often is too); disagreement is a cheap, task-free proxy for "this one is hard". Responses whose answer
 * is empty never count as agreeing. Thread-safe.
 */
public final class AnswerAgreement implements EscalationSignal {

    @Override
    public EscalationVerdict evaluate(StageAnswers answers) {
        List<String> responses = answers.texts();
        String first = AnswerExtractor.extract(responses.get(0));
        if (first.isEmpty() || first.endsWith(":")) {
            return EscalationVerdict.escalate("no answer extracted from response 1");
        }
        int distinct = 1;
        for (int i = 1; i < responses.size(); i++) {
            if (!AnswerExtractor.extract(responses.get(i)).equals(first)) {
                distinct++;
            }
        }
        if (distinct > 1) {
            return EscalationVerdict.escalate(
                    String.format(Locale.ROOT, "answers disagree: %d of %d differ", distinct - 1, responses.size()));
        }
        return EscalationVerdict.keep(0, responses.size() + " answers agree");
    }
}
