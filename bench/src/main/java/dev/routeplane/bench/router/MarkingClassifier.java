package dev.routeplane.bench.router;

import dev.routeplane.classifier.Classifier;
import dev.routeplane.classifier.ClassifierInput;
import dev.routeplane.classifier.Features;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;

/**
 * The router's classifier with a {@link FirstRecordMark}: the first classification is the first routed record,
 * so the router run is timed from its first record without changing the production topology.
 *
 * <p>It also times the classifier where it runs, on the router's stream thread between the Kafka, RocksDB and Avro
 * work of each request: classifying a prompt there has cost two to three times what the same classifications cost
 * in a loop of their own, so a figure measured alone does not say what a classifier change is worth to the router.
 * One classification in {@value #SAMPLE_EVERY} is timed by the thread's CPU clock, because reading that clock is a
 * system call of about a microsecond, too dear for every request; the clock's own cost is measured with each sample
 * and taken off. Counters are only written by the stream thread and read by the benchmark after the run.
 */
final class MarkingClassifier implements Classifier {
    static final int SAMPLE_EVERY = 64;
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private final Classifier delegate;
    private final FirstRecordMark mark;
    private long calls;
    private volatile long samples;
    private volatile long sampledNanos;

    MarkingClassifier(Classifier delegate, FirstRecordMark mark) {
        this.delegate = delegate;
        this.mark = mark;
    }

    @Override
    public Features classify(ClassifierInput input) {
        mark.mark();
        if (calls++ % SAMPLE_EVERY != 0) {
            return delegate.classify(input);
        }
        long before = THREADS.getCurrentThreadCpuTime();
        Features features = delegate.classify(input);
        long after = THREADS.getCurrentThreadCpuTime();
        long clockCost = THREADS.getCurrentThreadCpuTime() - after;
        sampledNanos += Math.max(0, after - before - clockCost);
        samples++;
        return features;
    }

    /** Classifications timed so far. */
    long samples() {
        return samples;
    }

    /** Mean thread CPU of a timed classification in µs, 0 before any. */
    double sampledMicros() {
        long n = samples;
        return n == 0 ? 0 : sampledNanos / 1000.0 / n;
    }
}
