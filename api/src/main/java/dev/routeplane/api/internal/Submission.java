package dev.routeplane.api.internal;

import dev.routeplane.contract.RouteRequest;
import dev.routeplane.schemas.ReasonCodes;
import dev.routeplane.schemas.RequestSize;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Function;

/**
 * What the chat-completions and requests routes share: the submit function, the result store, the clock,
 * the executor answers are written on (never the Kafka or index threads), the Idempotency-Key rules, and the size
 * limit every request is held to ({@code router.maxRequestBytes}, counted as {@link RequestSize} counts it).
 */
public record Submission(
        Function<RouteRequest, CompletableFuture<Void>> submit,
        ResultStore store,
        Clock clock,
        Executor responders,
        long maxRequestBytes) {

    /** The header that names a request's id so a retry is not run twice. */
    public static final String IDEMPOTENCY_KEY = "Idempotency-Key";
    /** The header every answer about a request carries. */
    public static final String REQUEST_ID_HEADER = "X-Routeplane-Request-Id";

    private static final int MAX_KEY = 255;

    /** The Idempotency-Key header, validated: 1 to 255 visible characters. */
    public static Optional<String> idempotencyKey(HttpCall call) {
        String key = call.header(IDEMPOTENCY_KEY);
        if (key == null) {
            return Optional.empty();
        }
        key = key.strip();
        boolean visible =
                !key.isEmpty() && key.length() <= MAX_KEY && key.chars().noneMatch(c -> c < 0x20 || c == 0x7f);
        if (!visible) {
            throw ApiException.badRequest(
                    "invalid_idempotency_key",
                    IDEMPOTENCY_KEY,
                    IDEMPOTENCY_KEY + " must be 1 to " + MAX_KEY + " characters without control characters");
        }
        return Optional.of(key);
    }

    /**
     * Submits unless the request already has a result (a retry with the same key); tracks it as pending.
     *
     * @throws ApiException 413 {@code REQUEST_TOO_LARGE} if the request is larger than {@link #maxRequestBytes}: its
     *     routed task could not be written to Kafka, so it is refused here rather than by the router
     */
    public CompletableFuture<Void> submitOnce(RouteRequest request) {
        long bytes = RequestSize.over(request, maxRequestBytes);
        if (bytes > 0) {
            throw new ApiException(
                    413,
                    "invalid_request_error",
                    ReasonCodes.REQUEST_TOO_LARGE,
                    "messages",
                    RequestSize.tooLarge(bytes, maxRequestBytes));
        }
        if (store.result(request.getTenantId(), request.getRequestId()).isPresent()) {
            return CompletableFuture.completedFuture(null);
        }
        store.markSubmitted(request.getTenantId(), request.getRequestId());
        try {
            return submit.apply(request);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /** The answer when Kafka did not take the request. */
    public static ApiException submissionFailed(Throwable cause) {
        return new ApiException(
                503,
                "server_error",
                "submission_failed",
                null,
                "The request could not be submitted" + " to Kafka ("
                        + cause.getClass().getSimpleName() + "); retry with the same " + IDEMPOTENCY_KEY);
    }
}
