package dev.routeplane.report;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Objects;

/**
 * Everything {@link HtmlReport} draws, filled from the ledger's queries. Plain values only: the renderer
 * does no I/O and no Kafka, so the same data always gives the same page.
 *
 * @param title page title, e.g. "Routeplane ledger report"
 * @param period the period covered, as shown to the reader, e.g. "2025-03-01 to 2025-03-07"
 * @param generatedAt when the data was read
 * @param spend billing aggregates, one row per day × tenant × provider × model
 * @param routes learned route statistics, one row per lane × provider × model
 * @param laneShares routing decisions counted per lane × provider × model
 */
public record ReportData(
        String title,
        String period,
        Instant generatedAt,
        List<SpendRow> spend,
        List<RouteRow> routes,
        List<LaneShareRow> laneShares) {

    public ReportData {
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(period, "period");
        Objects.requireNonNull(generatedAt, "generatedAt");
        spend = List.copyOf(spend);
        routes = List.copyOf(routes);
        laneShares = List.copyOf(laneShares);
    }

    /**
     * One billing aggregate.
     *
     * @param costMicros exact cost in micro-dollars, as in the ledger
     * @param providerBatchCostMicros the part of {@code costMicros} spent on provider-batch lines (batch price)
     */
    public record SpendRow(
            LocalDate day,
            String tenant,
            String provider,
            String model,
            long calls,
            long failures,
            long inputTokens,
            long outputTokens,
            long costMicros,
            long providerBatchCostMicros) {

        /** A row of synchronous spend only. */
        public SpendRow(
                LocalDate day,
                String tenant,
                String provider,
                String model,
                long calls,
                long failures,
                long inputTokens,
                long outputTokens,
                long costMicros) {
            this(day, tenant, provider, model, calls, failures, inputTokens, outputTokens, costMicros, 0);
        }

        public SpendRow {
            Objects.requireNonNull(day, "day");
            Objects.requireNonNull(tenant, "tenant");
            Objects.requireNonNull(provider, "provider");
            Objects.requireNonNull(model, "model");
        }
    }

    /**
     * Measured outcome of one route.
     *
     * @param successRate share of calls that succeeded, 0..1
     * @param qualityEstimate estimated answer quality, 0..1, or null while there is no evidence
     * @param qualityEvidence where the estimate comes from, e.g. "312 ratings" or "prior"
     * @param costMicrosPerCall mean cost of a call in micro-dollars
     * @param p50Ms median provider latency in milliseconds
     * @param p95Ms 95th-percentile provider latency in milliseconds
     */
    public record RouteRow(
            String lane,
            String provider,
            String model,
            long calls,
            double successRate,
            Double qualityEstimate,
            String qualityEvidence,
            long costMicrosPerCall,
            long p50Ms,
            long p95Ms) {
        public RouteRow {
            Objects.requireNonNull(lane, "lane");
            Objects.requireNonNull(provider, "provider");
            Objects.requireNonNull(model, "model");
        }
    }

    /** How many requests a lane routed to one provider and model. */
    public record LaneShareRow(String lane, String provider, String model, long calls) {
        public LaneShareRow {
            Objects.requireNonNull(lane, "lane");
            Objects.requireNonNull(provider, "provider");
            Objects.requireNonNull(model, "model");
        }
    }
}
