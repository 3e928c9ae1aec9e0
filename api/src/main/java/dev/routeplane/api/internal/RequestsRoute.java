package dev.routeplane.api.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.routeplane.contract.LatencyClass;
import dev.routeplane.contract.RejectedRequest;
import dev.routeplane.contract.RouteRequest;
import dev.routeplane.openai.ChatCompletionJson;
import dev.routeplane.openai.ChatRequestException;
import dev.routeplane.openai.RequestContext;
import dev.routeplane.openai.RouteplaneRequestJson;
import java.util.List;
import java.util.Optional;

/**
 * Routeplane's asynchronous requests: {@code POST /v1/requests} takes Routeplane's request JSON (recognised
 * by {@code requestId}, {@code tenantId}, {@code batchId} or {@code hints}) or an OpenAI chat body, submits it
 * and answers 202 with the requestId once Kafka acknowledged it; {@code GET /v1/requests/{id}} answers the
 * result, or {@code PENDING} for a request this API submitted whose result has not come yet. An id the index
 * does not know (never submitted, another tenant's, or older than the index keeps) is 404.
 */
public final class RequestsRoute implements ApiRoute {
    private static final List<String> ROUTEPLANE_KEYS = List.of("requestId", "tenantId", "batchId", "hints");

    private final Submission submission;

    public RequestsRoute(Submission submission) {
        this.submission = submission;
    }

    @Override
    public void handle(HttpCall call, String tenant, String subPath) {
        String method = call.method();
        if (subPath.isEmpty()) {
            if (!"POST".equals(method)) {
                throw ApiException.methodNotAllowed("POST");
            }
            submit(call, tenant);
        } else if ("GET".equals(method)) {
            String id = HttpIo.decodeSegment(subPath);
            call.setHeader(Submission.REQUEST_ID_HEADER, id);
            call.sendJson(200, status(tenant, id));
        } else {
            throw ApiException.methodNotAllowed("GET");
        }
    }

    private void submit(HttpCall call, String tenant) {
        Optional<String> key = Submission.idempotencyKey(call);
        JsonNode body = call.readJsonObject();
        RouteRequest request;
        try {
            if (ROUTEPLANE_KEYS.stream().anyMatch(body::has)) {
                request = RouteplaneRequestJson.toRouteRequest(
                        body, tenant, null, submission.clock().instant(), LatencyClass.BACKGROUND);
                if (key.isPresent() && !key.get().equals(request.getRequestId())) {
                    throw ApiException.badRequest(
                            "INVALID_FIELD",
                            "requestId",
                            "requestId differs from the " + Submission.IDEMPOTENCY_KEY
                                    + " header; give one of them, or the same value");
                }
            } else {
                request = ChatCompletionJson.toRouteRequest(
                        body,
                        new RequestContext(
                                key.orElseGet(() -> Ids.next(Ids.REQUEST)),
                                tenant,
                                null,
                                submission.clock().instant(),
                                LatencyClass.BACKGROUND));
            }
        } catch (ChatRequestException e) {
            throw ApiException.badRequest(e.reason().name(), e.param(), e.getMessage());
        }
        String id = request.getRequestId();
        call.setHeader(Submission.REQUEST_ID_HEADER, id);
        submission
                .submitOnce(request)
                .whenCompleteAsync(
                        (ok, error) -> {
                            try {
                                if (error != null) {
                                    call.sendError(Submission.submissionFailed(ApiDispatcher.unwrap(error)), id);
                                } else {
                                    call.setHeader("Location", "/v1/requests/" + HttpIo.encodeSegment(id));
                                    call.sendJson(202, status(tenant, id));
                                }
                            } catch (RuntimeException e) {
                                ApiDispatcher.fail(call, e);
                            }
                        },
                        submission.responders());
    }

    private ObjectNode status(String tenant, String id) {
        ResultStore.Entry entry =
                submission.store().lookup(tenant, id).orElseThrow(() -> ApiException.notFound("request", id));
        if (entry.result() != null) {
            return ResultResponses.requestJson(entry.result());
        }
        ObjectNode pending = Json.object()
                .put("object", "routeplane.request")
                .put("requestId", id)
                .put("status", "PENDING")
                .put(
                        "submittedAt",
                        entry.submittedAt() == null ? null : entry.submittedAt().toString());
        RejectedRequest rejection = entry.rejection();
        if (rejection != null) {
            // Only a duplicate is rejected without a result; the original submission's result is still to come.
            pending.putObject("rejection")
                    .put("code", rejection.getReasonCode())
                    .put("detail", rejection.getDetail());
        }
        return pending;
    }
}
