package dev.routeplane.config;

import java.time.LocalDate;
import java.util.Objects;

/**
 * A model's list price from a date on, in integer micro-dollars (USD × 10^6) per million tokens, so that
 * billing sums are exact. $2.50 per million input tokens is {@code inputMicrosPerMillion = 2_500_000}.
 *
 * @param effectiveFrom          first UTC day this price applies (from 00:00:00Z)
 * @param inputMicrosPerMillion  price of one million input tokens, ≥ 0
 * @param outputMicrosPerMillion price of one million output tokens, ≥ 0
 */
public record ModelPrice(LocalDate effectiveFrom, long inputMicrosPerMillion, long outputMicrosPerMillion) {
    public ModelPrice {
        Objects.requireNonNull(effectiveFrom, "effectiveFrom");
        if (inputMicrosPerMillion < 0 || outputMicrosPerMillion < 0) {
            throw new IllegalArgumentException("prices cannot be negative");
        }
    }
}
