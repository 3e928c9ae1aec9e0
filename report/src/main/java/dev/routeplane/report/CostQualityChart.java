package dev.routeplane.report;

import static dev.routeplane.report.Html.count;
import static dev.routeplane.report.Html.money;

import dev.routeplane.report.ReportData.RouteRow;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Cost against quality per route: a scatter with cost per call across and estimated quality up, one labelled
 * point per lane × model, coloured by lane. The top-left corner is where a router wants its traffic.
 */
final class CostQualityChart {
    static final int WIDTH = 960;
    static final int HEIGHT = 440;
    private static final double LEFT = 70;
    private static final double RIGHT = WIDTH - 150; // room for the labels of the right-most points
    private static final double BOTTOM = HEIGHT - 60;

    private CostQualityChart() {}

    static String svg(List<RouteRow> routes, Map<String, String> laneColours) {
        Svg svg = new Svg(WIDTH, HEIGHT, "Cost against quality per route");
        svg.title("Cost per call against estimated quality, per route", WIDTH);
        List<RouteRow> points =
                routes.stream().filter(r -> r.qualityEstimate() != null).toList();
        if (points.isEmpty()) {
            return svg.empty(WIDTH, HEIGHT, "No route has a quality estimate yet")
                    .end();
        }
        List<Map.Entry<String, String>> legend = new ArrayList<>();
        laneColours.forEach((lane, colour) -> {
            if (points.stream().anyMatch(p -> p.lane().equals(lane))) {
                legend.add(Map.entry(lane, colour));
            }
        });
        double top = svg.legend(LEFT, 50, RIGHT, legend) + 6;

        Axis x = Axis.auto(points.stream().map(p -> p.costMicrosPerCall() / 1e6).toList(), 6, LEFT, RIGHT);
        double qMin = Math.min(
                0, points.stream().mapToDouble(RouteRow::qualityEstimate).min().orElse(0));
        double qMax = Math.max(
                1, points.stream().mapToDouble(RouteRow::qualityEstimate).max().orElse(1));
        Axis y = Axis.fixed(qMin, qMax, (qMax - qMin) / 5, BOTTOM, top);
        for (double tick : y.ticks()) {
            double py = y.map(tick);
            svg.line(LEFT, py, RIGHT, py, "#e4e7eb", 1);
            svg.text(LEFT - 8, py + 4, Html.number(tick), "end", 11, "#52606d");
        }
        for (double tick : x.ticks()) {
            double px = x.map(tick);
            svg.line(px, top, px, BOTTOM, "#e4e7eb", 1);
            svg.line(px, BOTTOM, px, BOTTOM + 4, "#52606d", 1);
            svg.text(px, BOTTOM + 18, Html.dollarsTick(tick), "middle", 11, "#52606d");
        }
        svg.line(LEFT, BOTTOM, RIGHT, BOTTOM, "#52606d", 1).line(LEFT, top, LEFT, BOTTOM, "#52606d", 1);
        svg.text(
                (LEFT + RIGHT) / 2,
                BOTTOM + 40,
                "Cost per call (USD" + (x.isLog() ? ", log scale" : "") + ")",
                "middle",
                12,
                "#52606d");
        svg.text(
                18,
                (top + BOTTOM) / 2,
                "Quality estimate",
                "middle",
                12,
                "#52606d",
                Map.of("transform", "rotate(-90 18 " + Html.px((top + BOTTOM) / 2) + ")"));

        List<double[]> taken = new ArrayList<>(); // boxes of points and placed labels: x0, y0, x1, y1
        for (RouteRow p : points) {
            double px = x.map(p.costMicrosPerCall() / 1e6);
            double py = y.map(p.qualityEstimate());
            taken.add(new double[] {px - 7, py - 7, px + 7, py + 7});
        }
        for (RouteRow p : points) {
            double px = x.map(p.costMicrosPerCall() / 1e6);
            double py = y.map(p.qualityEstimate());
            svg.circle(
                    px,
                    py,
                    6,
                    laneColours.getOrDefault(p.lane(), Palette.OTHER),
                    p.lane() + " · " + p.provider() + "/"
                            + p.model() + ": " + money(p.costMicrosPerCall()) + " per call, quality "
                            + Html.number(p.qualityEstimate()) + " (" + p.qualityEvidence() + "), " + count(p.calls())
                            + " calls");
            placeLabel(svg, taken, px, py, p.model());
        }
        long unrated = routes.size() - points.size();
        if (unrated > 0) {
            svg.text(
                    RIGHT,
                    HEIGHT - 6,
                    unrated + " route(s) without a quality estimate appear in the table only",
                    "end",
                    11,
                    "#7b8794");
        }
        return svg.end();
    }

    /**
     * Puts a point's label right, left, below or above it, whichever first clears the points and labels
     * already drawn; two routes of one model at nearly the same cost and quality otherwise print on top of
     * each other. Falls back to the right side when every place is taken.
     */
    private static void placeLabel(Svg svg, List<double[]> taken, double px, double py, String label) {
        double width = label.length() * 6.2;
        double[][] candidates = { // x, baseline y, anchor: 0 start, 1 end
            {px + 9, py + 4, 0},
            {px - 9, py + 4, 1},
            {px + 4, py + 19, 0},
            {px + 4, py - 10, 0},
            {px - 4, py + 19, 1},
            {px - 4, py - 10, 1}
        };
        double[] chosen = candidates[0];
        for (double[] c : candidates) {
            double x0 = c[2] == 0 ? c[0] : c[0] - width;
            double[] box = {x0, c[1] - 10, x0 + width, c[1] + 3};
            if (taken.stream().noneMatch(t -> box[0] < t[2] && t[0] < box[2] && box[1] < t[3] && t[1] < box[3])) {
                chosen = c;
                break;
            }
        }
        double x0 = chosen[2] == 0 ? chosen[0] : chosen[0] - width;
        taken.add(new double[] {x0, chosen[1] - 10, x0 + width, chosen[1] + 3});
        svg.text(chosen[0], chosen[1], label, chosen[2] == 0 ? "start" : "end", 11, "#323f4b");
    }

    static String table(List<RouteRow> routes) {
        HtmlTable table = new HtmlTable(
                        "Route statistics",
                        "Lane",
                        "Provider",
                        "Model",
                        "Calls",
                        "Success",
                        "Quality",
                        "Evidence",
                        "Cost per call",
                        "p50 ms",
                        "p95 ms")
                .numeric(3, 4, 5, 7, 8, 9);
        for (RouteRow r : sorted(routes)) {
            table.row(
                    r.lane(),
                    r.provider(),
                    r.model(),
                    count(r.calls()),
                    Html.percent(r.successRate()),
                    r.qualityEstimate() == null ? "n/a" : Html.number(r.qualityEstimate()),
                    r.qualityEvidence() == null ? "" : r.qualityEvidence(),
                    money(r.costMicrosPerCall()),
                    count(r.p50Ms()),
                    count(r.p95Ms()));
        }
        return table.render();
    }

    static List<RouteRow> sorted(List<RouteRow> routes) {
        List<RouteRow> sorted = new ArrayList<>(routes);
        sorted.sort(Comparator.comparing(RouteRow::lane)
                .thenComparing(RouteRow::provider)
                .thenComparing(RouteRow::model));
        return sorted;
    }
}
