package dev.routeplane.ledger;

/**
 * Which amount the ledger bills for one provider call.
 *
 * <p>A {@code CostEvent}'s {@code costMicros} is what the provider charged for the call: the executor
 * computes it from the provider's reported usage with the price book in force at the call's time and
 * {@link dev.routeplane.schemas.Money#costMicros} (per-call HALF_UP rounding), or takes the provider's own
 * reported cost where there is one (the simulator's replay mode bills recorded per-call USD costs). Under
 * either rule the ledger also re-prices every call from the price book at the event's {@code at} and counts
 * a <em>price mismatch</em> (metric {@code price-mismatch-total}, a WARN log naming the event, model and
 * both amounts, never prompt text, and a per-row mismatch count) whenever the two differ.
 */
public enum BillingRule {
    /**
     * Bill the event's {@code costMicros}; re-pricing is only a check. The default: the ledger's totals then
     * equal the provider's invoice to the micro-dollar whatever the provider's pricing source, which is the
     * guarantee users rely on (and what the simulator's invoice is tested against in both synthetic and
     * replay modes).
     */
    RECORDED,
    /**
     * Bill the price book's amount at the event's {@code at}; fall back to the event's {@code costMicros}
     * when the model has no price in force (an unknown model, or replayed recorded costs). For operators
     * who treat their price book, not the executor, as the authority.
     */
    PRICE_BOOK
}
