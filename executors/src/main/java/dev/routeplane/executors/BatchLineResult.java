package dev.routeplane.executors;

import java.util.Objects;

/**
 * What became of one line of a provider batch.
 *
 * @param customId the line's id in the batch
 * @param outcome  how it ended
 * @param response the billed completion, for {@link Outcome#SUCCEEDED} only
 * @param error    the provider's refusal, classified like a synchronous error, for {@link Outcome#ERRORED} only
 */
public record BatchLineResult(
        String customId, Outcome outcome, ProviderResponse response, ProviderCallException error) {

    /** Line outcomes common to both batch APIs. */
    public enum Outcome {
        /** Answered; billed at the batch price. */
        SUCCEEDED,
        /** Refused by the provider (as a synchronous call would have been); not billed. */
        ERRORED,
        /** Never ran: the batch's window passed first. Not billed; may be retried. */
        EXPIRED,
        /** Never ran: the batch was cancelled first. Not billed. */
        CANCELLED
    }

    public BatchLineResult {
        Objects.requireNonNull(customId, "customId");
        Objects.requireNonNull(outcome, "outcome");
        if ((outcome == Outcome.SUCCEEDED) != (response != null)) {
            throw new IllegalArgumentException("a response goes with SUCCEEDED and only with it, line " + customId);
        }
        if ((outcome == Outcome.ERRORED) != (error != null)) {
            throw new IllegalArgumentException("an error goes with ERRORED and only with it, line " + customId);
        }
    }

    public static BatchLineResult succeeded(String customId, ProviderResponse response) {
        return new BatchLineResult(customId, Outcome.SUCCEEDED, response, null);
    }

    public static BatchLineResult errored(String customId, ProviderCallException error) {
        return new BatchLineResult(customId, Outcome.ERRORED, null, error);
    }

    public static BatchLineResult notRun(String customId, Outcome outcome) {
        return new BatchLineResult(customId, outcome, null, null);
    }
}
