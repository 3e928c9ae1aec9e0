package dev.routeplane.simulator;

import java.time.Instant;

/**
 * One billed call.
 *
 * @param callId         the response id the client received ({@code chatcmpl-…} or {@code msg_…})
 * @param provider       simulated provider id
 * @param model          model id as requested
 * @param keyFingerprint first 8 hex digits of SHA-256 of the API key; the key itself is never kept
 * @param inputTokens    billed input tokens (the response's usage)
 * @param outputTokens   billed output tokens (the response's usage)
 * @param costMicros     billed cost in micro-dollars
 * @param at             when the response was sent (for a batch line: when the line finished)
 * @param clientRequestId the caller's {@code X-Client-Request-Id} header (its own id for the request), or null;
 *                       for a batch line, the line's {@code custom_id}
 * @param batchId        the provider batch the call was part of ({@code batch_…} or {@code msgbatch_…}), billed at
 *                       the model's batch prices; null for a synchronous call
 */
public record InvoiceLine(
        String callId,
        String provider,
        String model,
        String keyFingerprint,
        long inputTokens,
        long outputTokens,
        long costMicros,
        Instant at,
        String clientRequestId,
        String batchId) {

    /** Whether the call was served through the batch API. */
    public boolean batch() {
        return batchId != null;
    }
}
