package dev.routeplane.cascade.signal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.routeplane.cascade.EscalationSignal;
import dev.routeplane.cascade.EscalationVerdict;
import dev.routeplane.cascade.StageAnswers;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AnswerAgreementTest {

    @Test
    void extractsOptionLettersFromBareExplicitAndLineAnswers() {
        assertThat(AnswerExtractor.extract("D\n")).isEqualTo("opt:D");
        assertThat(AnswerExtractor.extract("(B)")).isEqualTo("opt:B");
        assertThat(AnswerExtractor.extract("B) Dennis")).isEqualTo("opt:B");
        assertThat(AnswerExtractor.extract("Iron attracts magnets, so the answer is (B)."))
                .isEqualTo("opt:B");
        assertThat(AnswerExtractor.extract("Reasoning first.\nAnswer: C")).isEqualTo("opt:C");
        assertThat(AnswerExtractor.extract("Let me think about it.\nA boat moves.\nC\n"))
                .isEqualTo("opt:C");
        assertThat(AnswerExtractor.extract("The final answer is 42")).isEqualTo("opt:42");
    }

    @Test
    void doesNotReadThePronounIAsOptionI() {
        assertThat(AnswerExtractor.extract("Yes, I agree")).isEqualTo("text:yes i agree");
        assertThat(AnswerExtractor.extract("No, I disagree")).isEqualTo("text:no i disagree");
        assertThat(AnswerExtractor.extract("Answer: I think the second one")).doesNotStartWith("opt:");
        assertThat(AnswerExtractor.extract("I'm sure")).doesNotStartWith("opt:");
    }

    @Test
    void stillReadsMarkedOrStandaloneOptionsIAndA() {
        assertThat(AnswerExtractor.extract("(I)")).isEqualTo("opt:I");
        assertThat(AnswerExtractor.extract("Answer: I")).isEqualTo("opt:I");
        assertThat(AnswerExtractor.extract("The answer is (I) because of the heat."))
                .isEqualTo("opt:I");
        assertThat(AnswerExtractor.extract("I.")).isEqualTo("opt:I");
        assertThat(AnswerExtractor.extract("A) the boat")).isEqualTo("opt:A");
        assertThat(AnswerExtractor.extract("Answer: A")).isEqualTo("opt:A");
        assertThat(AnswerExtractor.extract("Answer: B because it floats")).isEqualTo("opt:B");
    }

    @Test
    void agreementEscalatesWhenOneAnswerAgreesAndTheOtherDisagrees() {
        EscalationVerdict v = new AnswerAgreement().evaluate(StageAnswers.ofTexts("Yes, I agree", "No, I disagree"));

        assertThat(v.escalate()).isTrue();
        assertThat(v.reason()).isEqualTo("answers disagree: 1 of 2 differ");
    }

    @Test
    void doesNotMistakeLowerCaseWordsForOptions() {
        assertThat(AnswerExtractor.extract("The answer is a function that sorts"))
                .startsWith("text:");
    }

    @Test
    void normalisesCodeBlocksIgnoringCommentsAndWhitespace() {
        String a = "Here you go:\n```python\ndef f(x):\n    # double it\n    return 2*x\n```\nDone.";
        String b = "```python\ndef f(x):\n  return 2*x\n```";

        assertThat(AnswerExtractor.extract(a))
                .isEqualTo("code:def f(x): return 2*x")
                .isEqualTo(AnswerExtractor.extract(b));
    }

    @Test
    void fallsBackToNormalisedText() {
        assertThat(AnswerExtractor.extract("  Paris,  France! ")).isEqualTo("text:paris france");
    }

    @Test
    void keepsAgreeingAnswersAndEscalatesOnDisagreement() {
        AnswerAgreement agreement = new AnswerAgreement();

        EscalationVerdict agree = agreement.evaluate(StageAnswers.ofTexts("B", "The answer is B."));
        EscalationVerdict disagree = agreement.evaluate(StageAnswers.ofTexts("B", "A"));

        assertThat(agree.escalate()).isFalse();
        assertThat(agree.answerIndex()).isZero();
        assertThat(disagree.escalate()).isTrue();
        assertThat(disagree.reason()).isEqualTo("answers disagree: 1 of 2 differ");
        assertThat(agreement.evaluate(StageAnswers.ofTexts("", "")).escalate()).isTrue();
    }

    @Test
    void formatValidationKeepsTheFirstValidObjectWithRequiredKeys() {
        FormatValidation json = new FormatValidation(Set.of("name", "age"));

        assertThat(json.evaluate(
                        StageAnswers.ofTexts("{\"name\": \"Ann\"}", "```json\n{\"name\":\"Ann\",\"age\":31}\n```")))
                .isEqualTo(EscalationVerdict.keep(1, "response 2 is valid JSON"));
        assertThat(json.evaluate(StageAnswers.ofTexts("{\"name\": \"Ann\", \"age\": }"))
                        .reason())
                .isEqualTo("response 1 is not a JSON object");
        assertThat(json.evaluate(StageAnswers.ofTexts("{\"name\": \"Ann\"}")).escalate())
                .isTrue();
    }

    @Test
    void lowConfidenceEscalatesOnHedgesAndEmptyAnswers() {
        LowConfidence low = LowConfidence.ofDefaults();

        assertThat(low.evaluate(StageAnswers.ofTexts("I'm not sure, maybe B")).escalate())
                .isTrue();
        assertThat(low.evaluate(StageAnswers.ofTexts(" ")).reason()).isEqualTo("empty response");
        assertThat(low.evaluate(StageAnswers.ofTexts("B")).escalate()).isFalse();
        assertThat(EscalationSignal.anyOf(new AnswerAgreement(), low)
                        .evaluate(StageAnswers.ofTexts("I'm not sure. Answer: B", "B"))
                        .reason())
                .contains("hedges");
    }
}
