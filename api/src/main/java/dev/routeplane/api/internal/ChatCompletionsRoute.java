package dev.routeplane.api.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.routeplane.contract.ExecutionResult;
import dev.routeplane.contract.LatencyClass;
import dev.routeplane.contract.ResultStatus;
import dev.routeplane.contract.RouteRequest;
import dev.routeplane.openai.ChatCompletionChunks;
import dev.routeplane.openai.ChatCompletionJson;
import dev.routeplane.openai.ChatRequestException;
import dev.routeplane.openai.RequestContext;
import dev.routeplane.openai.StreamOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * OpenAI-compatible {@code POST /v1/chat/completions}: the body becomes a routed request (model {@code auto}
 * or an alias), and the answer waits for its terminal result up to a timeout. No handler thread waits: the
 * answer is written from the result's future. The requestId is the {@code Idempotency-Key} header when
 * given (a retry returns the first result and is not run again), else a fresh {@code req_...} id; it comes
 * back in {@code X-Routeplane-Request-Id} and in the completion's {@code routeplane.request_id}. With
 * {@code stream: true} a succeeded result is answered as server-sent {@code chat.completion.chunk} events
 * ending with {@code data: [DONE]}; a request that fails is answered with its error status and JSON before
 * any event, as no byte is sent until the result is in.
 */
public final class ChatCompletionsRoute implements ApiRoute {
    /** Header lowering the wait for this call, in milliseconds. */
    public static final String TIMEOUT_HEADER = "X-Routeplane-Timeout-Ms";

    private static final Logger LOG = LoggerFactory.getLogger(ChatCompletionsRoute.class);

    private final Submission submission;
    private final Duration maxWait;

    public ChatCompletionsRoute(Submission submission, Duration maxWait) {
        this.submission = submission;
        this.maxWait = maxWait;
    }

    @Override
    public void handle(HttpCall call, String tenant, String subPath) {
        if (!subPath.isEmpty()) {
            throw new ApiException(
                    404,
                    "invalid_request_error",
                    "unknown_url",
                    null,
                    "Unknown URL; did you mean POST" + " /v1/chat/completions?");
        }
        if (!"POST".equals(call.method())) {
            throw ApiException.methodNotAllowed("POST");
        }
        Duration wait = waitFor(call);
        String requestId = Submission.idempotencyKey(call).orElseGet(() -> Ids.next(Ids.REQUEST));
        ObjectNode body = (ObjectNode) call.readJsonObject();
        RouteRequest request;
        StreamOptions streaming;
        try {
            streaming = StreamOptions.take(body);
            request = ChatCompletionJson.toRouteRequest(
                    body,
                    new RequestContext(
                            requestId, tenant, null, submission.clock().instant(), LatencyClass.INTERACTIVE));
        } catch (ChatRequestException e) {
            throw ApiException.badRequest(e.reason().name(), e.param(), e.getMessage());
        }
        call.setHeader(Submission.REQUEST_ID_HEADER, requestId);
        call.waitWithoutIdleTimeout(); // the wait below has its own deadline
        LOG.debug("Chat completion {} of tenant {} submitted", requestId, tenant);
        submission
                .submitOnce(request)
                .handle((ok, error) -> {
                    if (error != null) {
                        throw new CompletionException(Submission.submissionFailed(ApiDispatcher.unwrap(error)));
                    }
                    return ok;
                })
                .thenCompose(ok -> submission.store().await(tenant, requestId, wait))
                .whenCompleteAsync(
                        (result, error) -> answer(call, requestId, wait, streaming, result, error),
                        submission.responders());
    }

    private Duration waitFor(HttpCall call) {
        String header = call.header(TIMEOUT_HEADER);
        if (header == null) {
            return maxWait;
        }
        long millis;
        try {
            millis = Long.parseLong(header.strip());
        } catch (NumberFormatException e) {
            millis = -1;
        }
        if (millis < 1) {
            throw ApiException.badRequest(
                    "invalid_timeout", TIMEOUT_HEADER, TIMEOUT_HEADER + " must be a positive number of milliseconds");
        }
        return millis < maxWait.toMillis() ? Duration.ofMillis(millis) : maxWait;
    }

    private static void answer(
            HttpCall call,
            String requestId,
            Duration wait,
            StreamOptions streaming,
            ExecutionResult result,
            Throwable error) {
        try {
            if (error != null) {
                Throwable cause = ApiDispatcher.unwrap(error);
                ApiException answer = cause instanceof ApiException api
                        ? api
                        : cause instanceof TimeoutException
                                ? new ApiException(
                                        504,
                                        "timeout",
                                        "result_pending",
                                        null,
                                        "No result within " + wait.toMillis()
                                                + " ms; the request is still being processed. Poll GET"
                                                + " /v1/requests/" + requestId + " or retry with "
                                                + Submission.IDEMPOTENCY_KEY + ": " + requestId)
                                : Submission.submissionFailed(cause);
                call.sendError(answer, requestId);
            } else if (result.getStatus() == ResultStatus.SUCCEEDED && streaming.stream()) {
                List<String> events = new ArrayList<>();
                for (ObjectNode chunk : ChatCompletionChunks.of(result, streaming.includeUsage())) {
                    events.add(chunk.toString());
                }
                events.add(ChatCompletionChunks.DONE);
                call.sendEvents(events);
            } else if (result.getStatus() == ResultStatus.SUCCEEDED) {
                call.sendJson(200, ChatCompletionJson.toChatCompletion(result));
            } else {
                ApiException answer = ResultResponses.errorFor(result);
                call.sendError(answer, requestId);
            }
        } catch (RuntimeException e) {
            LOG.warn(
                    "Could not answer chat completion {}: {}",
                    requestId,
                    e.getClass().getSimpleName());
            call.abort(e);
        }
    }
}
