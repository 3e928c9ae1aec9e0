package dev.routeplane.bench.router;

import static org.assertj.core.api.Assertions.assertThat;

import dev.routeplane.classifier.ClassifierInput;
import dev.routeplane.classifier.Features;
import dev.routeplane.classifier.Hints;
import dev.routeplane.classifier.Message;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.List;
import org.junit.jupiter.api.Test;

class MarkingClassifierTest {

    private static final ClassifierInput INPUT = new ClassifierInput(List.of(new Message("user", "hi")), Hints.none());

    @Test
    void timesTheFirstClassificationAndThenOneInSampleEvery() {
        MarkingClassifier timed = new MarkingClassifier(input -> null, new FirstRecordMark());

        for (int i = 0; i < 2 * MarkingClassifier.SAMPLE_EVERY + 1; i++) {
            timed.classify(INPUT);
        }

        assertThat(timed.samples()).isEqualTo(3);
    }

    @Test
    void measuresTheCpuTheClassifierSpendsWithoutTheClockReads() {
        MarkingClassifier timed = new MarkingClassifier(input -> burn(), new FirstRecordMark());

        timed.classify(INPUT);

        assertThat(timed.sampledMicros()).isGreaterThan(1_000.0);
    }

    @Test
    void reportsZeroBeforeAnyClassification() {
        MarkingClassifier timed = new MarkingClassifier(input -> null, new FirstRecordMark());

        assertThat(timed.samples()).isZero();
        assertThat(timed.sampledMicros()).isZero();
    }

    /** Spins until this thread has used 2 ms of CPU (wall time varies with the machine's load); no features. */
    private static Features burn() {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long until = threads.getCurrentThreadCpuTime() + 2_000_000;
        while (threads.getCurrentThreadCpuTime() < until) {
            Thread.onSpinWait();
        }
        return null;
    }
}
