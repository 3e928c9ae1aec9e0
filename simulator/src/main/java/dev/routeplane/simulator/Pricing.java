package dev.routeplane.simulator;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * The simulator's price arithmetic, exact and integer-only so the ledger can reproduce it to the micro-dollar.
 */
public final class Pricing {

    private static final long MICROS_PER_MILLION_TOKENS_DIVISOR = 1_000_000L;

    private Pricing() {}

    /**
     * Cost of one call in micro-dollars: {@code (in × inputPrice + out × outputPrice) / 1,000,000}, rounded
     * HALF_UP to a whole micro-dollar. Prices are micro-dollars per million tokens.
     *
     * @throws ArithmeticException if the intermediate product overflows a long (absurd token counts or prices)
     */
    public static long costMicros(
            long inputTokens, long outputTokens, long inputPriceMicrosPerMillion, long outputPriceMicrosPerMillion) {
        if (inputTokens < 0 || outputTokens < 0 || inputPriceMicrosPerMillion < 0 || outputPriceMicrosPerMillion < 0) {
            throw new IllegalArgumentException("token counts and prices must be >= 0");
        }
        long numerator = Math.addExact(
                Math.multiplyExact(inputTokens, inputPriceMicrosPerMillion),
                Math.multiplyExact(outputTokens, outputPriceMicrosPerMillion));
        // Non-negative numerator: adding half the divisor before integer division is HALF_UP.
        return Math.addExact(numerator, MICROS_PER_MILLION_TOKENS_DIVISOR / 2) / MICROS_PER_MILLION_TOKENS_DIVISOR;
    }

    /** A USD amount as written in the RouterBench files (plain or scientific notation) in micro-dollars, HALF_UP. */
    public static long usdToMicros(String usd) {
        return new BigDecimal(usd.trim())
                .movePointRight(6)
                .setScale(0, RoundingMode.HALF_UP)
                .longValueExact();
    }
}
