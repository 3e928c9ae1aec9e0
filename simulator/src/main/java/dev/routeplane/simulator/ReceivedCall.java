package dev.routeplane.simulator;

import java.time.Instant;

/**
 * One call as the simulator received it, answered or not: which provider it reached and for which of the caller's
 * requests. What a reconciliation checks tenant policy against (a call that reached an excluded provider is a
 * violation even if it was refused or failed).
 *
 * @param provider        the simulated provider the call reached
 * @param clientRequestId the caller's {@code X-Client-Request-Id} header, or null when it sent none
 * @param at              when the call arrived
 */
public record ReceivedCall(String provider, String clientRequestId, Instant at) {}
