package dev.routeplane.schemas;

import org.apache.kafka.common.errors.RetriableException;

/**
 * Tells a failure that may pass on its own (the schema registry or the broker unreachable for a while) from one that
 * is a property of the input (bytes that are not a record). Transient failures are retried, never treated as poison:
 * one definition for every service, so none of them dead-letters a record for an outage.
 */
public final class TransientFailures {
    private TransientFailures() {}

    /** True if {@code e} or any of its causes may succeed when retried later. */
    public static boolean isTransient(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof UndecodableRecordException u && u.kind().retriable()) {
                return true;
            }
            if (t instanceof AvroPayloadException a && a.kind().retriable()) {
                return true;
            }
            if (t instanceof SchemaRegistryException s && s.isRetriable()) {
                return true;
            }
            if (t instanceof RetriableException) {
                return true;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return false;
    }
}
