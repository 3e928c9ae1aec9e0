package dev.routeplane.router;

import static org.assertj.core.api.Assertions.assertThat;

import dev.routeplane.cascade.StageAnswers;
import dev.routeplane.config.RouteplaneConfig;
import dev.routeplane.contract.ExecutionResult;
import dev.routeplane.contract.RouteRequest;
import dev.routeplane.contract.RoutingDecision;
import dev.routeplane.contract.SuccessModelSnapshot;
import dev.routeplane.learning.AnswerScorer;
import dev.routeplane.learning.AnswerScoring;
import dev.routeplane.router.testing.LearnerDriver;
import dev.routeplane.router.testing.Requests;
import dev.routeplane.router.testing.RouterDriver;
import dev.routeplane.router.testing.TestConfigs;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The learner trains each model's answer scorer from the feedback on its answers, with their agreement with other
 * models' answers to the same prompt, and publishes it beside the success models; a router that has seen the scorers
 * judges a cascade of those models by score, recording the quality tier's threshold in the decision.
 */
class AnswerScoringTopologyTest {
    private static final String SMALL = "mistral-small";
    private static final String LOCAL = "llama-3-1-8b-local";
    private static final String DEAR = "claude-haiku-3-5";
    private static final List<String> OPTIONS = List.of("A", "B", "C", "D");

    private final RouteplaneConfig config = withSummarizationCascade();
    private final LearnerDriver learner = new LearnerDriver(config, LearnedRouting.ofDefaults());

    @AfterEach
    void close() {
        learner.close();
    }

    @Test
    void learnsEachModelsAnswerScorerFromItsRatedAnswersAndTheirAgreement() {
        // given 240 questions both cheap models answered and were scored on: both right where they agree, and where
        // they differ the small model right on every third
        Map<String, SuccessModelSnapshot> published = sweep(240);

        // then each model has a success model and an answer scorer, each learned from its 240 rated answers
        assertThat(published.keySet())
                .containsExactlyInAnyOrder(
                        SMALL,
                        LOCAL,
                        DEAR,
                        AnswerScorer.route(SMALL),
                        AnswerScorer.route(LOCAL),
                        AnswerScorer.route(DEAR));
        assertThat(published.get(AnswerScorer.route(SMALL)).getEvidence()).isEqualTo(240);
        assertThat(published.get(AnswerScorer.route(SMALL)).getFeaturizer()).isEqualTo("answer-v1/16/4096");
        assertThat(published.get(SMALL).getFeaturizer()).isEqualTo("hashing-v1/16/4096");

        // and, loaded as the executors load it, the small model's scorer trusts its answer where the other agrees
        AnswerScorer scorer = new AnswerScorer(AnswerScoring.ofDefaults());
        published.values().forEach(s -> scorer.load(s.getFeaturizer(), bytes(s.getState())));
        double agreed = scorer.scores(answers("Answer: C", "The answer is C.")).get(0);
        double disputed =
                scorer.scores(answers("Answer: C", "The answer is A.")).get(0);
        assertThat(agreed).isGreaterThan(0.8);
        assertThat(disputed).isLessThan(0.6).isLessThan(agreed - 0.25);
    }

    @Test
    void aCascadesKeptAnswerTeachesTheCascadeButNotTheScorerThatKeptIt() {
        sweep(240);
        keptByTheCascade(20, 1_000);

        Map<String, SuccessModelSnapshot> published = learner.publish();

        assertThat(published.get(cascadeId()).getEvidence()).isEqualTo(20);
        assertThat(published).doesNotContainKeys(AnswerScorer.route(SMALL), SMALL);
    }

    @Test
    void aCascadeOfModelsWithTrainedScorersIsJudgedByScoreAtTheTiersThreshold() {
        // given scorers trained on 240 rated answers each (200 needed) and a cascade that kept right answers
        Map<String, SuccessModelSnapshot> published = new java.util.HashMap<>(sweep(240));
        keptByTheCascade(150, 2_000);
        published.putAll(learner.publish());
        LearnedSelector selector = new LearnedSelector(config, LearnedRouting.ofDefaults());

        // when a router that loaded them routes an unseen question
        try (RouterDriver router = new RouterDriver(config, c -> c.withSelector(selector))) {
            published.values().forEach(router::successModel);
            router.send(summarize("new-question", question(9_999)));
            RoutingDecision d = router.decisions().get(0).value;
            String why = String.join("\n", d.getExplanation());

            // then it runs as the cascade judged by its answers' scores, kept at the standard tier's 0.80
            assertThat(d.getCascade()).as(why).isNotNull();
            assertThat(d.getCascade().getSignal()).isEqualTo("ANSWER_SCORE");
            assertThat(d.getCascade().getScoreThreshold()).isEqualTo(0.80);
            assertThat(why).contains("escalating on ANSWER_SCORE (keeps an answer scoring >= 0.80)");
            assertThat(selector.evidence(AnswerScorer.route(SMALL))).isEqualTo(240);
        }
    }

    /**
     * Both cheap models answer {@code n} questions, in turn first (an answer's peers are the answers to its prompt
     * known when its feedback comes), and are scored; the dear model answers {@code n} others and is always right.
     * Returns what the learner publishes.
     */
    private Map<String, SuccessModelSnapshot> sweep(int n) {
        for (int i = 0; i < n; i++) {
            String small = OPTIONS.get(i % 4);
            boolean agree = i % 2 == 0;
            String local = agree ? small : OPTIONS.get((i + 1) % 4);
            boolean smallRight = agree || i % 3 == 0;
            boolean smallFirst = (i / 2) % 2 == 0;
            if (smallFirst) {
                answer("s-" + i, question(i), SMALL, "Answer: " + small, smallRight ? 1 : 0);
            }
            answer("l-" + i, question(i), LOCAL, "The answer is " + local + ".", agree ? 1 : 0);
            if (!smallFirst) {
                answer("s-" + i, question(i), SMALL, "Answer: " + small, smallRight ? 1 : 0);
            }
            answer("d-" + i, question(10_000 + i), DEAR, "Answer: " + small, 1);
        }
        return learner.publish();
    }

    /** {@code n} questions the cascade answered with its small stage's answer, each scored right. */
    private void keptByTheCascade(int n, int firstQuestion) {
        for (int i = 0; i < n; i++) {
            String id = "kept-" + (firstQuestion + i);
            learner.request(summarize(id, question(firstQuestion + i)));
            learner.result(ExecutionResult.newBuilder(LearnerDriver.answer(id, SMALL, "Answer: B"))
                    .setCascade(cascadeId())
                    .build());
            learner.scored(id, 1.0);
        }
    }

    private void answer(String id, String prompt, String model, String text, double score) {
        learner.request(summarize(id, prompt));
        learner.answered(id, model, text);
        learner.scored(id, score);
    }

    private static String question(int i) {
        return "Summarize in one letter which option fits case " + i + " best.\nA) one\nB) two\nC) three\nD) four";
    }

    private static StageAnswers answers(String small, String local) {
        return new StageAnswers(
                question(5_000), List.of(new StageAnswers.Answer(SMALL, small), new StageAnswers.Answer(LOCAL, local)));
    }

    private static RouteRequest summarize(String id, String prompt) {
        return Requests.request("acme", id, "summarize", prompt).build();
    }

    private static String cascadeId() {
        return "cascade:" + SMALL + "," + LOCAL + ">" + DEAR;
    }

    private static byte[] bytes(ByteBuffer state) {
        byte[] out = new byte[state.remaining()];
        state.duplicate().get(out);
        return out;
    }

    private static RouteplaneConfig withSummarizationCascade() {
        String lane =
                "    candidates: [gpt-4o-mini, claude-haiku-3-5, mistral-small, llama-3-1-70b, llama-3-1-8b-local]\n";
        return TestConfigs.bundledWith(
                lane, lane + "    cascade: [llama-3-1-8b-local, mistral-small]\n", "with a summarization cascade");
    }
}
