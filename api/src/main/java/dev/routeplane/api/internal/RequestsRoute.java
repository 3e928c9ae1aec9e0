package dev.routeplane.api.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import dev.routeplane.contract.LatencyClass;
import dev.routeplane.contract.RejectedRequest;
import dev.routeplane.contract.RouteRequest;
import dev.routeplane.openai.ChatCompletionJson;
import dev.routeplane.openai.ChatRequestException;
import dev.routeplane.openai.RequestContext;
import dev.routeplane.openai.RouteplaneRequestJson;
import java.io.IOException;
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
    public void handle(HttpExchange exchange, String tenant, String subPath) throws IOException {
        String method = exchange.getRequestMethod();
        if (subPath.isEmpty()) {
            if (!"POST".equals(method)) {
                throw ApiException.methodNotAllowed("POST");
            }
            submit(exchange, tenant);
        } else if ("GET".equals(method)) {
            String id = HttpIo.decodeSegment(subPath);
            exchange.getResponseHeaders().set(Submission.REQUEST_ID_HEADER, id);
            HttpIo.sendJson(exchange, 200, status(tenant, id));
        } else {
            throw ApiException.methodNotAllowed("GET");
        }
    }

    private void submit(HttpExchange exchange, String tenant) throws IOException {
        Optional<String> key = Submission.idempotencyKey(exchange);
        JsonNode body = HttpIo.readJsonObject(exchange);
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
        exchange.getResponseHeaders().set(Submission.REQUEST_ID_HEADER, id);
        submission
                .submitOnce(request)
                .whenCompleteAsync(
                        (ok, error) -> {
                            try {
                                if (error != null) {
                                    HttpIo.sendJson(
                                            exchange,
                                            503,
                                            HttpIo.errorBody(
                                                    Submission.submissionFailed(ChatCompletionsRoute.unwrap(error)),
                                                    id));
                                } else {
                                    exchange.getResponseHeaders()
                                            .set("Location", "/v1/requests/" + HttpIo.encodeSegment(id));
                                    HttpIo.sendJson(exchange, 202, status(tenant, id));
                                }
                            } catch (IOException | RuntimeException e) {
                                exchange.close();
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
