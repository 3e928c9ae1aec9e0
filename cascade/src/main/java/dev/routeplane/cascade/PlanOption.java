package dev.routeplane.cascade;

import java.util.Objects;

/**
 * One eligible single route a cascade may use as a cheap stage or as its escalation, with the selector's estimates.
 *
 * @param model              the configured model id
 * @param alias              the alias it was resolved through, or null (a lane's cascade pool may name either)
 * @param quality            estimated chance that it answers this request well, 0..1
 * @param expectedCostMicros expected cost of one call
 * @param worstCaseMicros    what one call may cost at most: input tokens and the output cap at its prices
 */
public record PlanOption(String model, String alias, double quality, long expectedCostMicros, long worstCaseMicros) {
    public PlanOption {
        Objects.requireNonNull(model, "model");
    }
}
