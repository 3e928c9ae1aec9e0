package dev.routeplane.report;

import static dev.routeplane.report.Html.count;

import dev.routeplane.report.ReportData.LaneShareRow;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Routing share per lane: one 100% bar per lane, split by the models it routed to, largest first. */
final class LaneShareChart {
    static final int WIDTH = 960;
    private static final double LEFT = 190;
    private static final double RIGHT = WIDTH - 30;
    private static final double ROW = 34;

    private LaneShareChart() {}

    /** Rows grouped by lane (busiest lane first), each lane's rows by calls, largest first. */
    static Map<String, List<LaneShareRow>> byLane(List<LaneShareRow> rows) {
        Map<String, Long> totals = new LinkedHashMap<>();
        rows.forEach(r -> totals.merge(r.lane(), r.calls(), Long::sum));
        List<String> lanes = new ArrayList<>(totals.keySet());
        lanes.sort(Comparator.comparing((String lane) -> -totals.get(lane)).thenComparing(lane -> lane));
        Map<String, List<LaneShareRow>> grouped = new LinkedHashMap<>();
        for (String lane : lanes) {
            List<LaneShareRow> laneRows = new ArrayList<>(
                    rows.stream().filter(r -> r.lane().equals(lane)).toList());
            laneRows.sort(Comparator.comparing((LaneShareRow r) -> -r.calls()).thenComparing(LaneShareRow::model));
            grouped.put(lane, laneRows);
        }
        return grouped;
    }

    static String svg(List<LaneShareRow> rows, Map<String, String> modelColours) {
        Map<String, List<LaneShareRow>> lanes = byLane(rows);
        List<Map.Entry<String, String>> legend = new ArrayList<>();
        modelColours.forEach((model, colour) -> {
            if (rows.stream().anyMatch(r -> r.model().equals(model))) {
                legend.add(Map.entry(model, colour));
            }
        });
        // The legend may wrap; estimate its rows so the bars start below it.
        double legendRows = Math.ceil(
                legend.stream().mapToDouble(e -> 36 + e.getKey().length() * 6.6).sum() / (RIGHT - LEFT));
        int height = (int) (60 + legendRows * 18 + Math.max(lanes.size(), 1) * ROW + 50);
        Svg svg = new Svg(WIDTH, height, "Routing share per lane");
        svg.title("Routing share per lane", WIDTH);
        if (rows.isEmpty()) {
            return svg.empty(WIDTH, height, "No routing decisions in this period")
                    .end();
        }
        double top = svg.legend(LEFT, 50, RIGHT, legend) + 6;
        Axis x = Axis.fixed(0, 1, 0.2, LEFT, RIGHT);
        double bottom = top + lanes.size() * ROW;
        for (double tick : x.ticks()) {
            double px = x.map(tick);
            svg.line(px, top, px, bottom, "#e4e7eb", 1);
            svg.text(px, bottom + 18, Math.round(tick * 100) + "%", "middle", 11, "#52606d");
        }
        int i = 0;
        for (Map.Entry<String, List<LaneShareRow>> lane : lanes.entrySet()) {
            double y = top + i++ * ROW;
            long total = lane.getValue().stream().mapToLong(LaneShareRow::calls).sum();
            svg.text(LEFT - 10, y + ROW / 2 + 4, lane.getKey() + " (" + count(total) + ")", "end", 12, "#323f4b");
            double cumulative = 0;
            for (LaneShareRow r : lane.getValue()) {
                double share = total == 0 ? 0 : (double) r.calls() / total;
                double x0 = x.map(cumulative);
                double x1 = x.map(cumulative + share);
                String colour = modelColours.getOrDefault(r.model(), Palette.OTHER);
                svg.rect(
                        x0,
                        y + 5,
                        x1 - x0,
                        ROW - 10,
                        colour,
                        lane.getKey() + " → " + r.provider() + "/" + r.model() + ": " + count(r.calls()) + " calls, "
                                + Html.percent(share));
                if (x1 - x0 > 44) {
                    svg.text((x0 + x1) / 2, y + ROW / 2 + 4, Html.percent(share), "middle", 11, Palette.textOn(colour));
                }
                cumulative += share;
            }
        }
        svg.text((LEFT + RIGHT) / 2, bottom + 40, "Share of the lane's requests", "middle", 12, "#52606d");
        return svg.end();
    }

    static String table(List<LaneShareRow> rows) {
        HtmlTable table = new HtmlTable("Routing share per lane", "Lane", "Provider", "Model", "Calls", "Share of lane")
                .numeric(3, 4);
        for (Map.Entry<String, List<LaneShareRow>> lane : byLane(rows).entrySet()) {
            long total = lane.getValue().stream().mapToLong(LaneShareRow::calls).sum();
            for (LaneShareRow r : lane.getValue()) {
                table.row(
                        r.lane(),
                        r.provider(),
                        r.model(),
                        count(r.calls()),
                        Html.percent(total == 0 ? 0 : (double) r.calls() / total));
            }
        }
        return table.render();
    }
}
