package dev.routeplane.config.internal;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * One YAML mapping being read. Every key a parser asks for is remembered, so that {@link #rejectUnknownKeys()}
 * can report the rest: a misspelt key must fail loudly rather than leave a setting at its default.
 * Accessors report problems at the key's path and return null (or the default) when a value is unusable.
 */
final class YamlMap {
    /** A list element or map entry with its path. */
    record Item(String key, JsonNode node, String path) {}

    private final JsonNode node;
    private final String path;
    private final Problems problems;
    private final Set<String> known = new LinkedHashSet<>();

    private YamlMap(JsonNode node, String path, Problems problems) {
        this.node = node;
        this.path = path;
        this.problems = problems;
    }

    /** The mapping at {@code path}, or null (with a problem reported) when the node is not a mapping. */
    static YamlMap of(JsonNode node, String path, Problems problems) {
        if (!node.isObject()) {
            problems.add(path, "expected a mapping of keys to values, found " + Scalars.describe(node));
            return null;
        }
        return new YamlMap(node, path, problems);
    }

    String path() {
        return path;
    }

    String path(String key) {
        return Paths.key(path, key);
    }

    Problems problems() {
        return problems;
    }

    /** The value at {@code key}; null when absent or written as an empty/null value. */
    JsonNode get(String key) {
        known.add(key);
        JsonNode value = node.get(key);
        return value == null || value.isNull() ? null : value;
    }

    /** Like {@link #get}, reporting a problem when absent. */
    JsonNode require(String key) {
        JsonNode value = get(key);
        if (value == null) {
            problems.add(path, "missing required key '" + key + "'");
        }
        return value;
    }

    String requiredText(String key) {
        JsonNode value = require(key);
        return value == null ? null : Scalars.text(value, path(key), problems);
    }

    String optionalText(String key, String fallback) {
        JsonNode value = get(key);
        return value == null ? fallback : Scalars.text(value, path(key), problems);
    }

    Long requiredInteger(String key, long min, long max) {
        JsonNode value = require(key);
        return value == null ? null : Scalars.integer(value, path(key), min, max, problems);
    }

    long integerOr(String key, long fallback, long min, long max) {
        JsonNode value = get(key);
        Long parsed = value == null ? null : Scalars.integer(value, path(key), min, max, problems);
        return parsed == null ? fallback : parsed;
    }

    Double requiredDecimal(String key, double min, double max) {
        JsonNode value = require(key);
        return value == null ? null : Scalars.decimal(value, path(key), min, max, problems);
    }

    double decimalOr(String key, double fallback, double min, double max) {
        JsonNode value = get(key);
        Double parsed = value == null ? null : Scalars.decimal(value, path(key), min, max, problems);
        return parsed == null ? fallback : parsed;
    }

    Boolean requiredBoolean(String key) {
        JsonNode value = require(key);
        return value == null ? null : Scalars.bool(value, path(key), problems);
    }

    /** null when absent or invalid; check the problem count to tell them apart. */
    Boolean optionalBoolean(String key) {
        JsonNode value = get(key);
        return value == null ? null : Scalars.bool(value, path(key), problems);
    }

    /** The nested mapping at {@code key}; null when absent (reported if required) or not a mapping. */
    YamlMap child(String key, boolean required) {
        JsonNode value = required ? require(key) : get(key);
        return value == null ? null : of(value, path(key), problems);
    }

    /** The elements of the list at {@code key}; empty when absent (reported if required) or not a list. */
    List<Item> list(String key, boolean required) {
        JsonNode value = required ? require(key) : get(key);
        if (value == null) {
            return List.of();
        }
        String listPath = path(key);
        if (!value.isArray()) {
            problems.add(listPath, "expected a list, found " + Scalars.describe(value));
            return List.of();
        }
        List<Item> items = new ArrayList<>();
        for (int i = 0; i < value.size(); i++) {
            items.add(new Item(String.valueOf(i), value.get(i), Paths.index(listPath, i)));
        }
        return items;
    }

    /** The entries of the mapping at {@code key}, in file order; empty when absent or not a mapping. */
    List<Item> entries(String key, boolean required) {
        YamlMap map = child(key, required);
        if (map == null) {
            return List.of();
        }
        List<Item> items = new ArrayList<>();
        for (Map.Entry<String, JsonNode> e : iterable(map.node)) {
            items.add(new Item(e.getKey(), e.getValue(), map.path(e.getKey())));
        }
        return items;
    }

    /** Converts one list element; returns null after reporting a problem. */
    @FunctionalInterface
    interface Converter<T> {
        T convert(JsonNode node, String path);
    }

    <E extends Enum<E>> E requiredEnum(String key, String what, E[] values, Function<E, String> configName) {
        JsonNode value = require(key);
        return value == null ? null : Scalars.enumValue(value, path(key), what, values, configName, problems);
    }

    <E extends Enum<E>> E enumOr(String key, E fallback, String what, E[] values, Function<E, String> configName) {
        JsonNode value = get(key);
        return value == null ? fallback : Scalars.enumValue(value, path(key), what, values, configName, problems);
    }

    <E extends Enum<E>> Set<E> enumSet(String key, String what, E[] values, Function<E, String> configName) {
        return set(key, false, (n, p) -> Scalars.enumValue(n, p, what, values, configName, problems));
    }

    /**
     * The list at {@code key} as a set in file order, skipping elements that fail to convert. A value listed
     * twice is reported: it is usually a copy-paste slip that was meant to be another value.
     */
    <T> Set<T> set(String key, boolean required, Converter<T> converter) {
        Set<T> result = new LinkedHashSet<>();
        for (Item item : list(key, required)) {
            T value = converter.convert(item.node(), item.path());
            if (value != null && !result.add(value)) {
                problems.add(item.path(), "'" + item.node().asText() + "' is listed twice");
            }
        }
        return result;
    }

    /** Reports every key of this mapping that no parser asked for. Call after reading all keys. */
    void rejectUnknownKeys() {
        for (Map.Entry<String, JsonNode> e : iterable(node)) {
            if (!known.contains(e.getKey())) {
                problems.add(
                        path(e.getKey()),
                        "unknown key '" + e.getKey() + "';" + Suggest.hint(e.getKey(), known) + " allowed keys here: "
                                + String.join(", ", known));
            }
        }
    }

    Set<String> keys() {
        Set<String> keys = new LinkedHashSet<>();
        iterable(node).forEach(e -> keys.add(e.getKey()));
        return Collections.unmodifiableSet(keys);
    }

    private static Iterable<Map.Entry<String, JsonNode>> iterable(JsonNode node) {
        return node.properties();
    }
}
