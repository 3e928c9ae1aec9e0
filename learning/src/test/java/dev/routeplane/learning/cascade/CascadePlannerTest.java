package dev.routeplane.learning.cascade;

import static org.assertj.core.api.Assertions.assertThat;

import dev.routeplane.learning.CostEstimator;
import dev.routeplane.learning.EstimatorConfig;
import dev.routeplane.learning.OnlineSuccessEstimator;
import dev.routeplane.learning.RouteOption;
import dev.routeplane.learning.SparseVector;
import java.util.List;
import org.junit.jupiter.api.Test;

class CascadePlannerTest {

    private final OnlineSuccessEstimator estimator =
            new OnlineSuccessEstimator(EstimatorConfig.ofDefaults().withDimension(64));
    private final CostEstimator costs = new CostEstimator();
    private final CascadePlan plan = CascadePlan.of(List.of("a", "b"), "big", new AnswerAgreement());
    private final SparseVector x = SparseVector.of(new int[] {3}, new float[] {1});

    @Test
    void cascadeCostIsCheapCallsPlusLearnedEscalationShareOfTheStrongCall() {
        costs.registerRoute("a", 0.001);
        costs.registerRoute("b", 0.001);
        costs.registerRoute("big", 0.010);
        for (int i = 0; i < 400; i++) {
            CascadePlanner.learn(estimator, x, plan, i % 4 == 0, 1);
        }

        List<RouteOption> candidates =
                new CascadePlanner(estimator, costs, 3).candidates(x, 100, List.of("a", "b", "big"), List.of(plan));

        assertThat(candidates).extracting(RouteOption::route).containsExactly("a", "b", "big", plan.id());
        RouteOption cascade = candidates.get(3);
        assertThat(cascade.expectedCostUsd()).isBetween(0.002 + 0.15 * 0.010, 0.002 + 0.4 * 0.010);
        assertThat(cascade.estimate().evidence()).isEqualTo(400);
    }

    @Test
    void skipsCascadesThatCannotPayOrLeavePolicy() {
        costs.registerRoute("a", 0.004);
        costs.registerRoute("b", 0.004);
        costs.registerRoute("big", 0.010);
        CascadePlanner planner = new CascadePlanner(estimator, costs, 3);

        assertThat(planner.candidates(x, 100, List.of("a", "b", "big"), List.of(plan)))
                .hasSize(3);
        assertThat(planner.candidates(x, 100, List.of("a", "big"), List.of(plan)))
                .hasSize(2);
    }
}
