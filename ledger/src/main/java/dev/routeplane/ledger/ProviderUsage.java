package dev.routeplane.ledger;

import java.time.Instant;
import java.util.Objects;

/**
 * One call as the provider billed it.
 *
 * @param responseId the provider's id of the answer (what the executor's cost event is named by, so a settled call and
 *     a late cost event of the same call are one call to the ledger)
 * @param inputTokens billed input tokens
 * @param outputTokens billed output tokens
 * @param costMicros what the provider charged, in micro-dollars
 * @param at when the provider answered
 */
public record ProviderUsage(String responseId, int inputTokens, int outputTokens, long costMicros, Instant at) {
    public ProviderUsage {
        Objects.requireNonNull(responseId, "responseId");
        Objects.requireNonNull(at, "at");
    }
}
