package dev.routeplane.learning;

import static org.assertj.core.api.Assertions.assertThat;

import dev.routeplane.cascade.EscalationVerdict;
import dev.routeplane.cascade.StageAnswers;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A scorer trained on synthetic feedback where a model is right 90% of the time when another model gives the same
 * final answer and 30% when none does (the pattern the recorded data shows across tasks), then judged on fresh
 * prompts.
 */
class AnswerScorerTest {
    private static final AnswerScoring SCORING = AnswerScoring.ofDefaults();
    private static final List<String> OPTIONS = List.of("A", "B", "C", "D");
    private static AnswerScorer scorer;

    @BeforeAll
    static void train() {
        AnswerFeaturizer featurizer = SCORING.featurizer();
        OnlineSuccessEstimator learner = new OnlineSuccessEstimator(SCORING.estimator());
        Random random = new Random(7);
        for (int i = 0; i < 3_000; i++) {
            String prompt = question(random);
            boolean agrees = random.nextBoolean();
            String answer = OPTIONS.get(random.nextInt(4));
            String peer = agrees ? answer : other(answer, random);
            double right = random.nextDouble() < (agrees ? 0.9 : 0.3) ? 1 : 0;
            SparseVector x = featurizer.featurize(
                    prompt,
                    "Answer: " + answer,
                    List.of(new AnswerFeaturizer.Peer("peer-model", AnswerFeaturizer.fingerprintOf(peer))));
            learner.update(x, AnswerScorer.route("cheap-model"), right);
        }
        scorer = new AnswerScorer(SCORING);
        assertThat(scorer.load(SCORING.featurizerId(), learner.snapshot(AnswerScorer.route("cheap-model"))))
                .contains("cheap-model");
    }

    @Test
    void anAnswerAnotherModelAgreesWithScoresHigherThanOneItDisputes() {
        StageAnswers agreed = answers("Answer: B", "The answer is (B).");
        StageAnswers disputed = answers("Answer: B", "The answer is (D).");

        double whenAgreed = scorer.scores(agreed).get(0);
        double whenDisputed = scorer.scores(disputed).get(0);

        assertThat(whenAgreed).isGreaterThan(0.75);
        assertThat(whenDisputed).isLessThan(0.5);
        assertThat(scorer.evidence("cheap-model")).isEqualTo(3_000);
    }

    @Test
    void aModelWithoutAScorerHasNoScore() {
        assertThat(scorer.scores(answers("Answer: B", "Answer: B")).get(1)).isNaN();
        assertThat(scorer.evidence("peer-model")).isZero();
    }

    @Test
    void aSnapshotOfAnotherFeaturizerIsNotLoaded() {
        OnlineSuccessEstimator other = new OnlineSuccessEstimator(SCORING.estimator());
        other.update(SparseVector.empty(), AnswerScorer.route("x"), 1);

        assertThat(new AnswerScorer(SCORING).load("answer-v0/16/4096", other.snapshot(AnswerScorer.route("x"))))
                .isEmpty();
    }

    @Test
    void theSignalKeepsTheBestScoringAnswerThatClearsTheThresholdAndElseEscalates() {
        AnswerScoreSignal signal = new AnswerScoreSignal(scorer);
        StageAnswers agreed = withThreshold(answers("Answer: B", "The answer is (B)."), 0.6);
        StageAnswers disputed = withThreshold(answers("Answer: B", "The answer is (D)."), 0.6);

        EscalationVerdict keep = signal.evaluate(agreed);
        EscalationVerdict escalate = signal.evaluate(disputed);

        assertThat(keep.escalate()).isFalse();
        assertThat(keep.answerIndex()).isZero();
        assertThat(keep.reason()).startsWith("answer 1 scores 0.").endsWith(">= 0.600");
        assertThat(keep.scores()).hasSize(2);
        assertThat(keep.scores().get(1)).isNaN();
        assertThat(escalate.escalate()).isTrue();
        assertThat(escalate.reason()).startsWith("best score 0.").endsWith("< 0.600");
        assertThat(escalate.scores().get(0)).isLessThan(0.6);
    }

    @Test
    void withoutAThresholdOrAnyScorerTheSignalJudgesByAgreement() {
        AnswerScoreSignal signal = new AnswerScoreSignal(scorer);
        AnswerScoreSignal untrained = new AnswerScoreSignal(new AnswerScorer(SCORING));

        EscalationVerdict noThreshold = signal.evaluate(answers("Answer: B", "The answer is (D)."));
        EscalationVerdict noScorer = untrained.evaluate(withThreshold(answers("Answer: B", "B"), 0.99));

        assertThat(noThreshold.escalate()).isTrue();
        assertThat(noThreshold.reason()).isEqualTo("no threshold, by agreement: answers disagree: 1 of 2 differ");
        assertThat(noScorer.escalate()).isFalse();
        assertThat(noScorer.reason()).isEqualTo("no scorer yet, by agreement: 2 answers agree");
    }

    private static StageAnswers answers(String cheap, String peer) {
        return new StageAnswers(
                "Pick one.\nA) one\nB) two\nC) three\nD) four",
                List.of(new StageAnswers.Answer("cheap-model", cheap), new StageAnswers.Answer("peer-model", peer)));
    }

    private static StageAnswers withThreshold(StageAnswers a, double threshold) {
        return new StageAnswers(a.prompt(), a.answers(), threshold);
    }

    private static String question(Random random) {
        return "Question " + random.nextInt(1_000) + ": which of these fits best?\nA) one\nB) two\nC) three\nD) four";
    }

    private static String other(String answer, Random random) {
        String o;
        do {
            o = OPTIONS.get(random.nextInt(4));
        } while (o.equals(answer));
        return o;
    }
}
