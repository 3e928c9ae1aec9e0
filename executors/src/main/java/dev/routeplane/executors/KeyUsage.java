package dev.routeplane.executors;

import dev.routeplane.config.KeyProfile;
import dev.routeplane.config.LatencyClass;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;

/**
 * One key profile of a worker as its limiters, bulkhead and breaker stand at one instant: what a benchmark, a status
 * line or a test reads of a key without reaching into the worker.
 *
 * @param name                {@code <provider>/<profile>}
 * @param limits              the key's configured limits (rpm, tpm, maxInFlight) as routeplane.yaml declares them
 * @param requestsLastMinute  requests the key booked from its limiter in the 60 s up to the instant
 * @param tokensLastMinute    tokens it booked in those 60 s
 * @param bookedRequests      requests it booked since the worker started
 * @param inFlight            calls holding one of its {@code maxInFlight} slots
 * @param waitingForSlot      calls waiting for a slot
 * @param circuit             its circuit breaker's state
 * @param failedCalls         calls its breaker counts as failed in its window
 * @param notPermittedCalls   calls its open breaker refused in its window
 */
public record KeyUsage(
        String name,
        KeyProfile limits,
        long requestsLastMinute,
        long tokensLastMinute,
        long bookedRequests,
        int inFlight,
        int waitingForSlot,
        CircuitBreaker.State circuit,
        long failedCalls,
        long notPermittedCalls) {

    /** Whether calls of this class may use the key ({@code latencyClasses} in routeplane.yaml). */
    public boolean serves(LatencyClass latencyClass) {
        return limits.serves(latencyClass);
    }
}
