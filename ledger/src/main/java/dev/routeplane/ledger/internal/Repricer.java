package dev.routeplane.ledger.internal;

import dev.routeplane.config.ModelPrice;
import dev.routeplane.config.PriceBook;
import dev.routeplane.config.PriceNotFoundException;
import dev.routeplane.contract.CostEvent;
import dev.routeplane.contract.ExecutionMode;
import dev.routeplane.ledger.BillingRule;
import dev.routeplane.schemas.Money;

/** Applies the {@link BillingRule}: decides the billed amount of a call and whether the price book agrees. */
public final class Repricer {
    private final PriceBook priceBook;
    private final BillingRule rule;

    public Repricer(PriceBook priceBook, BillingRule rule) {
        this.priceBook = priceBook;
        this.rule = rule;
    }

    /**
     * @param billedMicros the amount to bill
     * @param listMicros the price book's amount at the call's time, or null when no price is in force
     * @param mismatch whether a price-book amount exists and differs from the recorded one
     */
    public record Priced(long billedMicros, Long listMicros, boolean mismatch) {}

    public Priced price(CostEvent event) {
        Long list = listPrice(event);
        long recorded = event.getCostMicros();
        boolean mismatch = list != null && list != recorded;
        long billed = rule == BillingRule.PRICE_BOOK && list != null ? list : recorded;
        return new Priced(billed, list, mismatch);
    }

    private Long listPrice(CostEvent event) {
        try {
            // A provider-batch line is priced at the model's batch price in force at the call.
            ModelPrice price = priceBook
                    .priceAt(event.getModel(), event.getAt())
                    .forMode(event.getExecutionMode() == ExecutionMode.PROVIDER_BATCH);
            return Money.costMicros(
                    event.getInputTokens(),
                    event.getOutputTokens(),
                    price.inputMicrosPerMillion(),
                    price.outputMicrosPerMillion());
        } catch (PriceNotFoundException unknownModel) {
            return null;
        }
    }
}
