package dev.routeplane.ledger.internal;

import dev.routeplane.contract.CallIntent;
import dev.routeplane.contract.CostEvent;

/**
 * What the ledger keeps of a call's intent until a cost event closes it (in a state store, {@link StateSerde}), or, with
 * {@code closed}, the mark of a close that arrived before its intent.
 *
 * @param seenAtMillis wall-clock time the ledger first saw it (a close mark is forgotten some time after)
 */
public record OpenCall(
        String callId,
        boolean closed,
        String requestId,
        String tenantId,
        String batchId,
        String lane,
        String provider,
        String model,
        String keyProfile,
        String clientRequestId,
        int inputTokens,
        int maxOutputTokens,
        long worstCaseCostMicros,
        long atMillis,
        long callDeadlineMillis,
        long seenAtMillis) {

    /** An intent that opens a call, or (closedBy set) closes one that failed unbilled. */
    public static OpenCall of(CallIntent i, long seenAtMillis) {
        if (i.getClosedBy() != null) {
            return closed(i.getCallId(), seenAtMillis);
        }
        return new OpenCall(
                i.getCallId(),
                false,
                i.getRequestId(),
                i.getTenantId(),
                i.getBatchId(),
                i.getLane(),
                i.getProvider(),
                i.getModel(),
                i.getKeyProfile(),
                i.getClientRequestId(),
                i.getInputTokens(),
                i.getMaxOutputTokens(),
                i.getWorstCaseCostMicros(),
                i.getAt().toEpochMilli(),
                i.getCallDeadline().toEpochMilli(),
                seenAtMillis);
    }

    /** The close a cost event of a call made under an intent carries; null for an event without one. */
    public static OpenCall closing(CostEvent e, long seenAtMillis) {
        return e.getCallId() == null ? null : closed(e.getCallId(), seenAtMillis);
    }

    static OpenCall closed(String callId, long seenAtMillis) {
        return new OpenCall(callId, true, null, null, null, null, null, null, null, null, 0, 0, 0, 0, 0, seenAtMillis);
    }
}
