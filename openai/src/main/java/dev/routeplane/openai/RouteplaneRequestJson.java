package dev.routeplane.openai;

import static dev.routeplane.openai.JsonFields.field;
import static dev.routeplane.openai.JsonFields.invalid;

import com.fasterxml.jackson.databind.JsonNode;
import dev.routeplane.contract.LatencyClass;
import dev.routeplane.contract.RequestHints;
import dev.routeplane.contract.RouteRequest;
import java.time.Instant;
import java.util.Iterator;
import java.util.Objects;
import java.util.Set;

/**
 * Routeplane's own request JSON, the {@code RouteRequest} contract written by hand:
 *
 * <pre>{@code
 * {"requestId": "invoice-42",                  // required: the idempotency key
 *  "tenantId": "acme",                         // optional: must equal the submitting tenant if both are given
 *  "batchId": "nightly",                       // optional: must equal the caller's batch if both are given
 *  "messages": [{"role": "user", "content": "..."}],      // required, as in OpenAI's chat format
 *  "hints": {"taskType": "EXTRACTION", "latencyClass": "batch", "qualityTier": "standard",
 *            "maxCostUsd": "0.02",             // decimal dollars (string or number), stored exactly as micros
 *            "deadlineMs": 600000, "maxOutputTokens": 512, "responseFormat": "json_object",
 *            "dataClass": "CONFIDENTIAL", "tags": ["eu_data_residency"], "pinnedAlias": "prod-stable",
 *            "tools": [{"name": "lookup", "description": "...", "sideEffect": false,
 *                       "parameters": {"type": "object"}}],
 *            "approvals": ["send_email"]},
 *  "metadata": {"job": "invoices"}}            // string values, echoed, never interpreted by routing
 * }</pre>
 *
 * <p>Unknown keys at any level are errors: in this format every key is ours, so an unknown one is a typo.
 * {@code submittedAt} is not read from the line; the submitting side stamps it from its clock.
 */
public final class RouteplaneRequestJson {
    private static final Set<String> TOP_LEVEL =
            Set.of("requestId", "tenantId", "batchId", "messages", "hints", "metadata");

    private RouteplaneRequestJson() {}

    /**
     * Maps one request object.
     *
     * @param tenantId the submitting tenant ({@code --tenant} or the API key's), or null to take the line's
     * @param batchId the caller's batch, or null to take the line's
     */
    public static RouteRequest toRouteRequest(
            JsonNode json, String tenantId, String batchId, Instant submittedAt, LatencyClass defaultLatencyClass)
            throws ChatRequestException {
        Objects.requireNonNull(submittedAt, "submittedAt");
        if (json == null || !json.isObject()) {
            throw invalid("request", "must be a JSON object");
        }
        for (Iterator<String> names = json.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!TOP_LEVEL.contains(name)) {
                throw invalid(
                        name,
                        "is not a field of a Routeplane request; known: batchId, hints, messages, metadata,"
                                + " requestId, tenantId");
            }
        }
        String requestId = JsonFields.text(json, "requestId", "requestId");
        if (requestId == null || requestId.isBlank()) {
            throw new ChatRequestException(
                    BatchLineReason.MISSING_CUSTOM_ID,
                    "requestId",
                    "requestId is required: it is the request's idempotency key");
        }
        String tenant = agree(
                tenantId,
                JsonFields.text(json, "tenantId", "tenantId"),
                "tenantId",
                "the request names tenant '%s' but it is submitted for tenant '%s'");
        if (tenant == null || tenant.isBlank()) {
            throw invalid("tenantId", "is required when no tenant is given by the submitter (use --tenant)");
        }
        String batch = agree(
                batchId,
                JsonFields.text(json, "batchId", "batchId"),
                "batchId",
                "the request names batch '%s' but it is submitted as part of batch '%s'");

        RequestHints.Builder hints = RequestHints.newBuilder().setLatencyClass(defaultLatencyClass);
        JsonNode hintsJson = field(json, "hints");
        if (hintsJson != null) {
            HintsJson.apply(hintsJson, "hints", hints, HintsJson.ALL_KEYS);
        }
        return RouteRequest.newBuilder()
                .setRequestId(requestId)
                .setTenantId(tenant)
                .setBatchId(batch)
                .setSubmittedAt(submittedAt)
                .setMessages(MessagesJson.read(json, "messages"))
                .setHints(hints.build())
                .setMetadata(JsonFields.stringMap(json, "metadata", "metadata"))
                .build();
    }

    /** The caller's value wins when the line has none; two different values are refused, never overridden. */
    private static String agree(String callers, String lines, String path, String conflict)
            throws ChatRequestException {
        if (callers != null && lines != null && !callers.equals(lines)) {
            throw invalid(path, "conflicts: " + String.format(conflict, lines, callers));
        }
        return callers != null ? callers : lines;
    }
}
