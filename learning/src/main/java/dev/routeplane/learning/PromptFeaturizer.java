package dev.routeplane.learning;

import dev.routeplane.classifier.Features;

/**
 * Turns what is known about a request before any model is called into a {@link SparseVector}.
 *
 * <p>Contract: implementations are immutable and <b>thread-safe</b>; the router calls
 * {@link #featurize} once per request from its stream threads, so it must not block or do I/O. The
 * vector is a one-way hash of the prompt: it is never logged, but it is not meant to be published either.
 */
public interface PromptFeaturizer {

    /**
     * Featurizes one request.
     *
     * @param promptText the prompt text the model will see (messages joined), not null
     * @param features the classifier's features of the same request, or null when unavailable
     * @return the feature vector, never null
     */
    SparseVector featurize(String promptText, Features features);

    /** Number of hash buckets; every index is below it. */
    int dimension();
}
