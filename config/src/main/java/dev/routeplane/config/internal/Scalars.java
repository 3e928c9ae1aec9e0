package dev.routeplane.config.internal;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Converts one YAML scalar, reporting a problem at its path and returning null when it is unusable. Values are
 * checked against their range and rejected when outside it: silently clamping would hide a mistake.
 */
final class Scalars {
    /** Provider, model, alias, lane and tenant ids: they end up in topic names, metric tags and Kafka keys. */
    static final Pattern ID = Pattern.compile("[a-z0-9-]+");

    static final int MAX_ID_LENGTH = 64;

    private Scalars() {}

    static String text(JsonNode node, String path, Problems problems) {
        // An unquoted 3.1 is a number to YAML; for text fields the writer meant the characters.
        if (node.isTextual() || node.isNumber()) {
            String text =
                    node.isNumber() && node.isBigDecimal() ? node.decimalValue().toPlainString() : node.asText();
            if (text.isBlank()) {
                problems.add(path, "must not be empty");
                return null;
            }
            return text;
        }
        problems.add(path, "expected text, found " + describe(node));
        return null;
    }

    static String id(JsonNode node, String path, String what, Problems problems) {
        String text = text(node, path, problems);
        return text == null ? null : checkId(text, path, what, problems);
    }

    static String checkId(String id, String path, String what, Problems problems) {
        if (!ID.matcher(id).matches() || id.length() > MAX_ID_LENGTH) {
            problems.add(
                    path,
                    what + " '" + id + "' is invalid; use 1 to " + MAX_ID_LENGTH
                            + " lower-case letters, digits and '-' ([a-z0-9-]+)");
            return null;
        }
        return id;
    }

    static Long integer(JsonNode node, String path, long min, long max, Problems problems) {
        if (!node.isIntegralNumber() || !node.canConvertToLong()) {
            problems.add(path, "expected a whole number, found " + describe(node));
            return null;
        }
        long value = node.longValue();
        if (value < min || value > max) {
            boolean wideRange = max >= Integer.MAX_VALUE;
            problems.add(
                    path,
                    !wideRange
                            ? rangeMessage(String.valueOf(min), String.valueOf(max), String.valueOf(value))
                            : value < min
                                    ? "must be at least " + min + ", was " + value
                                    : "must be at most " + max + ", was " + value);
            return null;
        }
        return value;
    }

    static Double decimal(JsonNode node, String path, double min, double max, Problems problems) {
        if (!node.isNumber()) {
            problems.add(path, "expected a number, found " + describe(node));
            return null;
        }
        double value = node.doubleValue();
        if (!Double.isFinite(value) || value < min || value > max) {
            problems.add(path, rangeMessage(plain(min), plain(max), node.asText()));
            return null;
        }
        return value;
    }

    static Boolean bool(JsonNode node, String path, Problems problems) {
        if (!node.isBoolean()) {
            problems.add(path, "expected true or false, found " + describe(node));
            return null;
        }
        return node.booleanValue();
    }

    static <E extends Enum<E>> E enumValue(
            JsonNode node, String path, String what, E[] values, Function<E, String> configName, Problems problems) {
        String text = text(node, path, problems);
        if (text == null) {
            return null;
        }
        for (E value : values) {
            if (configName.apply(value).equals(text)) {
                return value;
            }
        }
        List<String> known = Arrays.stream(values).map(configName).collect(Collectors.toList());
        problems.add(
                path,
                "unknown " + what + " '" + text + "';" + Suggest.hint(text, known) + " known values: "
                        + String.join(", ", known));
        return null;
    }

    /**
     * A USD amount as integer micro-dollars. Written as a YAML number or string; either way parsed as an exact
     * decimal (the YAML mapper keeps floats as BigDecimal from their text), never through a double.
     */
    static Long micros(JsonNode node, String path, Problems problems) {
        BigDecimal usd;
        if (node.isNumber()) {
            usd = node.isIntegralNumber() ? new BigDecimal(node.bigIntegerValue()) : node.decimalValue();
        } else if (node.isTextual()) {
            try {
                usd = new BigDecimal(node.textValue().strip());
            } catch (NumberFormatException e) {
                problems.add(path, "'" + node.textValue() + "' is not a USD amount; write a decimal such as 2.50");
                return null;
            }
        } else {
            problems.add(path, "expected a USD amount such as 2.50, found " + describe(node));
            return null;
        }
        if (usd.signum() < 0) {
            problems.add(path, "must not be negative, was " + usd.toPlainString());
            return null;
        }
        if (usd.stripTrailingZeros().scale() > 6) {
            problems.add(
                    path,
                    usd.toPlainString() + " has more than 6 decimal places; amounts are kept in whole"
                            + " micro-dollars, so round to at most 6");
            return null;
        }
        try {
            return usd.movePointRight(6).longValueExact();
        } catch (ArithmeticException e) {
            problems.add(path, usd.toPlainString() + " is too large");
            return null;
        }
    }

    static LocalDate date(JsonNode node, String path, Problems problems) {
        String text = text(node, path, problems);
        if (text == null) {
            return null;
        }
        try {
            return LocalDate.parse(text);
        } catch (DateTimeParseException e) {
            problems.add(path, "'" + text + "' is not a date; write it as YYYY-MM-DD, e.g. 2024-08-06");
            return null;
        }
    }

    static URI httpUrl(JsonNode node, String path, Problems problems) {
        String text = text(node, path, problems);
        if (text == null) {
            return null;
        }
        URI uri;
        try {
            uri = new URI(text);
        } catch (URISyntaxException e) {
            problems.add(path, "'" + text + "' is not a valid URL; write e.g. https://api.openai.com/v1");
            return null;
        }
        if (uri.getRawUserInfo() != null) {
            // Not echoed: the user-info part is a credential.
            problems.add(path, "must not contain credentials; reference keys with apiKeyEnv or apiKeyFile");
            return null;
        }
        String scheme = uri.getScheme();
        if (scheme == null
                || !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))
                || uri.getHost() == null) {
            problems.add(
                    path, "'" + text + "' is not an http(s) URL with a host; write e.g. https://api.openai.com/v1");
            return null;
        }
        return uri;
    }

    /** What was found instead, for "expected X, found Y" (scalar values shown; never used for secret fields). */
    static String describe(JsonNode node) {
        if (node.isObject()) {
            return "a mapping";
        }
        if (node.isArray()) {
            return "a list";
        }
        if (node.isTextual()) {
            return "text '" + node.textValue() + "'";
        }
        return node.getNodeType().name().toLowerCase() + " " + node.asText();
    }

    private static String rangeMessage(String min, String max, String value) {
        return "must be between " + min + " and " + max + ", was " + value;
    }

    private static String plain(double value) {
        return BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
    }
}
