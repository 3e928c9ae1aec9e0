package dev.routeplane.simulator;

import java.util.Objects;

/**
 * A model served by a simulated provider.
 *
 * @param id                          model id exactly as clients send it in {@code model}
 * @param inputPriceMicrosPerMillion  price of one million input tokens, in micro-dollars (USD 1e-6)
 * @param outputPriceMicrosPerMillion price of one million output tokens, in micro-dollars
 * @param contextWindow               input tokens + max output tokens must not exceed this
 * @param maxOutputTokens             the largest {@code max_tokens} accepted, and the default when absent
 * @param batchInputPriceMicrosPerMillion  price of one million input tokens served through the batch API
 * @param batchOutputPriceMicrosPerMillion price of one million output tokens served through the batch API
 */
public record SimulatedModel(
        String id,
        long inputPriceMicrosPerMillion,
        long outputPriceMicrosPerMillion,
        int contextWindow,
        int maxOutputTokens,
        long batchInputPriceMicrosPerMillion,
        long batchOutputPriceMicrosPerMillion) {

    /** A model whose batch prices are half its synchronous prices (rounded half up), as OpenAI and Anthropic charge. */
    public SimulatedModel(
            String id,
            long inputPriceMicrosPerMillion,
            long outputPriceMicrosPerMillion,
            int contextWindow,
            int maxOutputTokens) {
        this(
                id,
                inputPriceMicrosPerMillion,
                outputPriceMicrosPerMillion,
                contextWindow,
                maxOutputTokens,
                half(inputPriceMicrosPerMillion),
                half(outputPriceMicrosPerMillion));
    }

    public SimulatedModel {
        Objects.requireNonNull(id, "id");
        if (id.isBlank()) {
            throw new IllegalArgumentException("model id must not be blank");
        }
        if (inputPriceMicrosPerMillion < 0
                || outputPriceMicrosPerMillion < 0
                || batchInputPriceMicrosPerMillion < 0
                || batchOutputPriceMicrosPerMillion < 0) {
            throw new IllegalArgumentException("prices of model '" + id + "' must be >= 0");
        }
        if (contextWindow <= 0 || maxOutputTokens <= 0 || maxOutputTokens > contextWindow) {
            throw new IllegalArgumentException("model '" + id + "' needs 0 < maxOutputTokens <= contextWindow, got "
                    + maxOutputTokens + " / " + contextWindow);
        }
    }

    /**
     * A model for a REPLAY provider: prices are unused there (replayed calls are billed at their recorded cost), so
     * they are zero; the window is generous enough for every recorded prompt.
     */
    public static SimulatedModel replay(String id) {
        return new SimulatedModel(id, 0, 0, 32_768, 4_096);
    }

    /** Half a price, rounded half up to a whole micro-dollar per million tokens. */
    static long half(long price) {
        return (price + 1) / 2;
    }
}
