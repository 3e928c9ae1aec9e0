package dev.routeplane.bench.routing;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Cost-quality curves and RouterBench's AIQ (Hu et al., 2024): the area under a curve over a cost range, divided by
 * that range, so the mean accuracy the curve offers across the budgets in it.
 *
 * <p>A set of operating points (a router at several settings, or the single models) reaches, at a budget, the best
 * accuracy of any mix of its points that costs no more on average: the upper convex hull of its points, made
 * non-decreasing (past its most accurate point it stays there). Every set includes answering nothing, (0, 0), so a
 * budget below its cheapest point is met by answering only part of the prompts, as any mix allows. Pure functions.
 */
final class CostQualityCurve {
    private static final int STEPS = 10_000;

    /** One operating point: its total cost in USD and its accuracy over the same prompts. */
    record Point(String label, double costUsd, double accuracy) {}

    private CostQualityCurve() {}

    /** The hull's accuracy at {@code budgetUsd}. */
    static double accuracyAt(List<Point> points, double budgetUsd) {
        List<Point> hull = hull(points);
        Point last = hull.get(hull.size() - 1);
        if (budgetUsd >= last.costUsd()) {
            return last.accuracy();
        }
        for (int i = 1; i < hull.size(); i++) {
            Point right = hull.get(i);
            if (budgetUsd <= right.costUsd()) {
                Point left = hull.get(i - 1);
                double share = (budgetUsd - left.costUsd()) / (right.costUsd() - left.costUsd());
                return left.accuracy() + share * (right.accuracy() - left.accuracy());
            }
        }
        return last.accuracy();
    }

    /** AIQ: the mean of the hull's accuracy over budgets from {@code fromUsd} to {@code toUsd}. */
    static double aiq(List<Point> points, double fromUsd, double toUsd) {
        if (!(toUsd > fromUsd)) {
            throw new IllegalArgumentException("an AIQ needs a cost range, got " + fromUsd + " to " + toUsd);
        }
        double sum = 0;
        double step = (toUsd - fromUsd) / STEPS;
        for (int i = 0; i <= STEPS; i++) {
            double weight = i == 0 || i == STEPS ? 0.5 : 1;
            sum += weight * accuracyAt(points, fromUsd + i * step);
        }
        return sum / STEPS;
    }

    /** The non-decreasing upper convex hull of {@code points} and (0, 0), cheapest first. */
    static List<Point> hull(List<Point> points) {
        List<Point> sorted = new ArrayList<>(points);
        sorted.add(new Point("nothing", 0, 0));
        sorted.sort(Comparator.comparingDouble(Point::costUsd).thenComparing(p -> -p.accuracy()));
        List<Point> hull = new ArrayList<>();
        for (Point p : sorted) {
            if (!hull.isEmpty() && p.accuracy() <= hull.get(hull.size() - 1).accuracy()) {
                continue; // a dearer point that is no better
            }
            while (hull.size() >= 2 && !turnsRight(hull.get(hull.size() - 2), hull.get(hull.size() - 1), p)) {
                hull.remove(hull.size() - 1);
            }
            hull.add(p);
        }
        return hull;
    }

    /** Whether {@code b} lies above the line from {@code a} to {@code c}, so it stays on the upper hull. */
    private static boolean turnsRight(Point a, Point b, Point c) {
        double cross = (b.costUsd() - a.costUsd()) * (c.accuracy() - a.accuracy())
                - (b.accuracy() - a.accuracy()) * (c.costUsd() - a.costUsd());
        return cross < 0;
    }
}
