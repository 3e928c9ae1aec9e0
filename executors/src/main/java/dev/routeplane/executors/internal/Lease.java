package dev.routeplane.executors.internal;

import java.time.Instant;

/**
 * The acquisition lock a share consumer holds on one delivered record. Only while it is held may the worker publish
 * the record's outcome: once it lapses the broker may hand the record to another worker, which then owns the verdict.
 */
public interface Lease {
    /** Whether the lock is still held with a safety margin, and the consumer is still open. */
    boolean held();

    /** When the lock (minus the margin) runs out; calls are cut off by then. */
    Instant expiresAt();
}
