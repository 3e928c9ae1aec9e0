package dev.routeplane.executors.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.BooleanSupplier;

/**
 * The acquisition lock a share consumer holds on one delivered record. Only while it is held may the worker publish
 * the record's outcome: once it lapses the broker may hand the record to another worker, which then owns the verdict.
 *
 * <p>A renewing lease is one whose lane renews the lock while the task runs ({@code AcknowledgeType.RENEW}, KIP-1222):
 * each renewal the broker confirms moves the expiry to {@code sentAt + valid}, measured from when the renewal was sent
 * (the broker restarts the lock when it receives it, never earlier), so the lease never looks held longer than the
 * broker holds the lock. A call under a renewing lease is bounded by the request's deadline alone; if a renewal is
 * refused or lost the lease lapses at its last expiry and the outcome is not published.
 *
 * <p>Time comes from the worker's clock. A clock that moves backwards past the acquisition counts as a lapsed lock: a
 * lease must never look held for longer than it was granted, and a wrongly lapsed one only costs a redelivery (which
 * the done markers turn into an acknowledgement without a second call). Thread-safe.
 */
public final class Lease {
    private final Clock clock;
    private final Instant acquired;
    private final Duration valid;
    private final boolean renews;
    private final BooleanSupplier consumerOpen;
    private volatile Instant base;
    private volatile Instant expires;

    /** A lease that is not renewed: it expires {@code valid} after {@code acquired}. */
    public Lease(Clock clock, Instant acquired, Duration valid, BooleanSupplier consumerOpen) {
        this(clock, acquired, valid, false, consumerOpen);
    }

    /**
     * @param acquired     when the record was delivered
     * @param valid        the lock duration less the safety margin the outcome needs to be published
     * @param renews       whether the holder renews the lock while the task runs
     * @param consumerOpen whether the consumer holding the lock is still open and acknowledging
     */
    public Lease(Clock clock, Instant acquired, Duration valid, boolean renews, BooleanSupplier consumerOpen) {
        this.clock = clock;
        this.acquired = acquired;
        this.valid = valid.isNegative() ? Duration.ZERO : valid;
        this.renews = renews;
        this.consumerOpen = consumerOpen;
        this.base = acquired;
        this.expires = acquired.plus(this.valid);
    }

    /** Whether the lock is still held with a safety margin, and the consumer is still open. */
    public boolean held() {
        Instant now = clock.instant();
        return consumerOpen.getAsBoolean() && !now.isBefore(acquired) && now.isBefore(expires);
    }

    /** When the lock (minus the margin) runs out unless renewed. */
    public Instant expiresAt() {
        return expires;
    }

    /** Whether the lock is renewed while the task runs, so a call need not end before {@link #expiresAt()}. */
    public boolean renews() {
        return renews;
    }

    /** When a renewing holder should renew: halfway through the validity, leaving the other half for the round trip. */
    Instant renewAt() {
        return base.plus(valid.dividedBy(2));
    }

    /** The broker confirmed a renewal sent at {@code sentAt}: the lock runs from then. */
    void renewed(Instant sentAt) {
        Instant next = sentAt.plus(valid);
        if (next.isAfter(expires)) {
            base = sentAt;
            expires = next;
        }
    }
}
