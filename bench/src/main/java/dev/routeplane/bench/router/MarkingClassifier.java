package dev.routeplane.bench.router;

import dev.routeplane.classifier.Classifier;
import dev.routeplane.classifier.ClassifierInput;
import dev.routeplane.classifier.Features;

/**
 * The router's classifier with a {@link FirstRecordMark}: the first classification is the first routed record,
 * so the router run is timed from its first record without changing the production topology.
 */
final class MarkingClassifier implements Classifier {
    private final Classifier delegate;
    private final FirstRecordMark mark;

    MarkingClassifier(Classifier delegate, FirstRecordMark mark) {
        this.delegate = delegate;
        this.mark = mark;
    }

    @Override
    public Features classify(ClassifierInput input) {
        mark.mark();
        return delegate.classify(input);
    }
}
