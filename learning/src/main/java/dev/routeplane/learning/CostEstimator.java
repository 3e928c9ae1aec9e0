package dev.routeplane.learning;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Expected cost of one call per route as a least-squares line in the request's input tokens, learned
 * from the ledger's billed costs (output length, and hence most of the spread, is not known before the
 * call; the line captures price × prompt size plus the route's typical answer cost).
 *
 * <p>Threading: single writer ({@link #observe}), many readers ({@link #expectedCost}); each route's
 * statistics are an immutable value swapped atomically.
 */
public final class CostEstimator {

    private record Sums(double n, double x, double y, double xx, double xy) {
        Sums add(double tx, double ty) {
            return new Sums(n + 1, x + tx, y + ty, xx + tx * tx, xy + tx * ty);
        }
    }

    private final Map<String, Sums> routes = new ConcurrentHashMap<>();
    private final Map<String, Double> fallbacks = new ConcurrentHashMap<>();

    /** Cost to assume for a route before it has any billed call (e.g. from the price book). */
    public void registerRoute(String route, double fallbackCostUsd) {
        fallbacks.put(route, fallbackCostUsd);
    }

    /** Records one billed call. */
    public void observe(String route, int inputTokens, double costUsd) {
        routes.merge(
                route,
                new Sums(1, inputTokens, costUsd, (double) inputTokens * inputTokens, (double) inputTokens * costUsd),
                (a, b) -> a.add(b.x(), b.y()));
    }

    /** Expected cost of one call of {@code route} on a prompt of {@code inputTokens}; never negative. */
    public double expectedCost(String route, int inputTokens) {
        Sums s = routes.get(route);
        if (s == null) {
            Double f = fallbacks.get(route);
            if (f == null) {
                throw new IllegalArgumentException(
                        "no cost known for route " + route + "; register a fallback cost from the price book");
            }
            return f;
        }
        double mean = s.y() / s.n();
        double var = s.xx() / s.n() - Math.pow(s.x() / s.n(), 2);
        if (s.n() < 2 || var <= 1e-9) {
            return Math.max(0, mean);
        }
        double slope = (s.xy() / s.n() - (s.x() / s.n()) * mean) / var;
        double predicted = mean + slope * (inputTokens - s.x() / s.n());
        // A line fitted on short prompts must not go negative on very short ones.
        return Math.max(predicted, 0.1 * mean);
    }
}
