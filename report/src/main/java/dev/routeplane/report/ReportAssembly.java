package dev.routeplane.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.routeplane.contract.RouteStats;
import dev.routeplane.contract.RoutingDecision;
import dev.routeplane.report.ReportData.LaneShareRow;
import dev.routeplane.report.ReportData.RouteRow;
import dev.routeplane.report.ReportData.SpendRow;
import java.io.IOException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Turns what `ledger report` reads (the ledger's usage JSON, route statistics, routing decisions) into
 * {@link ReportData}. Pure functions and a plain counter: no I/O, so the same inputs give the same report.
 */
public final class ReportAssembly {
    private static final ObjectMapper JSON = new ObjectMapper();

    private ReportAssembly() {}

    /**
     * Spend rows from one answer of {@code GET /v1/ledger/usage?tenant=T&month=M}.
     *
     * @throws IllegalArgumentException if the body is not the ledger's usage JSON
     */
    public static List<SpendRow> spendRows(String usageJson) {
        JsonNode root;
        try {
            root = JSON.readTree(usageJson);
        } catch (IOException e) {
            throw new IllegalArgumentException("the ledger's usage answer is not JSON: " + e.getMessage(), e);
        }
        if (root == null
                || !root.path("tenant").isTextual()
                || !root.path("rows").isArray()) {
            throw new IllegalArgumentException("the ledger's usage answer has no 'tenant' and 'rows'");
        }
        String tenant = root.get("tenant").asText();
        List<SpendRow> rows = new ArrayList<>();
        for (JsonNode row : root.get("rows")) {
            rows.add(new SpendRow(
                    LocalDate.parse(text(row, "day")),
                    tenant,
                    text(row, "provider"),
                    text(row, "model"),
                    row.path("calls").asLong(),
                    row.path("failures").asLong(),
                    row.path("inputTokens").asLong(),
                    row.path("outputTokens").asLong(),
                    row.path("costMicros").asLong(),
                    // Absent from ledgers that predate provider batches: all their spend was synchronous.
                    row.path("providerBatchCostMicros").asLong(0)));
        }
        return rows;
    }

    private static String text(JsonNode row, String field) {
        JsonNode value = row.get(field);
        if (value == null || !value.isTextual()) {
            throw new IllegalArgumentException("a usage row has no '" + field + "': " + row);
        }
        return value.asText();
    }

    /** One route row per route-stats record; routes without calls are left out. */
    public static List<RouteRow> routeRows(Collection<RouteStats> stats) {
        return stats.stream()
                .filter(s -> s.getCalls() > 0)
                .map(s -> new RouteRow(
                        s.getLane(),
                        s.getProvider(),
                        s.getModel(),
                        s.getCalls(),
                        (double) s.getSuccesses() / s.getCalls(),
                        s.getQualityEstimate(),
                        s.getQualityEvidence() > 0
                                ? s.getQualityEvidence() + (s.getQualityEvidence() == 1 ? " rating" : " ratings")
                                : "prior",
                        s.getTotalCostMicros() / s.getCalls(),
                        s.getLatencyP50Ms(),
                        s.getLatencyP95Ms()))
                .sorted(Comparator.comparing(RouteRow::lane)
                        .thenComparing(RouteRow::provider)
                        .thenComparing(RouteRow::model))
                .toList();
    }

    /** Routing decisions of one month (UTC) counted per lane × provider × model. */
    public static final class LaneCounter {
        private final YearMonth month;
        private final Map<List<String>, Long> counts =
                new TreeMap<>(Comparator.<List<String>, String>comparing(k -> k.get(0))
                        .thenComparing(k -> k.get(1))
                        .thenComparing(k -> k.get(2)));

        public LaneCounter(YearMonth month) {
            this.month = month;
        }

        public void add(RoutingDecision decision) {
            add(
                    decision.getLane(),
                    decision.getRoute().getProvider(),
                    decision.getRoute().getModel(),
                    decision.getDecidedAt());
        }

        /** Counts the decision if it was made in the month. */
        public void add(String lane, String provider, String model, Instant decidedAt) {
            if (YearMonth.from(decidedAt.atZone(ZoneOffset.UTC)).equals(month)) {
                counts.merge(List.of(lane, provider, model), 1L, Long::sum);
            }
        }

        /** Per lane, the routes by descending count. */
        public List<LaneShareRow> rows() {
            return counts.entrySet().stream()
                    .map(e -> new LaneShareRow(
                            e.getKey().get(0), e.getKey().get(1), e.getKey().get(2), e.getValue()))
                    .sorted(Comparator.comparing(LaneShareRow::lane)
                            .thenComparing(Comparator.comparingLong(LaneShareRow::calls)
                                    .reversed())
                            .thenComparing(LaneShareRow::provider)
                            .thenComparing(LaneShareRow::model))
                    .toList();
        }
    }

    /** The whole report for a month. */
    public static ReportData assemble(
            YearMonth month,
            Instant generatedAt,
            List<String> usageJsons,
            Collection<RouteStats> routeStats,
            LaneCounter laneShares) {
        List<SpendRow> spend = new ArrayList<>();
        for (String json : usageJsons) {
            spend.addAll(spendRows(json));
        }
        spend.sort(Comparator.comparing(SpendRow::day)
                .thenComparing(SpendRow::tenant)
                .thenComparing(SpendRow::provider)
                .thenComparing(SpendRow::model));
        return new ReportData(
                "Routeplane ledger report " + month,
                month.atDay(1) + " to " + month.atEndOfMonth(),
                generatedAt,
                spend,
                routeRows(routeStats),
                laneShares.rows());
    }

    /** Total spend in micro-dollars. */
    public static long totalMicros(ReportData data) {
        return data.spend().stream().mapToLong(SpendRow::costMicros).sum();
    }

    /** Exact dollars with six places, as the ledger prints them. */
    public static String dollars(long micros) {
        return (micros < 0 ? "-" : "") + "$" + Math.abs(micros) / 1_000_000 + "."
                + String.format("%06d", Math.abs(micros) % 1_000_000);
    }
}
