package dev.routeplane.api;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import dev.routeplane.api.internal.ApiException;
import dev.routeplane.api.internal.HttpIo;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * Answers {@code /v1/ledger/...} in an API process that runs no ledger: forwards the GET, with the caller's
 * {@code Authorization} header, to {@code routeplane ledger serve}, which authorizes it against the same tenant
 * keys, and relays status, content type and body. Without a ledger URL it answers 503 saying what to configure.
 */
public final class LedgerForwarder implements HttpHandler {
    private final URI ledgerUrl;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** @param ledgerUrl base URL of the ledger service, or {@code null} when none is configured */
    public LedgerForwarder(URI ledgerUrl) {
        this.ledgerUrl = ledgerUrl;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        if (ledgerUrl == null) {
            HttpIo.sendError(
                    exchange,
                    new ApiException(
                            503,
                            "server_error",
                            "ledger_unavailable",
                            null,
                            "this API process runs no ledger; start it with --ledger-url pointing at 'routeplane ledger serve'"));
            return;
        }
        if (!"GET".equals(exchange.getRequestMethod())) {
            exchange.getResponseHeaders().set("Allow", "GET");
            HttpIo.sendError(
                    exchange,
                    new ApiException(
                            405, "invalid_request_error", "method_not_allowed", null, "ledger queries are GET only"));
            return;
        }
        String base = ledgerUrl.toString().replaceAll("/+$", "");
        URI uri = exchange.getRequestURI();
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(
                        base + uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery())))
                .timeout(Duration.ofSeconds(30))
                .GET();
        String auth = exchange.getRequestHeaders().getFirst("Authorization");
        if (auth != null) {
            request.header("Authorization", auth);
        }
        HttpResponse<byte[]> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            HttpIo.sendError(
                    exchange,
                    new ApiException(
                            502,
                            "server_error",
                            "ledger_unreachable",
                            null,
                            "the ledger service at " + base + " did not answer ("
                                    + e.getClass().getSimpleName() + ")"));
            return;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            HttpIo.sendError(
                    exchange, new ApiException(503, "server_error", "shutting_down", null, "the API is stopping"));
            return;
        }
        for (String header : new String[] {"Content-Type", "Content-Disposition"}) {
            response.headers()
                    .firstValue(header)
                    .ifPresent(v -> exchange.getResponseHeaders().set(header, v));
        }
        byte[] body = response.body();
        try (exchange) {
            exchange.sendResponseHeaders(response.statusCode(), body.length == 0 ? -1 : body.length);
            if (body.length > 0) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            }
        }
    }
}
