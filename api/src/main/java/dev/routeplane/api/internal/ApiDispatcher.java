package dev.routeplane.api.internal;

import dev.routeplane.api.TenantAuthenticator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The API's Jetty handler: mounts first (longest-lived paths such as {@code /v1/ledger/}), then the
 * {@code /v1/} routes behind tenant authentication. A JSON body is read before its route runs, without holding
 * a thread while it arrives; a route that may block for long (batch creation) runs on its own pool; any
 * failure becomes an OpenAI-shaped error, and an unexpected one is logged with a reference, never shown.
 */
public final class ApiDispatcher extends Handler.Abstract {
    private static final Logger LOG = LoggerFactory.getLogger(ApiDispatcher.class);

    private final TenantAuthenticator authenticator;
    private final Map<String, ApiRoute> routes;
    private final List<ApiMount> mounts;
    private final Executor responders;
    private final Executor longWork;

    /**
     * @param responders where routes continue once a body has arrived (the server's own threads)
     * @param longWork where routes that {@linkplain ApiRoute#runsLong may block for long} run; a full queue is
     *     answered 503
     */
    public ApiDispatcher(
            TenantAuthenticator authenticator,
            Map<String, ApiRoute> routes,
            List<ApiMount> mounts,
            Executor responders,
            Executor longWork) {
        this.authenticator = authenticator;
        this.routes = Map.copyOf(routes);
        this.mounts = List.copyOf(mounts);
        this.responders = responders;
        this.longWork = longWork;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        HttpCall call = new HttpCall(request, response, callback);
        String path = call.rawPath();
        for (ApiMount mount : mounts) {
            if (path.startsWith(mount.prefix())) {
                if (mount.authenticated()
                        && authenticator
                                .authenticate(call.header("Authorization"))
                                .isEmpty()) {
                    fail(call, unauthorized(call));
                    return true;
                }
                return mount.handler().handle(request, response, callback);
            }
        }
        try {
            route(call, path);
        } catch (Throwable t) {
            fail(call, t);
        }
        return true;
    }

    private void route(HttpCall call, String path) {
        if (!path.startsWith("/v1/")) {
            throw new ApiException(
                    404,
                    "invalid_request_error",
                    "unknown_url",
                    null,
                    "Unknown URL " + shortPath(path) + "; the API lives under /v1/");
        }
        Optional<TenantAuthenticator.Caller> caller = authenticator.authenticate(call.header("Authorization"));
        if (caller.isEmpty()) {
            throw unauthorized(call);
        }
        for (Map.Entry<String, ApiRoute> route : routes.entrySet()) {
            String prefix = route.getKey();
            if (path.equals(prefix) || path.startsWith(prefix + "/")) {
                String sub = path.length() <= prefix.length() + 1 ? "" : path.substring(prefix.length() + 1);
                LOG.debug(
                        "{} {} tenant={} key={}",
                        call.method(),
                        prefix,
                        caller.get().tenantId(),
                        caller.get().keyId());
                call.caller(caller.get());
                run(call, route.getValue(), caller.get().tenantId(), sub);
                return;
            }
        }
        throw new ApiException(404, "invalid_request_error", "unknown_url", null, "Unknown URL " + shortPath(path));
    }

    private void run(HttpCall call, ApiRoute route, String tenant, String sub) {
        boolean jsonBody = "POST".equals(call.method()) && !isMultipart(call.header("Content-Type"));
        boolean runsLong = route.runsLong(call.method(), sub);
        CompletableFuture<HttpCall> ready =
                jsonBody ? call.loadBody(HttpIo.MAX_JSON_BODY) : CompletableFuture.completedFuture(call);
        if (ready.isDone() && !ready.isCompletedExceptionally() && !runsLong) {
            invoke(call, route, tenant, sub);
            return;
        }
        // The body may complete on one of Jetty's I/O threads: continue on a thread that may block.
        ready.whenComplete((loaded, failure) -> {
            if (failure != null) {
                fail(call, failure);
                return;
            }
            try {
                (runsLong ? longWork : responders).execute(() -> invoke(call, route, tenant, sub));
            } catch (RejectedExecutionException e) {
                fail(
                        call,
                        new ApiException(
                                503,
                                "server_error",
                                "busy",
                                null,
                                "Too many requests of this kind are in progress; retry shortly"));
            }
        });
    }

    private void invoke(HttpCall call, ApiRoute route, String tenant, String sub) {
        try {
            route.handle(call, tenant, sub);
        } catch (Throwable t) {
            fail(call, t);
        }
    }

    private static boolean isMultipart(String contentType) {
        return contentType != null && contentType.toLowerCase(Locale.ROOT).startsWith("multipart/");
    }

    private static ApiException unauthorized(HttpCall call) {
        call.setHeader("WWW-Authenticate", "Bearer realm=\"routeplane\"");
        boolean missing = call.header("Authorization") == null;
        return new ApiException(
                401,
                "invalid_request_error",
                "invalid_api_key",
                null,
                missing
                        ? "No API key provided; send 'Authorization: Bearer <key>' with your tenant's Routeplane API key"
                        : "Incorrect API key provided; use a key configured for your tenant in routeplane.yaml");
    }

    /** Answers an error if nothing was sent yet; an unexpected exception is logged with a reference, never shown. */
    static void fail(HttpCall call, Throwable failure) {
        Throwable t = unwrap(failure);
        ApiException answer;
        if (t instanceof ApiException api) {
            answer = api;
        } else {
            String reference = Ids.next("err_");
            // Only the type and the frames: an exception message may quote request content.
            LOG.error(
                    "Unexpected {} answering {} {} ({}) at {}",
                    t.getClass().getName(),
                    call.method(),
                    shortPath(call.rawPath()),
                    reference,
                    t.getStackTrace().length > 0 ? t.getStackTrace()[0] : "?");
            answer = new ApiException(
                    500,
                    "server_error",
                    "internal_error",
                    null,
                    "The server failed on this request; quote reference " + reference + " when reporting it");
        }
        if (!call.answered()) {
            call.sendError(answer);
        } else {
            call.abort(t);
        }
    }

    static Throwable unwrap(Throwable error) {
        Throwable cause = error;
        while (cause instanceof CompletionException && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }

    private static String shortPath(String path) {
        return path.length() <= 100 ? path : path.substring(0, 100) + "...";
    }
}
