package dev.routeplane.learning.cascade;

import dev.routeplane.learning.CostEstimator;
import dev.routeplane.learning.OnlineSuccessEstimator;
import dev.routeplane.learning.RouteOption;
import dev.routeplane.learning.SparseVector;
import dev.routeplane.learning.SuccessEstimate;
import dev.routeplane.learning.SuccessModel;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Builds the chooser's candidates for one request: each eligible model, plus each configured cascade whose
 * routes are all eligible and whose escalation route is expensive enough for a cascade to pay at all.
 * A cascade's expected cost is its cheap calls plus the learned P(escalation) times the escalation call;
 * its success is learned as a whole. So "does a cascade pay here?" is answered per request by the same
 * P − λ·cost rule that ranks models: it wins where the cheap routes are likely to agree and be right.
 *
 * <p>Thread-safe if the given model and cost estimator are (the library's are, for readers).
 */
public final class CascadePlanner {

    private final SuccessModel model;
    private final CostEstimator costs;
    private final double minCostRatio;

    /**
     * @param minCostRatio a cascade is considered only when its escalation call is expected to cost at
     *     least this many times all its cheap calls together (e.g. 3): otherwise calling the strong route
     *     directly is nearly as cheap and a cascade only adds latency
     */
    public CascadePlanner(SuccessModel model, CostEstimator costs, double minCostRatio) {
        this.model = model;
        this.costs = costs;
        this.minCostRatio = minCostRatio;
    }

    /** Candidates for one request, models first, in the given order. */
    public List<RouteOption> candidates(
            SparseVector x, int inputTokens, List<String> eligibleModels, List<CascadePlan> plans) {
        List<RouteOption> out = new ArrayList<>();
        for (String m : eligibleModels) {
            out.add(new RouteOption(m, model.estimate(x, m), costs.expectedCost(m, inputTokens)));
        }
        Set<String> eligible = Set.copyOf(eligibleModels);
        for (CascadePlan plan : plans) {
            if (!eligible.containsAll(plan.cheapRoutes()) || !eligible.contains(plan.escalationRoute())) {
                continue;
            }
            double cheap = 0;
            for (String r : plan.cheapRoutes()) {
                cheap += costs.expectedCost(r, inputTokens);
            }
            double strong = costs.expectedCost(plan.escalationRoute(), inputTokens);
            if (strong < minCostRatio * cheap) {
                continue;
            }
            SuccessEstimate success = model.estimate(x, plan.id());
            double pEscalate = model.estimate(x, plan.escalationKey()).probability();
            out.add(new RouteOption(plan.id(), success, cheap + pEscalate * strong));
        }
        return out;
    }

    /**
     * Learns from one finished cascade: its final outcome under the plan id and whether it escalated.
     * Learner thread only (see {@link OnlineSuccessEstimator}).
     */
    public static void learn(
            OnlineSuccessEstimator estimator, SparseVector x, CascadePlan plan, boolean escalated, double outcome) {
        estimator.update(x, plan.id(), outcome);
        estimator.update(x, plan.escalationKey(), escalated ? 1 : 0);
    }
}
