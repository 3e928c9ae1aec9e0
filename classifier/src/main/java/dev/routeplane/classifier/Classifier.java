package dev.routeplane.classifier;

/**
 * Turns one request's messages and hints into routing {@link Features}, each with a trace of why.
 *
 * <p>Contract: implementations are immutable after construction and <b>thread-safe</b>; one instance is
 * shared by every stream thread and called once per request on the router's hot path, so
 * {@link #classify} must not block, do I/O or keep per-call state in fields. It never throws for odd
 * prompt content (empty, huge, binary-looking); it throws {@link NullPointerException} only for a null
 * input. The returned trace never contains prompt text or matched sensitive values.
 */
public interface Classifier {

    /**
     * Classifies one request.
     *
     * @param input the request's messages and hints, not null
     * @return the features, with a trace line per decided feature
     */
    Features classify(ClassifierInput input);
}
