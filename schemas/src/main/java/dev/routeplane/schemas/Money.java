package dev.routeplane.schemas;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.regex.Pattern;

/**
 * The one place for billing arithmetic. Money is a {@code long} of micro-dollars (1 USD = 1,000,000
 * micros), never a float or double, so sums are exact and every component agrees to the micro.
 *
 * <p><b>Rounding rule:</b> the cost of one provider call is rounded once, HALF_UP, to a whole micro-dollar
 * ({@link #costMicros}); totals are sums of those rounded per-call costs. The ledger, budget reservations,
 * billing aggregates and the simulator's invoice all use this rule, so their totals are equal exactly.
 */
public final class Money {
    /** Micro-dollars in one dollar. */
    public static final long MICROS_PER_DOLLAR = 1_000_000L;
    /** Prices are quoted per million tokens. */
    public static final long TOKENS_PER_PRICE_UNIT = 1_000_000L;

    private static final Pattern DOLLARS = Pattern.compile("-?\\$?\\d+(\\.\\d+)?");
    private static final BigInteger PRICE_UNIT = BigInteger.valueOf(TOKENS_PER_PRICE_UNIT);
    private static final BigInteger HALF_PRICE_UNIT = BigInteger.valueOf(TOKENS_PER_PRICE_UNIT / 2);

    private Money() {}

    /**
     * Formats micro-dollars as dollars with all six decimals, e.g. {@code 12345678 → "$12.345678"},
     * {@code -1 → "-$0.000001"}.
     */
    public static String format(long micros) {
        if (micros == Long.MIN_VALUE) { // its absolute value is not a long
            return "-$" + BigDecimal.valueOf(micros).negate().movePointLeft(6).toPlainString();
        }
        // Plain long arithmetic: the router formats several amounts into every decision's explanation.
        long abs = Math.abs(micros);
        long fraction = abs % MICROS_PER_DOLLAR;
        StringBuilder out = new StringBuilder(24)
                .append(micros < 0 ? "-$" : "$")
                .append(abs / MICROS_PER_DOLLAR)
                .append('.');
        for (long pad = MICROS_PER_DOLLAR / 10; pad > 1 && fraction < pad; pad /= 10) {
            out.append('0');
        }
        return out.append(fraction).toString();
    }

    /**
     * Parses a dollar amount exactly, e.g. {@code "12.345678"}, {@code "$0.5"}, {@code "-$3"}. Accepts what
     * {@link #format} produces; trailing zeros beyond six decimals are allowed since they change nothing.
     *
     * @throws IllegalArgumentException if the text is not a plain decimal, has a non-zero digit beyond the
     *     sixth decimal (sub-micro amounts cannot be billed), or exceeds the range of a long in micros
     */
    public static long parseDollars(String text) {
        if (text == null || !DOLLARS.matcher(text.trim()).matches()) {
            throw new IllegalArgumentException("Amount '" + text + "' is not a dollar amount; expected digits with"
                    + " an optional '$' and up to 6 decimals, e.g. 12.345678 or $0.50");
        }
        String trimmed = text.trim();
        boolean negative = trimmed.startsWith("-");
        BigDecimal dollars = new BigDecimal(trimmed.replace("-", "").replace("$", ""));
        BigDecimal micros = dollars.movePointRight(6).stripTrailingZeros();
        if (negative) {
            micros = micros.negate(); // before the range check, so Long.MIN_VALUE micros still parses
        }
        if (micros.scale() > 0) {
            throw new IllegalArgumentException("Amount '" + text + "' has more than 6 decimal places; the smallest"
                    + " billable unit is one micro-dollar ($0.000001)");
        }
        try {
            return micros.longValueExact();
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("Amount '" + text + "' is too large to represent in micro-dollars", e);
        }
    }

    /**
     * Cost of one provider call in micro-dollars:
     * {@code (inputTokens * inputPrice + outputTokens * outputPrice) / 1,000,000}, rounded HALF_UP to a whole
     * micro-dollar, computed exactly. Prices are micro-dollars per million tokens ($2.50 per 1M tokens is
     * {@code 2_500_000}). This per-call rounding is the billing rule everyone uses; see the class comment.
     *
     * @throws IllegalArgumentException if any argument is negative
     * @throws ArithmeticException if the cost does not fit in a long
     */
    public static long costMicros(
            long inputTokens, long outputTokens, long inputPriceMicrosPerMillion, long outputPriceMicrosPerMillion) {
        requireNonNegative("inputTokens", inputTokens);
        requireNonNegative("outputTokens", outputTokens);
        requireNonNegative("inputPriceMicrosPerMillion", inputPriceMicrosPerMillion);
        requireNonNegative("outputPriceMicrosPerMillion", outputPriceMicrosPerMillion);
        try {
            long numerator = Math.addExact(
                    Math.multiplyExact(inputTokens, inputPriceMicrosPerMillion),
                    Math.multiplyExact(outputTokens, outputPriceMicrosPerMillion));
            // Non-negative, so HALF_UP is "add half, then floor"; the sum cannot overflow below Long.MAX_VALUE.
            if (numerator <= Long.MAX_VALUE - TOKENS_PER_PRICE_UNIT / 2) {
                return (numerator + TOKENS_PER_PRICE_UNIT / 2) / TOKENS_PER_PRICE_UNIT;
            }
        } catch (ArithmeticException overflow) {
            // Fall through to the exact wide computation below.
        }
        BigInteger numerator = BigInteger.valueOf(inputTokens)
                .multiply(BigInteger.valueOf(inputPriceMicrosPerMillion))
                .add(BigInteger.valueOf(outputTokens).multiply(BigInteger.valueOf(outputPriceMicrosPerMillion)));
        return numerator.add(HALF_PRICE_UNIT).divide(PRICE_UNIT).longValueExact();
    }

    private static void requireNonNegative(String name, long value) {
        if (value < 0) {
            throw new IllegalArgumentException(name + " must not be negative, got " + value);
        }
    }
}
