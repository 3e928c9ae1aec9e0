package dev.routeplane.config;

import java.time.LocalDate;
import java.util.Objects;

/**
 * A model's list price from a date on, in integer micro-dollars (USD × 10^6) per million tokens, so that
 * billing sums are exact. $2.50 per million input tokens is {@code inputMicrosPerMillion = 2_500_000}.
 *
 * <p>The batch prices are what the provider charges for the same model through its own batch API (OpenAI Batch,
 * Anthropic Message Batches): half the synchronous price unless the price book says otherwise. They matter only for
 * providers with a batch API ({@link Provider#batchApi()}).
 *
 * @param effectiveFrom               first UTC day this price applies (from 00:00:00Z)
 * @param inputMicrosPerMillion       price of one million input tokens, ≥ 0
 * @param outputMicrosPerMillion      price of one million output tokens, ≥ 0
 * @param batchInputMicrosPerMillion  price of one million input tokens served through the batch API, ≥ 0
 * @param batchOutputMicrosPerMillion price of one million output tokens served through the batch API, ≥ 0
 */
public record ModelPrice(
        LocalDate effectiveFrom,
        long inputMicrosPerMillion,
        long outputMicrosPerMillion,
        long batchInputMicrosPerMillion,
        long batchOutputMicrosPerMillion) {

    public ModelPrice {
        Objects.requireNonNull(effectiveFrom, "effectiveFrom");
        if (inputMicrosPerMillion < 0
                || outputMicrosPerMillion < 0
                || batchInputMicrosPerMillion < 0
                || batchOutputMicrosPerMillion < 0) {
            throw new IllegalArgumentException("prices cannot be negative");
        }
    }

    /** A price whose batch prices are half the synchronous ones, rounded half up to a whole micro-dollar. */
    public ModelPrice(LocalDate effectiveFrom, long inputMicrosPerMillion, long outputMicrosPerMillion) {
        this(
                effectiveFrom,
                inputMicrosPerMillion,
                outputMicrosPerMillion,
                halfOf(inputMicrosPerMillion),
                halfOf(outputMicrosPerMillion));
    }

    /** The default batch price of a synchronous price: half, rounded half up to a whole micro-dollar. */
    public static long halfOf(long micros) {
        return (micros + 1) / 2;
    }

    /**
     * The price of a call in the given mode, as a price whose (synchronous) input and output prices are that mode's,
     * so billing code multiplies tokens by {@link #inputMicrosPerMillion()} and {@link #outputMicrosPerMillion()}
     * whichever the mode.
     */
    public ModelPrice forMode(boolean providerBatch) {
        return providerBatch
                ? new ModelPrice(
                        effectiveFrom,
                        batchInputMicrosPerMillion,
                        batchOutputMicrosPerMillion,
                        batchInputMicrosPerMillion,
                        batchOutputMicrosPerMillion)
                : this;
    }
}
