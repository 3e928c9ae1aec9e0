package dev.routeplane.router;

import java.util.Objects;

/**
 * Worst-case cost reserved for one routed request until its terminal result arrives.
 *
 * @param period the budget period the reservation counts in
 * @param micros the reserved amount
 */
public record Reservation(String period, long micros) {

    public Reservation {
        Objects.requireNonNull(period, "period");
    }
}
