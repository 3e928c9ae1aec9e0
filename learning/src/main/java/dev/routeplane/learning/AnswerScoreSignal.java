package dev.routeplane.learning;

import dev.routeplane.cascade.EscalationSignal;
import dev.routeplane.cascade.EscalationVerdict;
import dev.routeplane.cascade.StageAnswers;
import dev.routeplane.cascade.signal.AnswerAgreement;
import java.util.List;
import java.util.Locale;

/**
 * The {@code ANSWER_SCORE} signal: scores every cheap answer ({@link AnswerScorer}, agreement with the other stages'
 * answers among its features) and keeps the best-scoring one when its score reaches the decision's threshold, else
 * escalates. Where no stage's model has a scorer yet, or the decision set no threshold, it judges by agreement
 * instead, so a cascade never keeps an answer nothing checked. Thread-safe.
 */
public final class AnswerScoreSignal implements EscalationSignal {
    private final AnswerScorer scorer;
    private final EscalationSignal fallback = new AnswerAgreement();

    public AnswerScoreSignal(AnswerScorer scorer) {
        this.scorer = scorer;
    }

    @Override
    public EscalationVerdict evaluate(StageAnswers answers) {
        List<Double> scores = scorer.scores(answers);
        int best = -1;
        for (int i = 0; i < scores.size(); i++) {
            if (!scores.get(i).isNaN() && (best < 0 || scores.get(i) > scores.get(best))) {
                best = i;
            }
        }
        if (best < 0 || Double.isNaN(answers.threshold())) {
            EscalationVerdict agreement = fallback.evaluate(answers);
            String why = best < 0 ? "no scorer yet" : "no threshold";
            return agreement.withScores(scores).withReason(why + ", by agreement: " + agreement.reason());
        }
        double score = scores.get(best);
        if (score >= answers.threshold()) {
            return EscalationVerdict.keep(
                            best,
                            String.format(
                                    Locale.ROOT, "answer %d scores %.3f >= %.3f", best + 1, score, answers.threshold()))
                    .withScores(scores);
        }
        return EscalationVerdict.escalate(
                        String.format(Locale.ROOT, "best score %.3f < %.3f", score, answers.threshold()))
                .withScores(scores);
    }
}
