package dev.routeplane.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.routeplane.report.ReportData.LaneShareRow;
import dev.routeplane.report.ReportData.RouteRow;
import dev.routeplane.report.ReportData.SpendRow;
import dev.routeplane.schemas.Money;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class HtmlReportTest {

    @Test
    void drawsOneSvgPerChartWithTitlesAndAxes() throws IOException {
        String page = HtmlReport.render(SampleReports.week());
        // Kept under target/ for a human look: open it in a browser.
        Files.createDirectories(Path.of("target"));
        Files.writeString(Path.of("target", "report-sample.html"), page);

        assertThat(occurrences(page, "<svg ")).isEqualTo(4);
        assertThat(occurrences(page, "</svg>")).isEqualTo(4);
        assertThat(page)
                .contains(
                        "aria-label=\"Spend by model per day\"",
                        "aria-label=\"Cost against quality per route\"",
                        "aria-label=\"Provider latency per route, p50 and p95\"",
                        "aria-label=\"Routing share per lane\"");
        assertThat(page).contains("Cost per call (USD, log scale)", ">Day (UTC)<", ">USD per day<");
        assertThat(occurrences(page, "<circle "))
                .as("one point per route with a quality estimate")
                .isEqualTo(7);
        assertThat(page).contains("1 route(s) without a quality estimate appear in the table only");
    }

    @Test
    void isSelfContained() {
        String page = HtmlReport.render(SampleReports.week());

        assertThat(page).doesNotContain("http://", "https://", "<script", "<link", "@import", "url(", "src=");
    }

    @Test
    void tablesListEveryRowWithExactMoney() {
        ReportData data = SampleReports.week();
        String page = HtmlReport.render(data);

        String spend = section(page, "spend");
        String pivot = spend.substring(0, spend.indexOf("<details>"));
        String detail = spend.substring(spend.indexOf("<details>"));
        long total = data.spend().stream().mapToLong(SpendRow::costMicros).sum();
        String exactTotal = "<th class=\"num\">" + Money.format(total) + "</th></tr>";
        assertThat(occurrences(pivot, "<tr><td>2025-03-")).as("one row per day").isEqualTo(7);
        assertThat(pivot).contains(exactTotal);
        assertThat(occurrences(detail, "<tr><td>2025-03-"))
                .isEqualTo(data.spend().size());
        assertThat(detail).contains("<tfoot>\n<tr><th>Total</th>").contains(exactTotal);
        assertThat(section(page, "cost-quality"))
                .contains(
                        "<tr><td>code</td><td>anthropic</td><td>claude-sonnet-4</td><td class=\"num\">1,840</td>"
                                + "<td class=\"num\">99.4%</td><td class=\"num\">0.91</td><td>412 ratings</td>"
                                + "<td class=\"num\">$0.026004</td><td class=\"num\">2,300</td><td class=\"num\">6,100</td></tr>");
        assertThat(section(page, "latency"))
                .contains("<tr><td>extraction</td><td>local</td><td>llama-3-1-8b-local</td><td class=\"num\">700</td>"
                        + "<td class=\"num\">380</td><td class=\"num\">1,900</td></tr>");
        assertThat(section(page, "lane-share"))
                .contains("<tr><td>extraction</td><td>openai</td><td>gpt-4o-mini</td><td class=\"num\">6,210</td>"
                        + "<td class=\"num\">89.9%</td></tr>");
        assertThat(occurrences(section(page, "lane-share"), "<tr><td>"))
                .isEqualTo(data.laneShares().size());
    }

    @Test
    void showsMicrosAsExactDollars() {
        ReportData data = new ReportData(
                "t",
                "p",
                Instant.EPOCH,
                List.of(new SpendRow(
                        LocalDate.of(2025, 1, 1), "acme", "openai", "gpt-4o", 3, 0, 10, 10, 1_234_567_891L)),
                List.of(),
                List.of());

        assertThat(HtmlReport.render(data)).contains("$1234.567891").doesNotContain("$1234.57<");
    }

    @Test
    void showsSynchronousAndProviderBatchSpendApart() {
        ReportData data = new ReportData(
                "t",
                "p",
                Instant.EPOCH,
                List.of(
                        new SpendRow(LocalDate.of(2025, 1, 1), "acme", "openai", "gpt-4o", 3, 0, 10, 10, 3_000_000L),
                        new SpendRow(
                                LocalDate.of(2025, 1, 2),
                                "acme",
                                "openai",
                                "gpt-4o",
                                4,
                                0,
                                10,
                                10,
                                2_500_000L,
                                2_000_000L)),
                List.of(),
                List.of());

        assertThat(HtmlReport.render(data))
                .contains("Total spend</div><div class=\"value\">$5.500000")
                .contains("Synchronous spend</div><div class=\"value\">$3.500000")
                .contains("Provider-batch spend</div><div class=\"value\">$2.000000");
    }

    @Test
    void escapesEveryTextFromTheData() {
        String evil = "<script>alert('x')</script>&\"";
        ReportData data = new ReportData(
                evil,
                evil,
                Instant.EPOCH,
                List.of(new SpendRow(LocalDate.of(2025, 1, 1), evil, evil, evil, 1, 0, 1, 1, 5)),
                List.of(new RouteRow(evil, evil, evil, 1, 1.0, 0.5, evil, 5, 1, 2)),
                List.of(new LaneShareRow(evil, evil, evil, 1)));

        String page = HtmlReport.render(data);

        assertThat(page).doesNotContain("<script", "alert('x')", "</script>&\"");
        assertThat(page).contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&amp;&quot;");
    }

    @Test
    void rendersAnEmptyPeriodWithEmptyChartsAndTables() {
        String page = HtmlReport.render(new ReportData("t", "p", Instant.EPOCH, List.of(), List.of(), List.of()));

        assertThat(occurrences(page, "<svg ")).isEqualTo(4);
        assertThat(page)
                .contains(
                        "No spend recorded in this period",
                        "No route has a quality estimate yet",
                        "No route statistics yet",
                        "No routing decisions in this period");
        assertThat(occurrences(page, "class=\"none\">No data</td>")).isEqualTo(5);
    }

    private static String section(String page, String id) {
        Matcher matcher = Pattern.compile("<section id=\"" + id + "\">(.*?)</section>", Pattern.DOTALL)
                .matcher(page);
        assertThat(matcher.find()).as("section " + id).isTrue();
        return matcher.group(1);
    }

    private static int occurrences(String text, String needle) {
        int count = 0;
        for (int i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + 1)) {
            count++;
        }
        return count;
    }
}
