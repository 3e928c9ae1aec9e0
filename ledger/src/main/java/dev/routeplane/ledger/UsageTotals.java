package dev.routeplane.ledger;

/**
 * Sums over a set of provider calls. Money is exact: integer micro-dollars.
 *
 * @param calls provider calls made
 * @param failures calls whose outcome was not {@code SUCCEEDED}
 * @param inputTokens input tokens billed
 * @param outputTokens output tokens billed
 * @param costMicros billed cost in micro-dollars (see {@link BillingRule})
 * @param priceMismatches calls whose recorded cost differed from the price book's re-pricing
 * @param providerBatchCalls the calls made as lines of provider batches (a part of {@code calls})
 * @param providerBatchCostMicros their billed cost, at the batch price (a part of {@code costMicros}); the rest of
 *     {@code costMicros} is synchronous spend
 */
public record UsageTotals(
        long calls,
        long failures,
        long inputTokens,
        long outputTokens,
        long costMicros,
        long priceMismatches,
        long providerBatchCalls,
        long providerBatchCostMicros) {

    /** No calls. */
    public static final UsageTotals ZERO = new UsageTotals(0, 0, 0, 0, 0, 0, 0, 0);

    /** Totals of synchronous calls only. */
    public UsageTotals(
            long calls, long failures, long inputTokens, long outputTokens, long costMicros, long priceMismatches) {
        this(calls, failures, inputTokens, outputTokens, costMicros, priceMismatches, 0, 0);
    }

    /** The part of {@link #costMicros()} spent on synchronous calls. */
    public long synchronousCostMicros() {
        return costMicros - providerBatchCostMicros;
    }

    /** The element-wise sum; money is added exactly and overflow fails rather than wraps. */
    public UsageTotals plus(UsageTotals other) {
        return new UsageTotals(
                Math.addExact(calls, other.calls),
                Math.addExact(failures, other.failures),
                Math.addExact(inputTokens, other.inputTokens),
                Math.addExact(outputTokens, other.outputTokens),
                Math.addExact(costMicros, other.costMicros),
                Math.addExact(priceMismatches, other.priceMismatches),
                Math.addExact(providerBatchCalls, other.providerBatchCalls),
                Math.addExact(providerBatchCostMicros, other.providerBatchCostMicros));
    }
}
