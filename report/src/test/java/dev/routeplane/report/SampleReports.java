package dev.routeplane.report;

import dev.routeplane.report.ReportData.LaneShareRow;
import dev.routeplane.report.ReportData.RouteRow;
import dev.routeplane.report.ReportData.SpendRow;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/** A week of realistic ledger data for the report tests and the sample page. */
final class SampleReports {
    private SampleReports() {}

    static ReportData week() {
        String[][] models = {
            {"openai", "gpt-4o", "2100000"},
            {"openai", "gpt-4o-mini", "95000"},
            {"anthropic", "claude-sonnet-4", "2600000"},
            {"mistral", "mistral-large", "900000"},
            {"vllm", "llama-3-1-70b", "40000"},
            {"local", "llama-3-1-8b-local", "0"}
        };
        List<SpendRow> spend = new ArrayList<>();
        LocalDate start = LocalDate.of(2025, 3, 1);
        for (int day = 0; day < 7; day++) {
            for (String tenant : List.of("acme", "globex")) {
                for (int m = 0; m < models.length; m++) {
                    long calls = 200 + 37L * ((day + 3) * (m + 1) % 11) + (tenant.equals("acme") ? 120 : 0);
                    long perCall = Long.parseLong(models[m][2]) / 100;
                    spend.add(new SpendRow(
                            start.plusDays(day),
                            tenant,
                            models[m][0],
                            models[m][1],
                            calls,
                            calls / 50,
                            calls * 900,
                            calls * 250,
                            calls * perCall + day * 13));
                }
            }
        }
        List<RouteRow> routes = List.of(
                new RouteRow(
                        "code",
                        "anthropic",
                        "claude-sonnet-4",
                        1_840,
                        0.994,
                        0.91,
                        "412 ratings",
                        26_004,
                        2_300,
                        6_100),
                new RouteRow("code", "vllm", "llama-3-1-70b", 2_950, 0.981, 0.74, "380 eval labels", 402, 1_100, 3_900),
                new RouteRow(
                        "extraction",
                        "openai",
                        "gpt-4o-mini",
                        6_210,
                        0.997,
                        0.83,
                        "1,204 eval labels",
                        951,
                        640,
                        1_450),
                new RouteRow(
                        "extraction",
                        "local",
                        "llama-3-1-8b-local",
                        700,
                        0.962,
                        0.61,
                        "shadow, 98 labels",
                        0,
                        380,
                        1_900),
                new RouteRow("summarization", "openai", "gpt-4o-mini", 3_120, 0.996, 0.8, "prior", 1_210, 900, 2_100),
                new RouteRow(
                        "translation",
                        "mistral",
                        "mistral-large",
                        1_410,
                        0.99,
                        0.86,
                        "211 ratings",
                        9_030,
                        1_500,
                        3_300),
                new RouteRow("general", "openai", "gpt-4o", 2_020, 0.989, 0.88, "530 ratings", 21_050, 1_800, 4_700),
                new RouteRow("general", "mistral", "mistral-small", 120, 0.97, null, "none yet", 310, 700, 1_600));
        List<LaneShareRow> shares = List.of(
                new LaneShareRow("extraction", "openai", "gpt-4o-mini", 6_210),
                new LaneShareRow("extraction", "local", "llama-3-1-8b-local", 700),
                new LaneShareRow("summarization", "openai", "gpt-4o-mini", 3_120),
                new LaneShareRow("code", "vllm", "llama-3-1-70b", 2_950),
                new LaneShareRow("code", "anthropic", "claude-sonnet-4", 1_840),
                new LaneShareRow("general", "openai", "gpt-4o", 2_020),
                new LaneShareRow("general", "mistral", "mistral-small", 120),
                new LaneShareRow("translation", "mistral", "mistral-large", 1_410));
        return new ReportData(
                "Routeplane ledger report",
                "2025-03-01 to 2025-03-07",
                Instant.parse("2025-03-08T06:00:00Z"),
                spend,
                routes,
                shares);
    }
}
