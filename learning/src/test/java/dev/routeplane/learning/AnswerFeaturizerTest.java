package dev.routeplane.learning;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class AnswerFeaturizerTest {
    private final AnswerFeaturizer featurizer = AnswerScoring.ofDefaults().featurizer();
    private static final String PROMPT =
            "Which gas do plants take in?\nA) oxygen\nB) carbon dioxide\nC) helium\nAnswer:";

    @Test
    void theSameFinalAnswerHasTheSameFingerprintHoweverItIsWorded() {
        assertThat(AnswerFeaturizer.fingerprintOf("The answer is (B)."))
                .isEqualTo(AnswerFeaturizer.fingerprintOf("Answer: B"))
                .isNotEqualTo(AnswerFeaturizer.fingerprintOf("Answer: C"));
        assertThat(AnswerFeaturizer.fingerprintOf("")).isEqualTo(AnswerFeaturizer.NO_ANSWER);
        assertThat(AnswerFeaturizer.fingerprintOf("   ")).isEqualTo(AnswerFeaturizer.NO_ANSWER);
    }

    @Test
    void agreeingAndDisagreeingPeersGiveDifferentVectorsAndNoPeersAThird() {
        int b = AnswerFeaturizer.fingerprintOf("B");
        int c = AnswerFeaturizer.fingerprintOf("C");

        SparseVector agreed = featurizer.featurize(PROMPT, "B", List.of(new AnswerFeaturizer.Peer("other", b)));
        SparseVector disputed = featurizer.featurize(PROMPT, "B", List.of(new AnswerFeaturizer.Peer("other", c)));
        SparseVector alone = featurizer.featurize(PROMPT, "B", List.of());

        assertThat(agreed).isNotEqualTo(disputed).isNotEqualTo(alone);
        assertThat(disputed).isNotEqualTo(alone);
    }

    @Test
    void anAnswerWithoutAFinalAnswerAgreesWithNoPeer() {
        SparseVector empty = featurizer.featurize(
                PROMPT, "", List.of(new AnswerFeaturizer.Peer("other", AnswerFeaturizer.NO_ANSWER)));
        SparseVector emptyAgainstAnswer = featurizer.featurize(
                PROMPT, "", List.of(new AnswerFeaturizer.Peer("other", AnswerFeaturizer.fingerprintOf("A"))));

        // Both peers differ from an answer with nothing to compare: the same agreement features either way.
        assertThat(empty).isEqualTo(emptyAgainstAnswer);
    }

    @Test
    void computedPieceByPieceAsTheLearnerDoesItEqualsTheOneShotVectorTheExecutorsScore() {
        List<AnswerFeaturizer.Peer> peers = List.of(
                new AnswerFeaturizer.Peer("m1", AnswerFeaturizer.fingerprintOf("B")),
                new AnswerFeaturizer.Peer("m2", AnswerFeaturizer.fingerprintOf("A")));
        String answer = "Plants take in carbon dioxide.\nAnswer: B";

        AnswerFeaturizer.PromptSide prompt = featurizer.prompt(PROMPT);
        SparseVector pieces = featurizer.vector(prompt, featurizer.answer(prompt, answer), peers);

        assertThat(pieces).isEqualTo(featurizer.featurize(PROMPT, answer, peers));
    }

    @Test
    void everyIndexStaysBelowTheDimensionForLongCodeAndManyPeers() {
        String code = "```python\ndef f(x):\n    return [i * i for i in range(x)]\n```\n".repeat(200);
        List<AnswerFeaturizer.Peer> peers = new java.util.ArrayList<>();
        for (int i = 0; i < 16; i++) {
            peers.add(new AnswerFeaturizer.Peer("model-" + i, AnswerFeaturizer.fingerprintOf("x" + i)));
        }

        SparseVector v = featurizer.featurize("Write f. ".repeat(500), code, peers);

        assertThat(v.size()).isPositive();
        assertThat(v.index(v.size() - 1)).isLessThan(featurizer.dimension());
        assertThat(featurizer.id()).isEqualTo("answer-v1/16/4096");
    }
}
