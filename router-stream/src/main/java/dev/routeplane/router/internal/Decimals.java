package dev.routeplane.router.internal;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Locale;

/**
 * Fixed-point formatting for explanation lines on the routing path, printing exactly what
 * {@code String.format(Locale.ROOT, "%.<scale>f", v)} prints (half-up rounding of the shortest decimal that
 * identifies the double) at a fraction of the cost of parsing a format string per call.
 */
final class Decimals {
    private Decimals() {}

    static StringBuilder append(StringBuilder sb, double v, int scale) {
        if (Double.isNaN(v) || Double.isInfinite(v) || v == 0 && 1 / v < 0) {
            return sb.append(String.format(Locale.ROOT, "%." + scale + "f", v)); // rare: keep the JDK's spelling
        }
        String digits =
                BigDecimal.valueOf(v).setScale(scale, RoundingMode.HALF_UP).toPlainString();
        if (v < 0 && digits.charAt(0) != '-') {
            sb.append('-'); // Formatter keeps the sign of a negative that rounds to zero ("-0.000")
        }
        return sb.append(digits);
    }
}
