package dev.routeplane.openai;

import static dev.routeplane.openai.JsonFields.field;
import static dev.routeplane.openai.JsonFields.invalid;
import static dev.routeplane.openai.JsonFields.kind;

import com.fasterxml.jackson.databind.JsonNode;
import dev.routeplane.contract.LatencyClass;
import dev.routeplane.contract.RequestHints;
import dev.routeplane.contract.ToolSpec;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Reads Routeplane's hints object (the shape of {@code RequestHints}, with {@code maxCostUsd} as a decimal
 * dollar amount instead of micros). Unknown keys are errors, so a typo such as {@code maxCostUSD} cannot
 * silently lift a cost cap.
 */
final class HintsJson {
    /** Every key of Routeplane's own hints object. */
    static final Set<String> ALL_KEYS = Set.of(
            "taskType",
            "latencyClass",
            "qualityTier",
            "maxCostUsd",
            "deadlineMs",
            "maxOutputTokens",
            "tools",
            "responseFormat",
            "dataClass",
            "tags",
            "pinnedAlias",
            "approvals");

    private HintsJson() {}

    /** Applies the keys present in {@code hints} to {@code builder}; keys outside {@code allowed} are errors. */
    static void apply(JsonNode hints, String path, RequestHints.Builder builder, Set<String> allowed)
            throws ChatRequestException {
        if (!hints.isObject()) {
            throw invalid(path, "must be an object, got " + kind(hints));
        }
        for (Iterator<String> names = hints.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!allowed.contains(name)) {
                throw invalid(path + "." + name, "is not a known hint; known: " + String.join(", ", sorted(allowed)));
            }
        }
        if (hints.has("taskType")) {
            builder.setTaskType(JsonFields.text(hints, "taskType", path + ".taskType"));
        }
        String latency = JsonFields.text(hints, "latencyClass", path + ".latencyClass");
        if (latency != null) {
            builder.setLatencyClass(latencyClass(latency, path + ".latencyClass"));
        }
        if (hints.has("qualityTier")) {
            builder.setQualityTier(JsonFields.text(hints, "qualityTier", path + ".qualityTier"));
        }
        if (hints.has("maxCostUsd")) {
            builder.setMaxCostMicros(JsonFields.dollarsAsMicros(hints, "maxCostUsd", path + ".maxCostUsd"));
        }
        if (hints.has("deadlineMs")) {
            Long deadline = JsonFields.nonNegativeLong(hints, "deadlineMs", path + ".deadlineMs");
            if (deadline != null && deadline == 0) {
                throw invalid(path + ".deadlineMs", "must be at least 1 millisecond");
            }
            builder.setDeadlineMs(deadline);
        }
        if (hints.has("maxOutputTokens")) {
            builder.setMaxOutputTokens(JsonFields.positiveInt(hints, "maxOutputTokens", path + ".maxOutputTokens"));
        }
        if (field(hints, "tools") != null) {
            builder.setTools(tools(hints.get("tools"), path + ".tools"));
        }
        if (hints.has("responseFormat")) {
            builder.setResponseFormat(JsonFields.text(hints, "responseFormat", path + ".responseFormat"));
        }
        if (hints.has("dataClass")) {
            builder.setDataClass(JsonFields.text(hints, "dataClass", path + ".dataClass"));
        }
        if (hints.has("tags")) {
            builder.setTags(JsonFields.stringList(hints, "tags", path + ".tags"));
        }
        if (hints.has("pinnedAlias")) {
            builder.setPinnedAlias(JsonFields.text(hints, "pinnedAlias", path + ".pinnedAlias"));
        }
        if (hints.has("approvals")) {
            builder.setApprovals(JsonFields.stringList(hints, "approvals", path + ".approvals"));
        }
    }

    static LatencyClass latencyClass(String value, String path) throws ChatRequestException {
        try {
            return LatencyClass.valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw invalid(path, "must be one of interactive, background, batch; got '" + value + "'");
        }
    }

    /** Routeplane tool objects: {name, description?, sideEffect?, parameters? (object) | parametersJson?}. */
    private static List<ToolSpec> tools(JsonNode tools, String path) throws ChatRequestException {
        if (!tools.isArray()) {
            throw invalid(path, "must be an array of tool objects, got " + kind(tools));
        }
        List<ToolSpec> out = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (int i = 0; i < tools.size(); i++) {
            String at = path + "[" + i + "]";
            JsonNode tool = tools.get(i);
            if (!tool.isObject()) {
                throw invalid(at, "must be an object, got " + kind(tool));
            }
            String name = requireName(JsonFields.text(tool, "name", at + ".name"), at + ".name", names);
            String parameters = JsonFields.text(tool, "parametersJson", at + ".parametersJson");
            JsonNode schema = field(tool, "parameters");
            if (schema != null && parameters != null) {
                throw invalid(at, "must give parameters or parametersJson, not both");
            }
            if (schema != null) {
                if (!schema.isObject()) {
                    throw invalid(at + ".parameters", "must be a JSON Schema object, got " + kind(schema));
                }
                parameters = schema.toString();
            }
            Boolean sideEffect = JsonFields.bool(tool, "sideEffect", at + ".sideEffect");
            out.add(ToolSpec.newBuilder()
                    .setName(name)
                    .setDescription(JsonFields.text(tool, "description", at + ".description"))
                    .setSideEffect(sideEffect != null && sideEffect)
                    .setParametersJson(parameters)
                    .build());
        }
        return out;
    }

    /** Tool names must be present and unique: policy and approvals refer to tools by name. */
    static String requireName(String name, String path, Set<String> seen) throws ChatRequestException {
        if (name == null || name.isBlank()) {
            throw invalid(path, "is required and must not be blank");
        }
        if (!seen.add(name)) {
            throw invalid(path, "repeats tool name '" + name + "'; tool names must be unique within a request");
        }
        return name;
    }

    private static List<String> sorted(Set<String> keys) {
        List<String> list = new ArrayList<>(keys);
        list.sort(null);
        return list;
    }
}
