package dev.routeplane.ledger;

import java.util.List;

/**
 * A tenant's usage within one batch job, ordered by provider and model.
 *
 * @param tenantId the tenant
 * @param batchId the batch, as given on the requests
 * @param rows one row per provider × model used by the batch
 * @param total sum of the rows
 */
public record BatchUsage(String tenantId, String batchId, List<Row> rows, UsageTotals total) {
    public BatchUsage {
        rows = List.copyOf(rows);
    }

    /** Usage of one model within the batch. */
    public record Row(String provider, String model, UsageTotals totals) {}
}
