package dev.routeplane.learning;

import dev.routeplane.learning.internal.RouteWeights;
import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Online logistic regression per route (AdaGrad with L2), started at the route's quality prior and shrunk
 * toward it by a pseudo-count, learned from feedback examples (features, route, outcome in [0,1]).
 *
 * <p>Threading: <b>single writer, many readers</b>. {@link #update}, {@link #registerRoute} and
 * {@link #load} must be called from one thread (the learner); {@link #estimate} may be called from any
 * number of threads concurrently with them and never blocks. A reader racing an update may see that one
 * update partially applied; a {@link #load} replaces a route's state atomically.
 *
 * <p>Not mergeable: AdaGrad state of two writers cannot be summed meaningfully. Scale the learner by
 * keying feedback by route so that each route has exactly one writer, and publish each route's
 * {@link #snapshot} (a compacted topic keyed by route); routers {@link #load} them.
 */
public final class OnlineSuccessEstimator implements SuccessModel {

    private final EstimatorConfig config;
    private final Map<String, RouteWeights> routes = new ConcurrentHashMap<>();
    private final Map<String, Double> priors = new ConcurrentHashMap<>();

    public OnlineSuccessEstimator(EstimatorConfig config) {
        this.config = config;
    }

    /** The configuration in use. */
    public EstimatorConfig config() {
        return config;
    }

    /**
     * Declares a route's quality prior (e.g. the configured {@code qualityPrior} of a model). Applies to
     * the route's state when it is first created; a route that already learned keeps its state.
     */
    public void registerRoute(String route, double qualityPrior) {
        if (!(qualityPrior > 0 && qualityPrior < 1)) {
            throw new IllegalArgumentException("qualityPrior of " + route + " must be in (0,1), was " + qualityPrior);
        }
        priors.put(route, qualityPrior);
    }

    @Override
    public SuccessEstimate estimate(SparseVector features, String route) {
        RouteWeights r = routes.get(route);
        if (r == null) {
            double prior = priors.getOrDefault(route, config.defaultPrior());
            return new SuccessEstimate(prior, 0, prior);
        }
        double learned = r.learned(features);
        double n = r.evidence();
        double k = config.pseudoCount();
        double p = (n * learned + k * r.prior()) / (n + k);
        return new SuccessEstimate(Math.min(1, Math.max(0, p)), r.evidence(), r.prior());
    }

    /**
     * The estimate of {@code route} with {@code prior} in place of the prior it was registered (or learned) with. An
     * estimate is {@code (n·learned + k·prior) / (n + k)}, so swapping the prior moves it by
     * {@code k·(prior − old) / (n + k)}: a route with little evidence of its own (a new cascade, judged from its parts)
     * follows the given prior until about {@code k} examples of its own take over.
     */
    public SuccessEstimate estimate(SparseVector features, String route, double prior) {
        SuccessEstimate e = estimate(features, route);
        double k = config.pseudoCount();
        double p = e.probability() + k * (prior - e.prior()) / (e.evidence() + k);
        return new SuccessEstimate(Math.min(1, Math.max(0, p)), e.evidence(), prior);
    }

    /**
     * Learns from one feedback example.
     *
     * @param features the request's vector, as featurized when it was routed
     * @param route the model (or cascade plan) whose answer was judged
     * @param outcome 1 for success, 0 for failure, or a graded score in between
     */
    public void update(SparseVector features, String route, double outcome) {
        if (!(outcome >= 0 && outcome <= 1)) {
            throw new IllegalArgumentException("outcome must be in [0,1], was " + outcome + " for " + route);
        }
        RouteWeights r = routes.computeIfAbsent(
                route, k -> new RouteWeights(config.dimension(), priors.getOrDefault(k, config.defaultPrior())));
        r.update(features, outcome, config.learningRate(), config.l2());
    }

    /** Routes with learned state. */
    public Set<String> learnedRoutes() {
        return Set.copyOf(routes.keySet());
    }

    /**
     * One route's state as compact bytes: a version byte, then route id, dimension, prior, evidence and
     * the non-zero weights with their AdaGrad accumulators (so a standby learner can resume from it).
     */
    public byte[] snapshot(String route) {
        RouteWeights r = routes.get(route);
        if (r == null) {
            throw new IllegalArgumentException(
                    "no learned state for route " + route + "; learned routes are " + routes.keySet());
        }
        var bytes = new java.io.ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeUTF(route);
            out.write(r.toBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** Replaces (atomically) the state of the route named in a {@link #snapshot}; returns that route. */
    public String load(byte[] snapshot) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(snapshot))) {
            String route = in.readUTF();
            RouteWeights r = RouteWeights.fromBytes(in);
            if (r.dimension() != config.dimension()) {
                throw new IllegalArgumentException("snapshot of " + route + " has dimension " + r.dimension()
                        + " but this estimator uses " + config.dimension() + "; featurizers must match");
            }
            routes.put(route, r);
            return route;
        } catch (IOException e) {
            throw new IllegalArgumentException("truncated or corrupt snapshot: " + e.getMessage(), e);
        }
    }
}
