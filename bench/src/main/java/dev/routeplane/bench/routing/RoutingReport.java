package dev.routeplane.bench.routing;

import dev.routeplane.bench.routing.CostQualityCurve.Point;
import dev.routeplane.bench.routing.RecordedScores.Figure;
import dev.routeplane.simulator.ReplaySample;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Prints the routing benchmark's tables: the references and the router, then the router's cost-quality curve. */
final class RoutingReport {
    /** The cost share of the best single model that the target allows; the hindsight bound is computed at it. */
    static final double TARGET_COST_SHARE = 0.35;

    private RoutingReport() {}

    /** The reference rows and the headline run; returns the figures of the last line. */
    static RoutingBenchmark.Report table(
            PrintStream out, List<ReplaySample> test, List<String> wires, RouterRun headline) {
        RecordedScores scores = new RecordedScores(test, wires);
        List<Figure> singles = scores.singles();
        Figure best = RecordedScores.best(singles);
        Map<String, String> taskBest = new LinkedHashMap<>();
        Figure perTask = scores.perTaskBest(taskBest);
        Figure oracle = scores.oracle();
        Map<String, String> fixedPolicies = new LinkedHashMap<>();
        Figure bound = scores.bestFixedPoliciesWithin(TARGET_COST_SHARE * best.costUsd(), fixedPolicies);
        Figure router = new Figure(
                "router: " + headline.label() + " (ledger-billed)",
                headline.correct(),
                headline.billedUsd(),
                headline.n());

        out.println();
        out.printf(
                Locale.ROOT,
                "%-52s %8s %10s %8s%n",
                "strategy (test split, " + test.size() + " prompts)",
                "accuracy",
                "cost $",
                "% best");
        for (Figure f : singles) {
            row(out, f, best);
        }
        row(out, scores.random(), best);
        row(out, perTask, best);
        taskBest.forEach((task, model) -> out.printf(Locale.ROOT, "    best on %s: %s%n", task, model));
        row(out, bound, best);
        fixedPolicies.forEach((task, policy) -> out.printf(Locale.ROOT, "    %s on %s%n", policy, task));
        row(out, oracle, best);
        row(out, router, best);
        headline.byTask()
                .forEach((task, t) -> out.printf(
                        Locale.ROOT,
                        "    router on %-40s %8.3f %10.3f  (%d prompts, recorded cost)%n",
                        task,
                        t[0] / t[2],
                        t[1],
                        (int) t[2]));
        out.printf(Locale.ROOT, "    router choices (model of the returned answer): %s%n", headline.share());
        out.printf(
                Locale.ROOT, "    cascades: %s%n", headline.cascades().isEmpty() ? "none chosen" : headline.cascades());
        out.printf(
                Locale.ROOT,
                "    ledger billed $%.6f for %d calls; recorded cost of the returned answers $%.6f; "
                        + "%d requests without an answer%n",
                headline.billedUsd(),
                headline.calls(),
                headline.recordedUsd(),
                headline.failed());
        return new RoutingBenchmark.Report(
                headline.accuracy(),
                headline.billedUsd(),
                best.name().substring("always ".length()),
                best.accuracy(),
                best.costUsd(),
                oracle.accuracy(),
                oracle.costUsd(),
                List.of(),
                Double.NaN,
                Double.NaN);
    }

    /**
     * The router's operating points, cheapest first, and AIQ of the router and of the single models over the single
     * models' cost range; returns the report with them.
     */
    static RoutingBenchmark.Report curve(
            PrintStream out,
            List<ReplaySample> test,
            List<String> wires,
            List<RouterRun> runs,
            RoutingBenchmark.Report report) {
        List<Figure> singles = new RecordedScores(test, wires).singles();
        List<Point> modelPoints = new ArrayList<>();
        double from = Double.MAX_VALUE;
        double to = 0;
        for (Figure f : singles) {
            modelPoints.add(new Point(f.name(), f.costUsd(), f.accuracy()));
            from = Math.min(from, f.costUsd());
            to = Math.max(to, f.costUsd());
        }
        List<RouterRun> sorted = new ArrayList<>(runs);
        sorted.sort((a, b) -> Double.compare(a.billedUsd(), b.billedUsd()));
        List<Point> routerPoints = new ArrayList<>();
        out.println();
        out.printf(
                Locale.ROOT,
                "%-36s %9s %8s %10s %8s  %s%n",
                "router operating point",
                "threshold",
                "accuracy",
                "cost $",
                "% best",
                "cascades");
        for (RouterRun r : sorted) {
            routerPoints.add(new Point(r.label(), r.billedUsd(), r.accuracy()));
            out.printf(
                    Locale.ROOT,
                    "%-36s %9.3f %8.3f %10.3f %7.1f%%  %s%n",
                    r.label(),
                    r.threshold(),
                    r.accuracy(),
                    r.billedUsd(),
                    100 * r.billedUsd() / report.bestCostUsd(),
                    r.cascades());
        }
        double routerAiq = CostQualityCurve.aiq(routerPoints, from, to);
        double modelsAiq = CostQualityCurve.aiq(modelPoints, from, to);
        out.printf(
                Locale.ROOT,
                "AIQ over $%.3f-$%.3f (the single models' cost range; each curve the upper hull of its points and"
                        + " answering nothing): router %.3f, single models %.3f (%+.3f)%n",
                from,
                to,
                routerAiq,
                modelsAiq,
                routerAiq - modelsAiq);
        return report.withCurve(routerPoints, routerAiq, modelsAiq);
    }

    private static void row(PrintStream out, Figure f, Figure best) {
        out.printf(
                Locale.ROOT,
                "%-52s %8.3f %10.3f %7.1f%%%n",
                f.name(),
                f.accuracy(),
                f.costUsd(),
                100 * f.costUsd() / best.costUsd());
    }
}
