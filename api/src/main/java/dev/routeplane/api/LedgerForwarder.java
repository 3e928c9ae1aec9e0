package dev.routeplane.api;

import dev.routeplane.api.internal.ApiException;
import dev.routeplane.api.internal.HttpCall;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.CompletionException;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * Answers {@code /v1/ledger/...} in an API process that runs no ledger: forwards the GET, with the caller's
 * {@code Authorization} header, to {@code routeplane ledger serve}, which authorizes it against the same tenant
 * keys, and relays status, content type and body. The forward is asynchronous: no server thread waits for the
 * ledger. Without a ledger URL it answers 503 saying what to configure.
 */
public final class LedgerForwarder extends Handler.Abstract {
    private final URI ledgerUrl;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** @param ledgerUrl base URL of the ledger service, or {@code null} when none is configured */
    public LedgerForwarder(URI ledgerUrl) {
        this.ledgerUrl = ledgerUrl;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        HttpCall call = new HttpCall(request, response, callback);
        if (ledgerUrl == null) {
            call.sendError(
                    new ApiException(
                            503,
                            "server_error",
                            "ledger_unavailable",
                            null,
                            "this API process runs no ledger; start it with --ledger-url pointing at 'routeplane ledger serve'"));
            return true;
        }
        if (!"GET".equals(call.method())) {
            call.setHeader("Allow", "GET");
            call.sendError(new ApiException(
                    405, "invalid_request_error", "method_not_allowed", null, "ledger queries are GET only"));
            return true;
        }
        String base = ledgerUrl.toString().replaceAll("/+$", "");
        HttpRequest.Builder forward = HttpRequest.newBuilder(
                        URI.create(base + call.rawPath() + (call.rawQuery() == null ? "" : "?" + call.rawQuery())))
                .timeout(Duration.ofSeconds(30))
                .GET();
        String auth = call.header("Authorization");
        if (auth != null) {
            forward.header("Authorization", auth);
        }
        http.sendAsync(forward.build(), HttpResponse.BodyHandlers.ofByteArray()).whenComplete((answer, failure) -> {
            if (failure != null) {
                Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                        ? failure.getCause()
                        : failure;
                call.sendError(new ApiException(
                        502,
                        "server_error",
                        "ledger_unreachable",
                        null,
                        "the ledger service at " + base + " did not answer ("
                                + cause.getClass().getSimpleName() + ")"));
                return;
            }
            for (String header : new String[] {"Content-Type", "Content-Disposition"}) {
                answer.headers()
                        .firstValue(header)
                        .ifPresent(v -> response.getHeaders().put(header, v));
            }
            response.setStatus(answer.statusCode());
            response.getHeaders().put(HttpHeader.CONTENT_LENGTH, answer.body().length);
            response.write(true, ByteBuffer.wrap(answer.body()), callback);
        });
        return true;
    }
}
