package dev.routeplane.report;

import static dev.routeplane.report.Html.count;
import static dev.routeplane.report.Html.escape;
import static dev.routeplane.report.Html.money;

import dev.routeplane.report.ReportData.LaneShareRow;
import dev.routeplane.report.ReportData.RouteRow;
import dev.routeplane.report.ReportData.SpendRow;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Renders the ledger report ({@code routeplane ledger report --html FILE}): one self-contained HTML page with
 * four charts drawn as inline SVG (spend by model per day, cost against quality per route, latency per route,
 * routing share per lane) and, beneath each, the tables it was drawn from.
 *
 * <p>The page references nothing outside itself (no scripts, fonts, stylesheets or images), so it can be
 * mailed, archived or opened offline and shows the same thing years later. Every piece of text from the data
 * is HTML-escaped. Money is shown exactly, in dollars with six decimals, from the ledger's micro-dollars.
 * Pure: no I/O, same data gives the same page.
 */
public final class HtmlReport {
    private static final DateTimeFormatter GENERATED =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);

    private HtmlReport() {}

    /** The complete page. */
    public static String render(ReportData data) {
        Map<String, String> modelColours = Palette.assign(modelsInColourOrder(data));
        Map<String, String> laneColours = Palette.assign(new ArrayList<>(
                new TreeSet<>(data.routes().stream().map(RouteRow::lane).toList())));

        StringBuilder page = new StringBuilder(64 * 1024);
        page.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
                .append("<title>")
                .append(escape(data.title()))
                .append("</title>\n<style>\n")
                .append(CSS)
                .append("</style>\n")
                .append("</head>\n<body>\n<header>\n<h1>")
                .append(escape(data.title()))
                .append("</h1>\n<p class=\"meta\">")
                .append(escape(data.period()))
                .append(" · generated ")
                .append(escape(GENERATED.format(data.generatedAt())))
                .append("</p>\n")
                .append(summary(data.spend()))
                .append("</header>\n");

        section(
                page,
                "spend",
                "Spend by model over time",
                "What each model cost per day, summed over tenants and providers. Hover a segment for its exact figure.",
                SpendChart.svg(data.spend(), modelColours),
                SpendChart.table(data.spend()));
        section(
                page,
                "cost-quality",
                "Cost against quality",
                "Each point is a route (lane and model). Up is better answers, left is cheaper calls.",
                CostQualityChart.svg(data.routes(), laneColours),
                CostQualityChart.table(data.routes()));
        section(
                page,
                "latency",
                "Latency distribution",
                "Provider latency per route: the dark bar reaches the median, the light bar the 95th percentile.",
                LatencyChart.svg(data.routes()),
                LatencyChart.table(data.routes()));
        section(
                page,
                "lane-share",
                "Routing share per lane",
                "Which models each lane sent its requests to; lanes ordered by traffic, the number is the lane's requests.",
                LaneShareChart.svg(data.laneShares(), modelColours),
                LaneShareChart.table(data.laneShares()));
        return page.append(
                        "<footer>Routeplane ledger report. Amounts are exact ledger figures in US dollars.</footer>\n")
                .append("</body>\n</html>\n")
                .toString();
    }

    /** Biggest spenders take the first colours; models only seen in routing shares follow. */
    private static List<String> modelsInColourOrder(ReportData data) {
        List<String> models = new ArrayList<>(SpendChart.modelsBySpend(data.spend()));
        data.laneShares().stream().map(LaneShareRow::model).sorted().forEach(m -> {
            if (!models.contains(m)) {
                models.add(m);
            }
        });
        return models;
    }

    private static String summary(List<SpendRow> spend) {
        long cost = spend.stream().mapToLong(SpendRow::costMicros).sum();
        long batchCost =
                spend.stream().mapToLong(SpendRow::providerBatchCostMicros).sum();
        long calls = spend.stream().mapToLong(SpendRow::calls).sum();
        long failures = spend.stream().mapToLong(SpendRow::failures).sum();
        long tokens = spend.stream()
                .mapToLong(r -> r.inputTokens() + r.outputTokens())
                .sum();
        long tenants = spend.stream().map(SpendRow::tenant).distinct().count();
        return "<div class=\"tiles\">" + tile("Total spend", money(cost))
                + tile("Synchronous spend", money(cost - batchCost)) + tile("Provider-batch spend", money(batchCost))
                + tile("Provider calls", count(calls))
                + tile("Failed calls", count(failures)) + tile("Tokens", count(tokens))
                + tile("Tenants", count(tenants))
                + "</div>\n";
    }

    private static String tile(String label, String value) {
        return "<div class=\"tile\"><div class=\"label\">" + escape(label) + "</div><div class=\"value\">"
                + escape(value) + "</div></div>";
    }

    private static void section(StringBuilder page, String id, String heading, String note, String svg, String tables) {
        page.append("<section id=\"")
                .append(id)
                .append("\">\n<h2>")
                .append(escape(heading))
                .append("</h2>\n<p class=\"note\">")
                .append(escape(note))
                .append("</p>\n<div class=\"figure\">\n")
                .append(svg)
                .append("</div>\n")
                .append(tables)
                .append("</section>\n");
    }

    private static final String CSS = """
      body { margin: 0 auto; max-width: 1000px; padding: 24px; color: #1f2933; background: #f5f7fa;
             font: 14px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; }
      h1 { font-size: 24px; margin: 0 0 4px; }
      h2 { font-size: 18px; margin: 0 0 4px; }
      .meta, .note { color: #616e7c; margin: 0 0 12px; }
      .tiles { display: flex; gap: 12px; flex-wrap: wrap; margin: 16px 0; }
      .tile { background: #fff; border: 1px solid #e4e7eb; border-radius: 6px; padding: 10px 14px; min-width: 150px; }
      .tile .label { color: #616e7c; font-size: 12px; } .tile .value { font-size: 18px; font-weight: 600; }
      section { background: #fff; border: 1px solid #e4e7eb; border-radius: 8px; padding: 18px; margin: 18px 0; }
      .figure { overflow-x: auto; } svg.chart { display: block; max-width: 100%; height: auto; }
      table { border-collapse: collapse; width: 100%; margin-top: 14px; font-size: 13px; }
      caption { text-align: left; font-weight: 600; padding: 4px 0; }
      th, td { padding: 4px 8px; border-bottom: 1px solid #e4e7eb; text-align: left; white-space: nowrap; }
      thead th { background: #f0f4f8; } tfoot th { border-top: 2px solid #9aa5b1; }
      .num { text-align: right; font-variant-numeric: tabular-nums; } td.none { color: #9aa5b1; }
      details { margin-top: 10px; } summary { cursor: pointer; color: #3a6a99; }
      footer { color: #9aa5b1; font-size: 12px; text-align: center; margin: 24px 0; }
      """;
}
