package dev.routeplane.report;

import dev.routeplane.schemas.Money;
import java.math.BigDecimal;
import java.util.Locale;

/** Escaping and number formats shared by the page, its tables and its charts. */
final class Html {
    private Html() {}

    /** Escapes text for HTML and SVG content and for quoted attribute values. */
    static String escape(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    /** Exact dollars from micros, all six decimals: the ledger's own figure, never rounded. */
    static String money(long micros) {
        return Money.format(micros);
    }

    /** An axis tick in dollars with no trailing zeros: $0, $0.001, $0.25, $80. */
    static String dollarsTick(double dollars) {
        return "$"
                + new BigDecimal(Double.toString(dollars)).stripTrailingZeros().toPlainString();
    }

    static String percent(double share) {
        return String.format(Locale.ROOT, "%.1f%%", share * 100);
    }

    static String count(long value) {
        return String.format(Locale.ROOT, "%,d", value);
    }

    static String number(double value) {
        return String.format(Locale.ROOT, "%.2f", value);
    }

    /** A coordinate with one decimal, enough for a screen and short in the file. */
    static String px(double value) {
        return String.format(Locale.ROOT, "%.1f", value);
    }
}
