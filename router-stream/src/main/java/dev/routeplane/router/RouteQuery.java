package dev.routeplane.router;

import dev.routeplane.classifier.Features;
import dev.routeplane.config.LatencyClass;
import dev.routeplane.config.PolicyTag;
import dev.routeplane.config.QualityTier;
import dev.routeplane.config.Tenant;
import dev.routeplane.learning.SparseVector;
import java.time.Instant;
import java.util.Objects;
import java.util.Set;

/**
 * What policy and selection know about one validated, classified request. Content-free.
 *
 * @param requestId       the client's idempotency key (drives deterministic canary and exploration choices)
 * @param tenant          the owning tenant
 * @param features        classifier output
 * @param tags            tenant default tags merged with the request's recognised policy tags
 * @param outputCap       output-token cap before a model's own maximum applies (hint, else lane, else router default)
 * @param maxCostMicros   the caller's cost ceiling, {@link Long#MAX_VALUE} when none
 * @param qualityTier     effective quality tier: the request's hint, else the tenant's
 * @param at              decision time; selects prices and the budget period
 * @param promptVector    the prompt's hashed feature vector when the selector asked for one
 *                        ({@link RouteSelector#promptFeaturizer()}), else empty; a one-way hash, never text
 */
public record RouteQuery(
        String requestId,
        Tenant tenant,
        Features features,
        Set<PolicyTag> tags,
        int outputCap,
        long maxCostMicros,
        QualityTier qualityTier,
        Instant at,
        SparseVector promptVector) {

    public RouteQuery {
        Objects.requireNonNull(requestId, "requestId");
        Objects.requireNonNull(tenant, "tenant");
        Objects.requireNonNull(features, "features");
        Objects.requireNonNull(tags, "tags");
        Objects.requireNonNull(qualityTier, "qualityTier");
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(promptVector, "promptVector");
    }

    /** A query without a prompt vector, for selectors that rank on classifier features alone. */
    public RouteQuery(
            String requestId,
            Tenant tenant,
            Features features,
            Set<PolicyTag> tags,
            int outputCap,
            long maxCostMicros,
            QualityTier qualityTier,
            Instant at) {
        this(requestId, tenant, features, tags, outputCap, maxCostMicros, qualityTier, at, SparseVector.empty());
    }

    /** How urgently the answer is needed, as classified from the request's hints. */
    public LatencyClass latencyClass() {
        return features.latencyClass();
    }
}
