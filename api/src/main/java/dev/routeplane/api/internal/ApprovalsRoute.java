package dev.routeplane.api.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.routeplane.api.TenantAuthenticator;
import dev.routeplane.config.ApiKeyRole;
import dev.routeplane.config.RouteplaneConfig;
import dev.routeplane.config.Tenant;
import dev.routeplane.contract.Approval;
import dev.routeplane.router.ApprovalPublisher;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;

/**
 * {@code POST /v1/approvals}: a tenant key with the approver role approves side-effect tools (the tenant's
 * {@code toolsRequiringApproval}) for one of its tenant's requests, by request id, before that request is sent. The
 * approval goes to {@code rp.approvals.v1} as {@code key:<key id>}; the router lets the tool through for that request
 * and records who approved it in the decision. Any other key is answered 403: an agent cannot approve its own request,
 * and a request's {@code approvals} hint grants nothing.
 *
 * <p>Body: {@code {"request_id": "...", "tools": ["send_email"], "note": "..."}}; 201 with the approval once Kafka
 * acknowledged it.
 */
public final class ApprovalsRoute implements ApiRoute {
    private static final int MAX_NOTE = 1_000;

    private final RouteplaneConfig config;
    private final ApprovalPublisher publisher;
    private final Clock clock;
    private final Executor responders;

    public ApprovalsRoute(RouteplaneConfig config, ApprovalPublisher publisher, Clock clock, Executor responders) {
        this.config = config;
        this.publisher = publisher;
        this.clock = clock;
        this.responders = responders;
    }

    @Override
    public void handle(HttpCall call, String tenantId, String subPath) {
        if (!subPath.isEmpty()) {
            throw new ApiException(404, "invalid_request_error", "unknown_url", null, "Unknown URL; use /v1/approvals");
        }
        if (!"POST".equals(call.method())) {
            throw ApiException.methodNotAllowed("POST");
        }
        TenantAuthenticator.Caller caller = call.caller();
        if (!caller.has(ApiKeyRole.APPROVER)) {
            throw new ApiException(
                    403,
                    "permission_error",
                    "approver_role_required",
                    null,
                    "API key " + caller.keyId() + " may not approve tools: only a key with roles: [approver] in"
                            + " routeplane.yaml may, and a request's own approvals hint grants nothing");
        }
        JsonNode body = call.readJsonObject();
        String requestId = text(body, "request_id", true);
        String note = text(body, "note", false);
        if (note != null && note.length() > MAX_NOTE) {
            throw ApiException.badRequest(
                    "invalid_approval", "note", "note is longer than " + MAX_NOTE + " characters");
        }
        List<String> tools = tools(body);
        Tenant tenant = config.tenants().get(tenantId);
        ApprovalPublisher.problem(tenant, requestId, tools).ifPresent(problem -> {
            throw ApiException.badRequest("invalid_approval", "tools", problem);
        });
        Approval approval =
                ApprovalPublisher.approval(tenantId, requestId, tools, "key:" + caller.keyId(), clock.instant(), note);
        publisher
                .publish(approval)
                .whenCompleteAsync(
                        (sent, error) -> {
                            if (error != null) {
                                call.sendError(new ApiException(
                                        503,
                                        "server_error",
                                        "submission_failed",
                                        null,
                                        "The approval could not be written to Kafka ("
                                                + ApiDispatcher.unwrap(error)
                                                        .getClass()
                                                        .getSimpleName()
                                                + "); retry"));
                            } else {
                                call.sendJson(201, json(sent));
                            }
                        },
                        responders);
    }

    private static String text(JsonNode body, String field, boolean required) {
        JsonNode node = body.get(field);
        if (node == null || node.isNull()) {
            if (required) {
                throw ApiException.badRequest("invalid_approval", field, field + " is required");
            }
            return null;
        }
        if (!node.isTextual() || node.asText().isBlank()) {
            throw ApiException.badRequest("invalid_approval", field, field + " must be a non-empty string");
        }
        return node.asText();
    }

    private static List<String> tools(JsonNode body) {
        JsonNode node = body.get("tools");
        if (node == null || !node.isArray() || node.isEmpty()) {
            throw ApiException.badRequest("invalid_approval", "tools", "tools must be a non-empty array of tool names");
        }
        List<String> tools = new ArrayList<>(node.size());
        for (JsonNode tool : node) {
            if (!tool.isTextual()) {
                throw ApiException.badRequest("invalid_approval", "tools", "tools must hold tool names (strings)");
            }
            tools.add(tool.asText());
        }
        return tools;
    }

    private static ObjectNode json(Approval approval) {
        ObjectNode json = Json.object()
                .put("object", "routeplane.approval")
                .put("tenant", approval.getTenantId())
                .put("request_id", approval.getRequestId())
                .put("approved_by", approval.getApprovedBy())
                .put("approved_at", approval.getApprovedAt().toString());
        approval.getTools().forEach(json.putArray("tools")::add);
        if (approval.getNote() != null) {
            json.put("note", approval.getNote());
        }
        return json;
    }
}
