package dev.routeplane.api.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.routeplane.openai.CompletionWindow;
import java.io.IOException;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The OpenAI Batches API: {@code POST /v1/batches}, {@code GET /v1/batches} ({@code limit}, {@code after}),
 * {@code GET /v1/batches/{id}}, {@code POST /v1/batches/{id}/cancel}. Only the caller's own batches exist
 * for it.
 */
public final class BatchesRoute implements ApiRoute {
    private static final int MAX_METADATA_PAIRS = 16;
    private static final int MAX_METADATA_KEY = 64;
    private static final int MAX_METADATA_VALUE = 512;

    private final BatchService batches;

    public BatchesRoute(BatchService batches) {
        this.batches = batches;
    }

    /** Creating a batch submits its whole input file to Kafka before answering. */
    @Override
    public boolean runsLong(String method, String subPath) {
        return "POST".equals(method) && subPath.isEmpty();
    }

    @Override
    public void handle(HttpCall call, String tenant, String subPath) throws IOException {
        String method = call.method();
        if (subPath.isEmpty()) {
            switch (method) {
                case "POST" -> create(call, tenant);
                case "GET" -> list(call, tenant);
                default -> throw ApiException.methodNotAllowed("GET or POST");
            }
            return;
        }
        boolean cancel = subPath.endsWith("/cancel");
        String id =
                HttpIo.decodeSegment(cancel ? subPath.substring(0, subPath.length() - "/cancel".length()) : subPath);
        if (cancel) {
            if (!"POST".equals(method)) {
                throw ApiException.methodNotAllowed("POST");
            }
            call.sendJson(200, batches.cancel(tenant, id).orElseThrow(() -> ApiException.notFound("batch", id)));
        } else if ("GET".equals(method)) {
            call.sendJson(200, batches.get(tenant, id).orElseThrow(() -> ApiException.notFound("batch", id)));
        } else {
            throw ApiException.methodNotAllowed("GET");
        }
    }

    private void create(HttpCall call, String tenant) throws IOException {
        JsonNode body = call.readJsonObject();
        String inputFileId = requiredText(body, "input_file_id");
        endpoint(requiredText(body, "endpoint"));
        call.sendJson(
                200,
                batches.create(
                        tenant,
                        inputFileId,
                        metadata(body.get("metadata")),
                        completionWindow(requiredText(body, "completion_window"))));
    }

    /** Routeplane batches run chat completions only. */
    static void endpoint(String endpoint) {
        if (!BatchService.ENDPOINT.equals(endpoint)) {
            throw ApiException.badRequest(
                    "unsupported_endpoint",
                    "endpoint",
                    "Endpoint '" + Json.shorten(endpoint) + "' is not supported; Routeplane batches run "
                            + BatchService.ENDPOINT);
        }
    }

    /** OpenAI's {@code 24h}, or another span from 1m to 7d (see {@link CompletionWindow}). */
    static Duration completionWindow(String text) {
        try {
            return CompletionWindow.parse(text);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("invalid_completion_window", "completion_window", e.getMessage());
        }
    }

    static String requiredText(JsonNode body, String field) {
        JsonNode value = body.get(field);
        if (value == null || !value.isTextual() || value.textValue().isBlank()) {
            throw ApiException.badRequest(
                    "missing_field", field, "Field '" + field + "' is required and must be a string");
        }
        return value.textValue();
    }

    /** OpenAI's limits: up to 16 string pairs, keys up to 64 and values up to 512 characters. */
    static ObjectNode metadata(JsonNode metadata) {
        if (metadata == null || metadata instanceof NullNode) {
            return null;
        }
        if (!metadata.isObject() || metadata.size() > MAX_METADATA_PAIRS) {
            throw ApiException.badRequest(
                    "invalid_metadata",
                    "metadata",
                    "metadata must be an object of at most " + MAX_METADATA_PAIRS + " string values");
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = metadata.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> pair = it.next();
            if (pair.getKey().length() > MAX_METADATA_KEY
                    || !pair.getValue().isTextual()
                    || pair.getValue().textValue().length() > MAX_METADATA_VALUE) {
                throw ApiException.badRequest(
                        "invalid_metadata",
                        "metadata." + Json.shorten(pair.getKey()),
                        "metadata"
                                + " keys are strings of at most " + MAX_METADATA_KEY
                                + " characters, values strings of at most "
                                + MAX_METADATA_VALUE);
            }
        }
        return (ObjectNode) metadata;
    }

    /** The page size of a list: OpenAI's default 20, or 1 to 100. */
    static int limit(String text) {
        if (text == null) {
            return 20;
        }
        int limit;
        try {
            limit = Integer.parseInt(text);
        } catch (NumberFormatException e) {
            limit = -1;
        }
        if (limit < 1 || limit > 100) {
            throw ApiException.badRequest(
                    "invalid_limit",
                    "limit",
                    "limit must be a whole number from 1 to 100, got '" + Json.shorten(text) + "'");
        }
        return limit;
    }

    private void list(HttpCall call, String tenant) throws IOException {
        Map<String, String> query = call.query();
        int limit = limit(query.get("limit"));
        List<ObjectNode> all = batches.list(tenant);
        int from = 0;
        String after = query.get("after");
        if (after != null) {
            for (int i = 0; i < all.size(); i++) {
                if (all.get(i).path("id").asText().equals(after)) {
                    from = i + 1;
                }
            }
        }
        List<ObjectNode> page = all.subList(Math.min(from, all.size()), Math.min(from + limit, all.size()));
        ObjectNode list = Json.object().put("object", "list");
        ArrayNode data = list.putArray("data");
        page.forEach(data::add);
        list.put("first_id", page.isEmpty() ? null : page.get(0).path("id").asText());
        list.put(
                "last_id",
                page.isEmpty() ? null : page.get(page.size() - 1).path("id").asText());
        list.put("has_more", from + limit < all.size());
        call.sendJson(200, list);
    }
}
