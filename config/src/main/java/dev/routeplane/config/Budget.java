package dev.routeplane.config;

import java.util.Objects;

/**
 * A tenant's spending limit per period. Written in YAML as {@code limitUsd} (decimal USD), held as integer
 * micro-dollars so reservations and settlements add up exactly.
 *
 * @param period      when it resets (UTC)
 * @param limitMicros the limit in micro-dollars, &gt; 0
 */
public record Budget(BudgetPeriod period, long limitMicros) {
    public Budget {
        Objects.requireNonNull(period, "period");
    }
}
