package dev.routeplane.executors.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.BooleanSupplier;

/**
 * The acquisition lock a share consumer holds on one delivered record. Only while it is held may the worker publish
 * the record's outcome: once it lapses the broker may hand the record to another worker, which then owns the verdict.
 *
 * <p>Time comes from the worker's clock. A clock that moves backwards past the acquisition counts as a lapsed lock: a
 * lease must never look held for longer than it was granted, and a wrongly lapsed one only costs a redelivery (which
 * the done markers turn into an acknowledgement without a second call). Thread-safe.
 */
public final class Lease {
    private final Clock clock;
    private final Instant acquired;
    private final Instant expires;
    private final BooleanSupplier consumerOpen;

    /**
     * @param acquired     when the record was delivered
     * @param valid        the lock duration less the safety margin the outcome needs to be published
     * @param consumerOpen whether the consumer holding the lock is still open and acknowledging
     */
    public Lease(Clock clock, Instant acquired, Duration valid, BooleanSupplier consumerOpen) {
        this.clock = clock;
        this.acquired = acquired;
        this.expires = acquired.plus(valid.isNegative() ? Duration.ZERO : valid);
        this.consumerOpen = consumerOpen;
    }

    /** Whether the lock is still held with a safety margin, and the consumer is still open. */
    public boolean held() {
        Instant now = clock.instant();
        return consumerOpen.getAsBoolean() && !now.isBefore(acquired) && now.isBefore(expires);
    }

    /** When the lock (minus the margin) runs out; calls are cut off by then. */
    public Instant expiresAt() {
        return expires;
    }
}
