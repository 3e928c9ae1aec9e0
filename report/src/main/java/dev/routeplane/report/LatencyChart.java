package dev.routeplane.report;

import static dev.routeplane.report.Html.count;

import dev.routeplane.report.ReportData.RouteRow;
import java.util.List;
import java.util.Map;

/**
 * Latency per route: a wide light bar to the p95 with a narrow dark bar to the p50 inside it, so the
 * spread of each route reads at a glance and routes compare on one axis.
 */
final class LatencyChart {
    static final int WIDTH = 960;
    private static final double LEFT = 250;
    private static final double RIGHT = WIDTH - 30;
    private static final double ROW = 26;
    private static final String P50 = "#3a6a99";
    private static final String P95 = "#a9c8e8";

    private LatencyChart() {}

    static int height(int routes) {
        return (int) (90 + Math.max(routes, 1) * ROW + 50);
    }

    static String svg(List<RouteRow> routes) {
        int height = height(routes.size());
        Svg svg = new Svg(WIDTH, height, "Provider latency per route, p50 and p95");
        svg.title("Provider latency per route (p50 and p95)", WIDTH);
        if (routes.isEmpty()) {
            return svg.empty(WIDTH, height, "No route statistics yet").end();
        }
        double top = svg.legend(LEFT, 50, RIGHT, List.of(Map.entry("p50", P50), Map.entry("p95", P95))) + 6;
        double bottom = top + routes.size() * ROW;
        Axis x = Axis.linear(routes.stream().mapToLong(RouteRow::p95Ms).max().orElse(0), 6, LEFT, RIGHT);
        for (double tick : x.ticks()) {
            double px = x.map(tick);
            svg.line(px, top, px, bottom, tick == 0 ? "#52606d" : "#e4e7eb", 1);
            svg.text(px, bottom + 18, milliseconds(tick), "middle", 11, "#52606d");
        }
        List<RouteRow> sorted = CostQualityChart.sorted(routes);
        for (int i = 0; i < sorted.size(); i++) {
            RouteRow r = sorted.get(i);
            double y = top + i * ROW;
            String name = r.lane() + " · " + r.model();
            svg.text(LEFT - 10, y + ROW / 2 + 4, name, "end", 12, "#323f4b");
            String tip =
                    name + " (" + r.provider() + "): p50 " + count(r.p50Ms()) + " ms, p95 " + count(r.p95Ms()) + " ms";
            svg.rect(LEFT, y + 4, x.map(r.p95Ms()) - LEFT, ROW - 8, P95, tip);
            svg.rect(LEFT, y + 9, x.map(r.p50Ms()) - LEFT, ROW - 18, P50, tip);
        }
        svg.text((LEFT + RIGHT) / 2, bottom + 40, "Latency", "middle", 12, "#52606d");
        return svg.end();
    }

    static String milliseconds(double ms) {
        return ms >= 1000 ? Html.number(ms / 1000).replaceAll("\\.?0+$", "") + " s" : count(Math.round(ms)) + " ms";
    }

    static String table(List<RouteRow> routes) {
        HtmlTable table = new HtmlTable("Latency per route", "Lane", "Provider", "Model", "Calls", "p50 ms", "p95 ms")
                .numeric(3, 4, 5);
        for (RouteRow r : CostQualityChart.sorted(routes)) {
            table.row(r.lane(), r.provider(), r.model(), count(r.calls()), count(r.p50Ms()), count(r.p95Ms()));
        }
        return table.render();
    }
}
