package dev.routeplane.executors;

import java.util.Objects;

/**
 * Where a provider batch stands, in terms common to both batch APIs.
 *
 * @param batchId        the provider's id ({@code batch_…}, {@code msgbatch_…})
 * @param state          normalised state
 * @param providerStatus the provider's own status word ({@code in_progress}, {@code ended}, …)
 * @param total          requests in the batch
 * @param succeeded      requests answered so far
 * @param failed         requests refused, expired or cancelled so far
 * @param detail         why a failed batch failed (the provider's validation errors), else empty
 * @param resultsRef     where the results are read from once ended: OpenAI's output and error file ids
 *                       ({@code "output,error"}, either may be empty), Anthropic's results URL; empty before
 */
public record ProviderBatchStatus(
        String batchId,
        State state,
        String providerStatus,
        int total,
        int succeeded,
        int failed,
        String detail,
        String resultsRef) {

    /** Normalised batch states. */
    public enum State {
        /** Accepted, validating or running. */
        IN_PROGRESS,
        /** Cancel asked; lines may still finish. */
        CANCELLING,
        /** Every line finished (some may have been refused). */
        COMPLETED,
        /** The whole batch was refused (e.g. validation); no line ran. */
        FAILED,
        /** The completion window passed; the finished lines are returned, the others did not run. */
        EXPIRED,
        /** Cancelled; the finished lines are returned, the others did not run. */
        CANCELLED;

        public boolean ended() {
            return this == COMPLETED || this == FAILED || this == EXPIRED || this == CANCELLED;
        }
    }

    public ProviderBatchStatus {
        Objects.requireNonNull(batchId, "batchId");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(providerStatus, "providerStatus");
        detail = detail == null ? "" : detail;
        resultsRef = resultsRef == null ? "" : resultsRef;
    }

    public boolean ended() {
        return state.ended();
    }
}
