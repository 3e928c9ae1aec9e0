package dev.routeplane.report;

import static dev.routeplane.report.Html.count;
import static dev.routeplane.report.Html.money;

import dev.routeplane.report.ReportData.SpendRow;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Spend by model over time: one stacked bar per day, one segment per model, biggest spender at the bottom. */
final class SpendChart {
    static final int WIDTH = 960;
    static final int HEIGHT = 400;
    private static final double LEFT = 80;
    private static final double RIGHT = WIDTH - 24;
    private static final double BOTTOM = HEIGHT - 44;
    private static final DateTimeFormatter DAY_LABEL = DateTimeFormatter.ofPattern("MM-dd");

    private SpendChart() {}

    /** Models by total spend, largest first: the stacking and legend order. */
    static List<String> modelsBySpend(List<SpendRow> rows) {
        Map<String, Long> totals = new HashMap<>();
        rows.forEach(row -> totals.merge(row.model(), row.costMicros(), Long::sum));
        List<String> models = new ArrayList<>(totals.keySet());
        models.sort(Comparator.comparing((String m) -> -totals.get(m)).thenComparing(m -> m));
        return models;
    }

    static String svg(List<SpendRow> rows, Map<String, String> colours) {
        Svg svg = new Svg(WIDTH, HEIGHT, "Spend by model per day");
        svg.title("Spend by model per day", WIDTH);
        if (rows.isEmpty()) {
            return svg.empty(WIDTH, HEIGHT, "No spend recorded in this period").end();
        }
        List<String> models = modelsBySpend(rows);
        TreeMap<LocalDate, Map<String, Long>> byDay = new TreeMap<>();
        rows.forEach(row ->
                byDay.computeIfAbsent(row.day(), d -> new HashMap<>()).merge(row.model(), row.costMicros(), Long::sum));
        List<LocalDate> days = new ArrayList<>();
        for (LocalDate d = byDay.firstKey(); !d.isAfter(byDay.lastKey()); d = d.plusDays(1)) {
            days.add(d); // every day of the range, so a quiet day shows as a gap, not as a closed-up axis
        }
        long maxDay = byDay.values().stream()
                .mapToLong(m -> m.values().stream().mapToLong(Long::longValue).sum())
                .max()
                .orElse(0);

        List<Map.Entry<String, String>> legend = new ArrayList<>();
        models.forEach(m -> legend.add(Map.entry(m, colours.get(m))));
        double top = svg.legend(LEFT, 50, RIGHT, legend) + 4;
        Axis y = Axis.linear(maxDay / 1e6, 5, BOTTOM, top);
        for (double tick : y.ticks()) {
            double py = y.map(tick);
            svg.line(LEFT, py, RIGHT, py, tick == 0 ? "#52606d" : "#e4e7eb", 1);
            svg.text(LEFT - 8, py + 4, Html.dollarsTick(tick), "end", 11, "#52606d");
        }
        svg.text(
                20,
                (top + BOTTOM) / 2,
                "USD per day",
                "middle",
                12,
                "#52606d",
                Map.of("transform", "rotate(-90 20 " + Html.px((top + BOTTOM) / 2) + ")"));

        double band = (RIGHT - LEFT) / days.size();
        int labelEvery = (int) Math.ceil(days.size() / 15.0);
        for (int i = 0; i < days.size(); i++) {
            LocalDate day = days.get(i);
            double x = LEFT + i * band + band * 0.15;
            double base = 0;
            Map<String, Long> spend = byDay.getOrDefault(day, Map.of());
            for (String model : models) {
                long micros = spend.getOrDefault(model, 0L);
                if (micros > 0) {
                    double y0 = y.map(base / 1e6);
                    double y1 = y.map((base + micros) / 1e6);
                    svg.rect(x, y1, band * 0.7, y0 - y1, colours.get(model), day + " " + model + ": " + money(micros));
                    base += micros;
                }
            }
            if (i % labelEvery == 0) {
                svg.line(x + band * 0.35, BOTTOM, x + band * 0.35, BOTTOM + 4, "#52606d", 1);
                svg.text(x + band * 0.35, BOTTOM + 18, DAY_LABEL.format(day), "middle", 11, "#52606d");
            }
        }
        svg.text((LEFT + RIGHT) / 2, HEIGHT - 8, "Day (UTC)", "middle", 12, "#52606d");
        return svg.end();
    }

    /**
     * The chart's own figures (a day × model pivot with totals), then every ledger row in a collapsed
     * {@code <details>}: a week of many tenants is hundreds of rows, which should not bury the next chart.
     */
    static String table(List<SpendRow> rows) {
        return pivot(rows) + "<details>\n<summary>Every row: day, tenant, provider and model (" + count(rows.size())
                + ")</summary>\n" + detail(rows) + "</details>\n";
    }

    private static String pivot(List<SpendRow> rows) {
        List<String> models = modelsBySpend(rows);
        List<String> headers = new ArrayList<>(List.of("Day"));
        headers.addAll(models);
        headers.add("Total");
        int[] numeric = new int[models.size() + 1];
        for (int i = 0; i < numeric.length; i++) {
            numeric[i] = i + 1;
        }
        HtmlTable table = new HtmlTable("Spend by model per day", headers.toArray(String[]::new)).numeric(numeric);
        TreeMap<LocalDate, Map<String, Long>> byDay = new TreeMap<>();
        rows.forEach(row ->
                byDay.computeIfAbsent(row.day(), d -> new HashMap<>()).merge(row.model(), row.costMicros(), Long::sum));
        Map<String, Long> modelTotals = new HashMap<>();
        byDay.forEach((day, spend) -> {
            List<String> cells = new ArrayList<>(List.of(day.toString()));
            models.forEach(m -> cells.add(money(spend.getOrDefault(m, 0L))));
            cells.add(money(spend.values().stream().mapToLong(Long::longValue).sum()));
            spend.forEach((m, v) -> modelTotals.merge(m, v, Long::sum));
            table.row(cells.toArray(String[]::new));
        });
        List<String> footer = new ArrayList<>(List.of("Total"));
        models.forEach(m -> footer.add(money(modelTotals.getOrDefault(m, 0L))));
        footer.add(money(rows.stream().mapToLong(SpendRow::costMicros).sum()));
        return table.footer(footer.toArray(String[]::new)).render();
    }

    private static String detail(List<SpendRow> rows) {
        HtmlTable table = new HtmlTable(
                        "Spend by day, tenant, provider and model",
                        "Day",
                        "Tenant",
                        "Provider",
                        "Model",
                        "Calls",
                        "Failures",
                        "Input tokens",
                        "Output tokens",
                        "Cost")
                .numeric(4, 5, 6, 7, 8);
        List<SpendRow> sorted = new ArrayList<>(rows);
        sorted.sort(Comparator.comparing(SpendRow::day)
                .thenComparing(SpendRow::tenant)
                .thenComparing(SpendRow::provider)
                .thenComparing(SpendRow::model));
        long calls = 0;
        long failures = 0;
        long input = 0;
        long output = 0;
        long cost = 0;
        for (SpendRow row : sorted) {
            table.row(
                    row.day().toString(),
                    row.tenant(),
                    row.provider(),
                    row.model(),
                    count(row.calls()),
                    count(row.failures()),
                    count(row.inputTokens()),
                    count(row.outputTokens()),
                    money(row.costMicros()));
            calls += row.calls();
            failures += row.failures();
            input += row.inputTokens();
            output += row.outputTokens();
            cost += row.costMicros();
        }
        return table.footer(
                        "Total", "", "", "", count(calls), count(failures), count(input), count(output), money(cost))
                .render();
    }
}
