package dev.routeplane.executors.adapter;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.routeplane.executors.ErrorKind;
import dev.routeplane.executors.ProviderAdapter;
import dev.routeplane.executors.ProviderCall;
import dev.routeplane.executors.ProviderCallException;
import dev.routeplane.executors.ProviderResponse;
import dev.routeplane.executors.RateLimitSnapshot;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;

/**
 * The shared base of JSON-over-HTTP adapters: sends with {@link HttpClient#sendAsync}, turns transport failures
 * into retryable {@link ProviderCallException}s, and leaves mapping and classification to the provider's mappers.
 * A 200 is a success only when its body parses into a complete completion; a 200 carrying an error object or a
 * cut-off body is a retryable failure, never a success.
 */
public abstract class JsonHttpAdapter implements ProviderAdapter {
    /** The header naming the request a call is made for (OpenAI's name for it; other APIs ignore it). */
    public static final String CLIENT_REQUEST_ID = "X-Client-Request-Id";

    private final AdapterManifest manifest;
    private final HttpClient http;
    private final Clock clock;

    protected JsonHttpAdapter(AdapterManifest manifest, HttpClient http, Clock clock) {
        this.manifest = manifest;
        this.http = http;
        this.clock = clock;
    }

    /** The manifest this adapter sends with. */
    public AdapterManifest manifest() {
        return manifest;
    }

    /** The provider request body for {@code call}. */
    public abstract ObjectNode mapRequest(ProviderCall call);

    /** The rate-limit headers of any response. */
    protected abstract RateLimitSnapshot rateLimits(HttpHeaders headers, Instant now);

    /**
     * Maps a 200 body. Returns the completion, or throws a {@link ProviderCallException} when the body is an error
     * object or not a complete completion.
     */
    public abstract ProviderResponse mapSuccess(ObjectNode body, RateLimitSnapshot rateLimits);

    /** Classifies a non-200 response; {@code body} is null when it was not a JSON object. */
    public abstract ProviderCallException classifyError(int status, ObjectNode body, RateLimitSnapshot rateLimits);

    @Override
    public CompletableFuture<ProviderResponse> call(ProviderCall call) {
        HttpRequest request;
        try {
            request = buildRequest(call);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(new ProviderCallException(
                    ErrorKind.PERMANENT,
                    ProviderCallException.CLIENT_ERROR,
                    0,
                    null,
                    "cannot build the request: " + e.getClass().getSimpleName()));
        }
        // The future sendAsync returns is completed through CompletableFuture's default executor (JDK 17
        // HttpClientImpl.sendAsync ends in whenCompleteAsync(.., ASYNC_POOL)), which on a machine with fewer than three
        // CPUs is thread-per-task: every response would start a new thread that then runs the whole continuation.
        // So the answer is taken from the body subscriber instead, and handed to the client's own executor; the
        // returned future serves only for failures that never produce a body (timeouts, connection errors).
        CompletableFuture<ProviderResponse> result = new CompletableFuture<>();
        Executor executor = http.executor().orElse(Runnable::run);
        HttpResponse.BodyHandler<byte[]> handler = info -> {
            HttpResponse.BodySubscriber<byte[]> bytes = HttpResponse.BodySubscribers.ofByteArray();
            bytes.getBody()
                    .whenCompleteAsync(
                            (body, error) -> {
                                if (error != null) {
                                    result.completeExceptionally(transportFailure(error, call));
                                    return;
                                }
                                try {
                                    result.complete(map(info.statusCode(), info.headers(), body));
                                } catch (RuntimeException e) {
                                    result.completeExceptionally(e);
                                }
                            },
                            executor);
            return bytes;
        };
        http.sendAsync(request, handler).whenComplete((response, error) -> {
            if (error != null) {
                result.completeExceptionally(transportFailure(error, call));
            }
        });
        return result;
    }

    /** The HTTP request for {@code call}: endpoint, static and auth headers, JSON body, per-call timeout. */
    public HttpRequest buildRequest(ProviderCall call) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(manifest.endpoint())
                .timeout(call.timeout())
                .header("content-type", "application/json")
                .header("accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(AdapterJson.bytes(mapRequest(call))));
        for (Map.Entry<String, String> h : manifest.staticHeaders().entrySet()) {
            builder.header(h.getKey(), h.getValue());
        }
        if (call.requestId() != null) {
            builder.header(CLIENT_REQUEST_ID, call.requestId());
        }
        if (call.apiKey() != null) {
            builder.header(
                    manifest.authHeader(), manifest.authPrefix() + call.apiKey().reveal());
        }
        return builder.build();
    }

    /** Maps a received response: success, error-in-200, cut-off, or classified error status. */
    public ProviderResponse map(HttpResponse<byte[]> response) {
        return map(response.statusCode(), response.headers(), response.body());
    }

    /** As {@link #map(HttpResponse)}, from parts (the contract test feeds fixtures through here too). */
    public ProviderResponse map(int status, HttpHeaders headers, byte[] body) {
        RateLimitSnapshot limits = rateLimits(headers, clock.instant());
        ObjectNode json = AdapterJson.objectOrNull(body);
        if (status == 200) {
            if (json == null) {
                throw new ProviderCallException(
                        ErrorKind.RETRYABLE,
                        ProviderCallException.MALFORMED_RESPONSE,
                        200,
                        limits,
                        "HTTP 200 with a body that is not a complete JSON object (cut off after "
                                + (body == null ? 0 : body.length) + " bytes)");
            }
            return mapSuccess(json, limits);
        }
        throw classifyError(status, json, limits);
    }

    private static ProviderCallException transportFailure(Throwable error, ProviderCall call) {
        Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        if (cause instanceof ProviderCallException pce) {
            return pce;
        }
        if (cause instanceof HttpTimeoutException) {
            return new ProviderCallException(
                    ErrorKind.RETRYABLE,
                    ProviderCallException.TIMEOUT,
                    0,
                    null,
                    "no answer within " + call.timeout().toMillis() + " ms");
        }
        if (cause instanceof IOException) {
            return new ProviderCallException(
                    ErrorKind.RETRYABLE,
                    ProviderCallException.SERVER_ERROR,
                    0,
                    null,
                    "connection failed: " + cause.getClass().getSimpleName()
                            + (cause.getMessage() == null ? "" : " " + AdapterJson.excerpt(cause.getMessage())));
        }
        return new ProviderCallException(
                ErrorKind.RETRYABLE,
                ProviderCallException.SERVER_ERROR,
                0,
                null,
                "call failed: " + cause.getClass().getSimpleName());
    }

    /** The common status table; providers refine it with their error bodies. */
    protected static ProviderCallException byStatus(int status, RateLimitSnapshot limits, String detail) {
        String message = "HTTP " + status + (detail.isEmpty() ? "" : ": " + detail);
        if (status == 429) {
            return new ProviderCallException(
                    ErrorKind.RATE_LIMITED, ProviderCallException.RATE_LIMITED, status, limits, message);
        }
        if (status == 408 || status >= 500) {
            return new ProviderCallException(
                    ErrorKind.RETRYABLE,
                    status == 408 ? ProviderCallException.TIMEOUT : ProviderCallException.SERVER_ERROR,
                    status,
                    limits,
                    message);
        }
        return new ProviderCallException(
                ErrorKind.PERMANENT, ProviderCallException.CLIENT_ERROR, status, limits, message);
    }
}
