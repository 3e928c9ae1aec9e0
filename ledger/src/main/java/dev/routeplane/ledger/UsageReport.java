package dev.routeplane.ledger;

import java.time.LocalDate;
import java.util.List;

/**
 * A tenant's usage over a range of UTC days, ordered by day, provider, model.
 *
 * @param tenantId the tenant
 * @param from first day, inclusive
 * @param to last day, inclusive
 * @param rows one row per day × provider × model with at least one call
 * @param total sum of the rows
 */
public record UsageReport(String tenantId, LocalDate from, LocalDate to, List<UsageRow> rows, UsageTotals total) {
    public UsageReport {
        rows = List.copyOf(rows);
    }
}
