package dev.routeplane.executors.internal;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.routeplane.learning.cascade.AnswerAgreement;
import dev.routeplane.learning.cascade.EscalationVerdict;
import dev.routeplane.learning.cascade.FormatValidation;
import dev.routeplane.learning.cascade.LowConfidence;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class CascadeSignalsTest {
    final CascadeSignals signals = new CascadeSignals();

    @Test
    void mapsTheDecisionsSignalNamesToTheLearningSignals() {
        assertThat(signals.forName("ANSWER_AGREEMENT")).isInstanceOf(AnswerAgreement.class);
        assertThat(signals.forName("FORMAT_VALIDATION")).isInstanceOf(FormatValidation.class);
        assertThat(signals.forName("LOW_CONFIDENCE")).isInstanceOf(LowConfidence.class);
    }

    @Test
    void formatValidationKeepsTheFirstValidJsonObjectWhateverItsKeys() {
        EscalationVerdict verdict =
                signals.forName("FORMAT_VALIDATION").evaluate(List.of("Sure! here it is", "{\"city\": \"Lyon\"}"));

        assertThat(verdict.escalate()).isFalse();
        assertThat(verdict.answerIndex()).isEqualTo(1);
    }

    @Test
    void lowConfidenceEscalatesAHedgedFirstAnswer() {
        assertThat(signals.forName("LOW_CONFIDENCE")
                        .evaluate(List.of("I'm not sure, maybe 42."))
                        .escalate())
                .isTrue();
        assertThat(signals.forName("LOW_CONFIDENCE").evaluate(List.of("42.")).escalate())
                .isFalse();
    }

    @Test
    void anUnknownSignalAlwaysEscalatesAndIsWarnedAboutOncePerName() {
        Logger logger = (Logger) LoggerFactory.getLogger(CascadeSignals.class);
        ListAppender<ILoggingEvent> logs = new ListAppender<>();
        logs.start();
        logger.addAppender(logs);
        try {
            EscalationVerdict first = signals.forName("SELF_CONSISTENCY").evaluate(List.of("Answer: B", "Answer: B"));
            EscalationVerdict again = signals.forName("SELF_CONSISTENCY").evaluate(List.of("Answer: B"));
            signals.forName("JUDGE_MODEL").evaluate(List.of("Answer: B"));

            assertThat(first).isEqualTo(EscalationVerdict.escalate("unknown signal SELF_CONSISTENCY"));
            assertThat(again.escalate()).isTrue();
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
