package dev.routeplane.learning;

import java.util.Collection;

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
     * @param categories the request's categorical features (the classifier's, {@code Features.categories()}), each
     *     hashed as one indicator; null or empty when unavailable
     * @return the feature vector, never null
     */
    SparseVector featurize(String promptText, Collection<String> categories);

    /** Number of hash buckets; every index is below it. */
    int dimension();
}
