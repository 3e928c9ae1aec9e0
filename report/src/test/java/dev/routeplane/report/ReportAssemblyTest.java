package dev.routeplane.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.routeplane.contract.RouteStats;
import dev.routeplane.report.ReportData.LaneShareRow;
import dev.routeplane.report.ReportData.RouteRow;
import dev.routeplane.report.ReportData.SpendRow;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.List;
import org.junit.jupiter.api.Test;

public class ReportAssemblyTest {

    private static final YearMonth MARCH = YearMonth.of(2025, 3);

    public static final String ACME = """
      {"tenant":"acme","from":"2025-03-01","to":"2025-03-31","rows":[
        {"day":"2025-03-02","provider":"openai","model":"gpt-4o-mini","calls":10,"failures":1,"inputTokens":1000,
         "outputTokens":500,"costMicros":1500,"costUsd":"0.001500","priceMismatches":0,
         "providerBatchCalls":4,"providerBatchCostMicros":600,"providerBatchCostUsd":"0.000600"},
        {"day":"2025-03-01","provider":"anthropic","model":"claude-sonnet-4","calls":2,"failures":0,"inputTokens":300,
         "outputTokens":200,"costMicros":4200,"costUsd":"0.004200","priceMismatches":0}],
       "total":{"calls":12,"failures":1,"inputTokens":1300,"outputTokens":700,"costMicros":5700,
         "costUsd":"0.005700","priceMismatches":0}}""";

    static final String GLOBEX = """
      {"tenant":"globex","from":"2025-03-01","to":"2025-03-31","rows":[
        {"day":"2025-03-01","provider":"openai","model":"gpt-4o-mini","calls":3,"failures":0,"inputTokens":90,
         "outputTokens":30,"costMicros":1000001,"costUsd":"1.000001","priceMismatches":0}],
       "total":{"calls":3,"failures":0,"inputTokens":90,"outputTokens":30,"costMicros":1000001,
         "costUsd":"1.000001","priceMismatches":0}}""";

    public static RouteStats stats(
            String lane,
            String provider,
            String model,
            long calls,
            long successes,
            double quality,
            long evidence,
            long totalCost) {
        return RouteStats.newBuilder()
                .setLane(lane)
                .setProvider(provider)
                .setModel(model)
                .setCalls(calls)
                .setSuccesses(successes)
                .setFailures(calls - successes)
                .setFallbacks(0)
                .setQualityEstimate(quality)
                .setQualityEvidence(evidence)
                .setTotalCostMicros(totalCost)
                .setLatencyP50Ms(400)
                .setLatencyP95Ms(1200)
                .setUpdatedAt(Instant.parse("2025-03-10T00:00:00Z"))
                .build();
    }

    @Test
    void spendRowsCarryTheTenantAndExactMicros() {
        List<SpendRow> rows = ReportAssembly.spendRows(ACME);

        assertThat(rows)
                .containsExactly(
                        new SpendRow(
                                LocalDate.of(2025, 3, 2), "acme", "openai", "gpt-4o-mini", 10, 1, 1000, 500, 1500, 600),
                        new SpendRow(
                                LocalDate.of(2025, 3, 1),
                                "acme",
                                "anthropic",
                                "claude-sonnet-4",
                                2,
                                0,
                                300,
                                200,
                                4200));
    }

    @Test
    void routeRowsDeriveRatesAndCostPerCall() {
        List<RouteRow> rows = ReportAssembly.routeRows(List.of(
                stats("coding", "openai", "gpt-4o", 4, 3, 0.8, 12, 4000),
                stats("chat", "openai", "gpt-4o-mini", 10, 10, 0.6, 0, 500),
                stats("chat", "ollama", "llama3", 0, 0, 0.5, 0, 0)));

        assertThat(rows)
                .containsExactly(
                        new RouteRow("chat", "openai", "gpt-4o-mini", 10, 1.0, 0.6, "prior", 50, 400, 1200),
                        new RouteRow("coding", "openai", "gpt-4o", 4, 0.75, 0.8, "12 ratings", 1000, 400, 1200));
    }

    @Test
    void laneSharesCountOnlyTheMonthsDecisions() {
        ReportAssembly.LaneCounter lanes = new ReportAssembly.LaneCounter(MARCH);
        lanes.add("chat", "openai", "gpt-4o-mini", Instant.parse("2025-03-01T00:00:00Z"));
        lanes.add("chat", "openai", "gpt-4o-mini", Instant.parse("2025-03-31T23:59:59Z"));
        lanes.add("chat", "anthropic", "claude-haiku", Instant.parse("2025-03-15T12:00:00Z"));
        lanes.add("chat", "openai", "gpt-4o-mini", Instant.parse("2025-04-01T00:00:00Z"));
        lanes.add("chat", "openai", "gpt-4o-mini", Instant.parse("2025-02-28T23:59:59Z"));
        lanes.add("coding", "openai", "gpt-4o", Instant.parse("2025-03-05T00:00:00Z"));

        assertThat(lanes.rows())
                .containsExactly(
                        new LaneShareRow("chat", "openai", "gpt-4o-mini", 2),
                        new LaneShareRow("chat", "anthropic", "claude-haiku", 1),
                        new LaneShareRow("coding", "openai", "gpt-4o", 1));
    }

    @Test
    void assemblesAMonthFromEveryInputAndRenders() {
        ReportAssembly.LaneCounter lanes = new ReportAssembly.LaneCounter(MARCH);
        lanes.add("chat", "openai", "gpt-4o-mini", Instant.parse("2025-03-03T00:00:00Z"));
        Instant now = Instant.parse("2025-04-01T08:00:00Z");

        ReportData data = ReportAssembly.assemble(
                MARCH,
                now,
                List.of(ACME, GLOBEX),
                List.of(stats("chat", "openai", "gpt-4o-mini", 10, 9, 0.7, 3, 1500)),
                lanes);

        assertThat(data.period()).isEqualTo("2025-03-01 to 2025-03-31");
        assertThat(data.generatedAt()).isEqualTo(now);
        assertThat(data.spend())
                .extracting(SpendRow::day, SpendRow::tenant, SpendRow::model)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(LocalDate.of(2025, 3, 1), "acme", "claude-sonnet-4"),
                        org.assertj.core.groups.Tuple.tuple(LocalDate.of(2025, 3, 1), "globex", "gpt-4o-mini"),
                        org.assertj.core.groups.Tuple.tuple(LocalDate.of(2025, 3, 2), "acme", "gpt-4o-mini"));
        assertThat(ReportAssembly.totalMicros(data)).isEqualTo(1_005_701);
        assertThat(ReportAssembly.dollars(ReportAssembly.totalMicros(data))).isEqualTo("$1.005701");
        assertThat(data.routes()).hasSize(1);
        assertThat(data.laneShares()).containsExactly(new LaneShareRow("chat", "openai", "gpt-4o-mini", 1));
        assertThat(HtmlReport.render(data)).contains("<svg").contains("globex");
    }

    @Test
    void rejectsAnswersThatAreNotUsageJson() {
        assertThatThrownBy(() -> ReportAssembly.spendRows("<html>"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not JSON");
        assertThatThrownBy(() -> ReportAssembly.spendRows("{\"error\":\"x\"}"))
                .hasMessageContaining("'tenant' and 'rows'");
    }
}
