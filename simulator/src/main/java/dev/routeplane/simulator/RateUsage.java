package dev.routeplane.simulator;

/**
 * What counts against a provider's limits over its rolling 60-second window.
 *
 * @param requests requests admitted in the window
 * @param tokens   tokens admitted in the window: prompt plus output cap per request, as providers count them
 * @param rpm      the provider's request limit per minute
 * @param tpm      the provider's token limit per minute
 */
public record RateUsage(long requests, long tokens, long rpm, long tpm) {
    /** The share of the request limit in use, 0..1. */
    public double requestShare() {
        return rpm == 0 ? 0 : requests / (double) rpm;
    }

    /** The share of the token limit in use, 0..1. */
    public double tokenShare() {
        return tpm == 0 ? 0 : tokens / (double) tpm;
    }
}
