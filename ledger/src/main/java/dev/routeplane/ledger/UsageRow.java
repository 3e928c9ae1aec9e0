package dev.routeplane.ledger;

import java.time.LocalDate;

/**
 * One tenant's usage of one model on one UTC day.
 *
 * @param day UTC day the calls completed on (the CostEvent's {@code at})
 * @param provider provider id, as in config
 * @param model model id, as in the CostEvent
 * @param totals sums over those calls
 */
public record UsageRow(LocalDate day, String provider, String model, UsageTotals totals) {}
