package dev.routeplane.api;

import dev.routeplane.ledger.LedgerHttpHandler;
import dev.routeplane.ledger.LedgerHttpRequest;
import dev.routeplane.ledger.LedgerHttpResponse;
import java.util.Map;
import java.util.Objects;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * Serves the ledger's queries ({@link LedgerHttpHandler}, which knows no HTTP server) on Jetty: mounted at
 * {@code /v1/ledger/} on the API's port, and the whole of {@code routeplane ledger serve}'s. Paths outside
 * {@code /v1/ledger/} are 404. The queries read local state stores, so they are answered on the calling thread.
 */
public final class LedgerRoute extends Handler.Abstract {
    /** Where the ledger's queries live. */
    public static final String PREFIX = "/v1/ledger/";

    private final LedgerHttpHandler ledger;

    public LedgerRoute(LedgerHttpHandler ledger) {
        this.ledger = Objects.requireNonNull(ledger, "ledger");
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        String path = request.getHttpURI().getPath();
        LedgerHttpResponse answer = path.startsWith(PREFIX)
                ? ledger.handle(new LedgerHttpRequest(
                        request.getMethod(),
                        path,
                        request.getHttpURI().getQuery(),
                        request.getHeaders().get(HttpHeader.AUTHORIZATION)))
                : new LedgerHttpResponse(
                        404,
                        "application/json",
                        "{\"error\": \"No such resource; the ledger's queries are under " + PREFIX + "\"}",
                        Map.of());
        response.setStatus(answer.status());
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, answer.contentType());
        answer.headers().forEach(response.getHeaders()::put);
        Content.Sink.write(response, true, answer.body(), callback);
        return true;
    }
}
