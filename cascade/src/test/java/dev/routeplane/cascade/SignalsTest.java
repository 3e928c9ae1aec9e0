package dev.routeplane.cascade;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.routeplane.cascade.signal.AnswerAgreement;
import dev.routeplane.cascade.signal.FormatValidation;
import dev.routeplane.cascade.signal.LowConfidence;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class SignalsTest {
    final Signals signals = Signals.builtIn();

    @Test
    void mapsEverySignalADecisionMayNameToItsBuiltInImplementation() {
        assertThat(signals.forName("ANSWER_AGREEMENT")).isInstanceOf(AnswerAgreement.class);
        assertThat(signals.forName("FORMAT_VALIDATION")).isInstanceOf(FormatValidation.class);
        assertThat(signals.forName("LOW_CONFIDENCE")).isInstanceOf(LowConfidence.class);
        for (CascadeSignal s : CascadeSignal.values()) {
            assertThat(CascadeSignal.parse(s.name())).contains(s);
        }
    }

    @Test
    void formatValidationKeepsTheFirstValidJsonObjectWhateverItsKeys() {
        EscalationVerdict verdict = signals.forName("FORMAT_VALIDATION")
                .evaluate(StageAnswers.ofTexts("Sure! here it is", "{\"city\": \"Lyon\"}"));

        assertThat(verdict.escalate()).isFalse();
        assertThat(verdict.answerIndex()).isEqualTo(1);
    }

    @Test
    void lowConfidenceEscalatesAHedgedFirstAnswer() {
        assertThat(signals.forName("LOW_CONFIDENCE")
                        .evaluate(StageAnswers.ofTexts("I'm not sure, maybe 42."))
                        .escalate())
                .isTrue();
        assertThat(signals.forName("LOW_CONFIDENCE")
                        .evaluate(StageAnswers.ofTexts("42."))
                        .escalate())
                .isFalse();
    }

    @Test
    void aPluggedInSignalJudgesWithThePromptAndTheModels() {
        // a stand-in for a learned answer scorer: trusts one model's answer to one prompt
        EscalationSignal scorer = answers -> answers.prompt().contains("capital of France")
                        && answers.answers().get(0).model().equals("mistral-small")
                ? EscalationVerdict.keep(0, "score 0.93 above 0.80")
                : EscalationVerdict.escalate("score below 0.80");
        Signals withScorer = signals.with(CascadeSignal.LOW_CONFIDENCE, scorer);

        StageAnswers answers = new StageAnswers(
                "What is the capital of France?", java.util.List.of(new StageAnswers.Answer("mistral-small", "Paris")));

        assertThat(withScorer.forName("LOW_CONFIDENCE").evaluate(answers))
                .isEqualTo(EscalationVerdict.keep(0, "score 0.93 above 0.80"));
        assertThat(signals.forName("LOW_CONFIDENCE")).isInstanceOf(LowConfidence.class);
    }

    @Test
    void anUnknownSignalAlwaysEscalatesAndIsWarnedAboutOncePerName() {
        Logger logger = (Logger) LoggerFactory.getLogger(Signals.class);
        ListAppender<ILoggingEvent> logs = new ListAppender<>();
        logs.start();
        logger.addAppender(logs);
        try {
            EscalationVerdict first =
                    signals.forName("SELF_CONSISTENCY").evaluate(StageAnswers.ofTexts("Answer: B", "Answer: B"));
            EscalationVerdict again = signals.forName("SELF_CONSISTENCY").evaluate(StageAnswers.ofTexts("Answer: B"));
            signals.forName("JUDGE_MODEL").evaluate(StageAnswers.ofTexts("Answer: B"));

            assertThat(first).isEqualTo(EscalationVerdict.escalate("unknown signal SELF_CONSISTENCY"));
            assertThat(again.escalate()).isTrue();
            assertThat(CascadeSignal.parse("SELF_CONSISTENCY")).isEmpty();
            assertThat(logs.list)
                    .filteredOn(e -> e.getLevel() == Level.WARN)
                    .extracting(ILoggingEvent::getFormattedMessage)
                    .hasSize(2)
                    .anySatisfy(m -> assertThat(m).startsWith("unknown cascade signal 'SELF_CONSISTENCY'"))
                    .anySatisfy(m -> assertThat(m).startsWith("unknown cascade signal 'JUDGE_MODEL'"));
        } finally {
            logger.detachAppender(logs);
        }
    }
}
