package dev.routeplane.openai;

import static dev.routeplane.openai.BatchLineReason.INVALID_FIELD;

import com.fasterxml.jackson.databind.JsonNode;
import dev.routeplane.schemas.Money;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Typed reads of optional JSON fields. A present field of the wrong type is an error naming its path, never
 * silently ignored or coerced; JSON null counts as absent.
 */
final class JsonFields {
    private JsonFields() {}

    static JsonNode field(JsonNode object, String name) {
        JsonNode value = object.get(name);
        return value == null || value.isNull() ? null : value;
    }

    static String text(JsonNode object, String name, String path) throws ChatRequestException {
        JsonNode value = field(object, name);
        if (value == null) {
            return null;
        }
        if (!value.isTextual()) {
            throw invalid(path, "must be a string, got " + kind(value));
        }
        return value.textValue();
    }

    static Long nonNegativeLong(JsonNode object, String name, String path) throws ChatRequestException {
        JsonNode value = field(object, name);
        if (value == null) {
            return null;
        }
        if (!value.isIntegralNumber() || !value.canConvertToLong() || value.longValue() < 0) {
            throw invalid(path, "must be a non-negative whole number, got " + abbreviate(value));
        }
        return value.longValue();
    }

    static Integer positiveInt(JsonNode object, String name, String path) throws ChatRequestException {
        JsonNode value = field(object, name);
        if (value == null) {
            return null;
        }
        if (!value.isIntegralNumber() || !value.canConvertToInt() || value.intValue() <= 0) {
            throw invalid(path, "must be a whole number from 1 to " + Integer.MAX_VALUE + ", got " + abbreviate(value));
        }
        return value.intValue();
    }

    static Boolean bool(JsonNode object, String name, String path) throws ChatRequestException {
        JsonNode value = field(object, name);
        if (value == null) {
            return null;
        }
        if (!value.isBoolean()) {
            throw invalid(path, "must be true or false, got " + abbreviate(value));
        }
        return value.booleanValue();
    }

    /** A dollar amount given as a decimal string ("0.25") or a JSON number, converted exactly to micros. */
    static Long dollarsAsMicros(JsonNode object, String name, String path) throws ChatRequestException {
        JsonNode value = field(object, name);
        if (value == null) {
            return null;
        }
        String text;
        if (value.isTextual()) {
            text = value.textValue();
        } else if (value.isNumber()) {
            text = value.decimalValue().toPlainString();
        } else {
            throw invalid(path, "must be a dollar amount such as \"0.25\", got " + kind(value));
        }
        long micros;
        try {
            micros = Money.parseDollars(text);
        } catch (IllegalArgumentException e) {
            throw invalid(path, e.getMessage());
        }
        if (micros < 0) {
            throw invalid(path, "must not be negative, got " + text);
        }
        return micros;
    }

    static List<String> stringList(JsonNode object, String name, String path) throws ChatRequestException {
        JsonNode value = field(object, name);
        List<String> out = new ArrayList<>();
        if (value == null) {
            return out;
        }
        if (!value.isArray()) {
            throw invalid(path, "must be an array of strings, got " + kind(value));
        }
        for (int i = 0; i < value.size(); i++) {
            if (!value.get(i).isTextual()) {
                throw invalid(path + "[" + i + "]", "must be a string, got " + kind(value.get(i)));
            }
            out.add(value.get(i).textValue());
        }
        return out;
    }

    static Map<String, String> stringMap(JsonNode object, String name, String path) throws ChatRequestException {
        JsonNode value = field(object, name);
        Map<String, String> out = new LinkedHashMap<>();
        if (value == null) {
            return out;
        }
        if (!value.isObject()) {
            throw invalid(path, "must be an object of string values, got " + kind(value));
        }
        var fields = value.fields();
        while (fields.hasNext()) {
            var entry = fields.next();
            if (!entry.getValue().isTextual()) {
                throw invalid(path + "." + entry.getKey(), "must be a string, got " + kind(entry.getValue()));
            }
            out.put(entry.getKey(), entry.getValue().textValue());
        }
        return out;
    }

    static ChatRequestException invalid(String path, String problem) {
        return new ChatRequestException(INVALID_FIELD, path, path + " " + problem);
    }

    /** The JSON type of a node, for messages; never its content, which may be prompt text. */
    static String kind(JsonNode value) {
        return switch (value.getNodeType()) {
            case ARRAY -> "an array";
            case OBJECT, POJO -> "an object";
            case STRING -> "a string";
            case NUMBER -> "a number";
            case BOOLEAN -> "a boolean";
            default -> value.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
        };
    }

    /** Scalars are quoted (they are numbers or flags, not prompt text); containers only by kind. */
    private static String abbreviate(JsonNode value) {
        return value.isNumber() || value.isBoolean() ? value.asText() : kind(value);
    }
}
