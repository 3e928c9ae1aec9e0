package dev.routeplane.api.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.routeplane.contract.ExecutionResult;
import dev.routeplane.contract.ResultStatus;
import dev.routeplane.openai.ChatCompletionJson;
import dev.routeplane.schemas.Money;
import dev.routeplane.schemas.ReasonCodes;
import java.util.Set;

/**
 * How a terminal result that did not succeed is answered over HTTP. The error {@code code} is Routeplane's
 * stable reason code (the same string the batch output file carries), so scripts match one vocabulary:
 *
 * <table>
 *   <caption>status mapping</caption>
 *   <tr><td>BUDGET_EXCEEDED (status or reason)</td><td>429, type {@code insufficient_quota}, as OpenAI
 *       answers an exhausted quota; retrying without raising the budget fails again</td></tr>
 *   <tr><td>REJECTED for policy: POLICY_NO_ELIGIBLE_ROUTE, TOOL_NOT_ALLOWED, APPROVAL_REQUIRED,
 *       UNKNOWN_TENANT</td><td>403, type {@code permission_error}</td></tr>
 *   <tr><td>REJECTED, INTERNAL_ERROR</td><td>500, type {@code server_error}</td></tr>
 *   <tr><td>REJECTED otherwise (SCHEMA_INVALID, EMPTY_MESSAGES, PROMPT_TOO_LARGE, ...)</td><td>400</td></tr>
 *   <tr><td>TIMED_OUT (the request's own deadline)</td><td>504, type {@code timeout}</td></tr>
 *   <tr><td>FAILED (every provider call failed)</td><td>502, type {@code server_error}</td></tr>
 * </table>
 */
public final class ResultResponses {
    private static final Set<String> POLICY = Set.of(
            ReasonCodes.POLICY_NO_ELIGIBLE_ROUTE,
            ReasonCodes.TOOL_NOT_ALLOWED,
            ReasonCodes.APPROVAL_REQUIRED,
            ReasonCodes.UNKNOWN_TENANT);

    private ResultResponses() {}

    /** The error answer for a result that did not succeed. */
    public static ApiException errorFor(ExecutionResult result) {
        String code = ChatCompletionJson.errorCode(result);
        String message = ChatCompletionJson.errorMessage(result);
        if (result.getStatus() == ResultStatus.BUDGET_EXCEEDED || ReasonCodes.BUDGET_EXCEEDED.equals(code)) {
            return new ApiException(429, "insufficient_quota", code, null, message);
        }
        return switch (result.getStatus()) {
            case REJECTED ->
                POLICY.contains(code)
                        ? new ApiException(403, "permission_error", code, null, message)
                        : ReasonCodes.INTERNAL_ERROR.equals(code)
                                ? new ApiException(500, "server_error", code, null, message)
                                : new ApiException(400, "invalid_request_error", code, null, message);
            case TIMED_OUT -> new ApiException(504, "timeout", code, null, message);
            case CANCELLED -> new ApiException(409, "invalid_request_error", code, null, message);
            default -> new ApiException(502, "server_error", code, null, message);
        };
    }

    /** Routeplane's view of a finished request, for {@code GET /v1/requests/{id}}. */
    public static ObjectNode requestJson(ExecutionResult result) {
        ObjectNode json = Json.object()
                .put("object", "routeplane.request")
                .put("requestId", result.getRequestId())
                .put("batchId", result.getBatchId())
                .put("status", result.getStatus().name())
                .put("reason", result.getReason())
                .put("provider", result.getProvider())
                .put("model", result.getModel())
                .put("costUsd", Money.format(result.getCostMicros()).replace("$", ""))
                .put("costMicros", result.getCostMicros())
                .put("latencyMs", result.getLatencyMs())
                .put("attempts", result.getAttempts().size())
                .put("completedAt", result.getCompletedAt().toString());
        if (result.getStatus() == ResultStatus.SUCCEEDED) {
            json.set("response", ChatCompletionJson.toChatCompletion(result));
            json.putNull("error");
        } else {
            json.putNull("response");
            json.putObject("error")
                    .put("code", ChatCompletionJson.errorCode(result))
                    .put("message", ChatCompletionJson.errorMessage(result));
        }
        return json;
    }
}
