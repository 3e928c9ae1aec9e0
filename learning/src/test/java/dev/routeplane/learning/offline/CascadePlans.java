package dev.routeplane.learning.offline;

import dev.routeplane.learning.cascade.AnswerAgreement;
import dev.routeplane.learning.cascade.CascadePlan;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Which cascades to offer, derived generically from train feedback aggregates (the per-route statistics
 * production keeps anyway): escalate to the route with the best mean success; the cheap pool is the
 * {@value #POOL} most successful routes costing at most 1/{@value #CHEAP_RATIO} of the most expensive
 * route on average; offer every pair from the pool with answer agreement as the signal.
 */
final class CascadePlans {

    static final int POOL = 4;
    static final double CHEAP_RATIO = 5;

    private CascadePlans() {}

    static List<CascadePlan> fromFeedback(List<BenchRow> train, List<String> models) {
        record Stat(String model, double success, double cost) {}
        List<Stat> stats = new ArrayList<>();
        for (String m : models) {
            double s = 0;
            double c = 0;
            int n = 0;
            for (BenchRow r : train) {
                Double score = r.scores().get(m);
                if (score != null) {
                    s += score;
                    c += r.costs().get(m);
                    n++;
                }
            }
            stats.add(new Stat(m, s / n, c / n));
        }
        Stat strong =
                stats.stream().max(Comparator.comparingDouble(Stat::success)).orElseThrow();
        double maxCost = stats.stream().mapToDouble(Stat::cost).max().orElseThrow();
        List<String> pool = stats.stream()
                .filter(s -> s != strong && s.cost() <= maxCost / CHEAP_RATIO)
                .sorted(Comparator.comparingDouble(Stat::success).reversed())
                .limit(POOL)
                .map(Stat::model)
                .toList();
        List<CascadePlan> plans = new ArrayList<>();
        for (int i = 0; i < pool.size(); i++) {
            for (int j = i + 1; j < pool.size(); j++) {
                plans.add(CascadePlan.of(List.of(pool.get(i), pool.get(j)), strong.model(), new AnswerAgreement()));
            }
        }
        return plans;
    }

    /** The plan with the best mean (success − λ · cost relative to its escalation route) on train. */
    static String bestByTrainScore(Map<String, double[]> planStats, double lambda) {
        String best = null;
        double bestScore = Double.NEGATIVE_INFINITY;
        for (var e : planStats.entrySet()) {
            double[] s = e.getValue();
            double score = s[0] / s[2] - lambda * s[1] / s[2];
            if (score > bestScore) {
                bestScore = score;
                best = e.getKey();
            }
        }
        return best;
    }
}
