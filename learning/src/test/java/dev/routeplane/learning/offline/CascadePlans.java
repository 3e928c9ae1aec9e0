package dev.routeplane.learning.offline;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The cascade pool to offer, derived generically from train feedback aggregates (the per-route statistics production
 * keeps anyway): the {@value #POOL} most successful routes, other than the most successful one, costing at most
 * 1/{@value #CHEAP_RATIO} of the most expensive route on average. The router's own planner then picks the stages and
 * the escalation per prompt, as it does for a lane's {@code cascade:} pool.
 */
final class CascadePlans {

    static final int POOL = 4;
    static final double CHEAP_RATIO = 5;

    private CascadePlans() {}

    static Set<String> pool(List<BenchRow> train, List<String> models) {
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
        return new LinkedHashSet<>(pool);
    }
}
