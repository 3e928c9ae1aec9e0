package dev.routeplane.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.routeplane.http.HttpLimits;
import dev.routeplane.http.LimitedHttpServer;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@link LedgerForwarder} over real HTTP: the API's server forwarding to a ledger-side server that records
 * what reached it (a JDK server standing in for {@code ledger serve}, whose handler has its own tests).
 */
class LedgerForwarderIT {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private final List<String> seenByLedger = new ArrayList<>();
    private final List<HttpServer> servers = new ArrayList<>();
    private final List<LimitedHttpServer> apis = new ArrayList<>();

    @AfterEach
    void stop() {
        servers.forEach(s -> s.stop(0));
        apis.forEach(LimitedHttpServer::close);
    }

    @Test
    void forwardsPathQueryAndKeyAndRelaysTheLedgersAnswer() throws Exception {
        HttpServer ledger = server("/v1/ledger/", exchange -> {
            seenByLedger.add(exchange.getRequestURI() + " "
                    + exchange.getRequestHeaders().getFirst("Authorization"));
            byte[] body = "day,provider\n".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "text/csv");
            exchange.sendResponseHeaders(403, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        URI api = apiWith(URI.create("http://localhost:" + ledger.getAddress().getPort() + "/"));

        HttpResponse<String> response = get(api.resolve("/v1/ledger/usage.csv?tenant=acme&month=2026-11"), "Bearer k1");

        assertThat(seenByLedger).containsExactly("/v1/ledger/usage.csv?tenant=acme&month=2026-11 Bearer k1");
        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(response.headers().firstValue("Content-Type")).contains("text/csv");
        assertThat(response.body()).isEqualTo("day,provider\n");
    }

    @Test
    void withoutALedgerUrlItSaysWhatToConfigure() throws Exception {
        URI api = apiWith(null);

        HttpResponse<String> response = get(api.resolve("/v1/ledger/usage?tenant=acme"), "Bearer k1");

        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(response.body()).contains("ledger_unavailable", "--ledger-url");
    }

    @Test
    void anUnreachableLedgerIsABadGatewayNamingIt() throws Exception {
        HttpServer gone = server("/", exchange -> exchange.close());
        int port = gone.getAddress().getPort();
        gone.stop(0);
        servers.remove(gone);
        URI api = apiWith(URI.create("http://localhost:" + port));

        HttpResponse<String> response = get(api.resolve("/v1/ledger/usage?tenant=acme"), "Bearer k1");

        assertThat(response.statusCode()).isEqualTo(502);
        assertThat(response.body()).contains("ledger_unreachable", "localhost:" + port);
    }

    private URI apiWith(URI ledgerUrl) {
        LimitedHttpServer api =
                LimitedHttpServer.start("api", "127.0.0.1", 0, HttpLimits.ofDefaults(), new LedgerForwarder(ledgerUrl));
        apis.add(api);
        return api.baseUri();
    }

    private HttpServer server(String context, com.sun.net.httpserver.HttpHandler handler) throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress("localhost", 0), 0);
        server.createContext(context, handler);
        server.start();
        servers.add(server);
        return server;
    }

    private static HttpResponse<String> get(URI uri, String auth) throws Exception {
        return HTTP.send(
                HttpRequest.newBuilder(uri).header("Authorization", auth).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
