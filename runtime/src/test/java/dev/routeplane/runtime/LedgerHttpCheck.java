package dev.routeplane.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.routeplane.ledger.LedgerCsvExporter;
import dev.routeplane.ledger.LedgerHttpHandler;
import dev.routeplane.ledger.LedgerQueries;
import java.math.BigDecimal;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.YearMonth;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Serves the ledger's HTTP API on a free loopback port and checks, per tenant, that the JSON usage, the CSV over
 * HTTP and the {@link LedgerCsvExporter} say the same thing, to the micro-dollar.
 */
final class LedgerHttpCheck {
    /** The caller names its tenant in this header; the authorizer lets it read that tenant only. */
    private static final String TENANT_HEADER = "X-Routeplane-Tenant";

    private static final ObjectMapper JSON = new ObjectMapper();

    private LedgerHttpCheck() {}

    /** @return the JSON total cost per tenant, after checking it against the CSV and the exporter */
    static Map<String, Long> assertHttpAndCsvAgree(LedgerQueries queries, Set<String> tenants, YearMonth month)
            throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext(
                "/v1/ledger/",
                new LedgerHttpHandler(
                        queries,
                        (exchange, tenant) ->
                                tenant.equals(exchange.getRequestHeaders().getFirst(TENANT_HEADER))));
        server.start();
        try {
            HttpClient client = HttpClient.newHttpClient();
            String base = "http://127.0.0.1:" + server.getAddress().getPort() + "/v1/ledger/";
            Map<String, Long> perTenant = new TreeMap<>();
            for (String tenant : tenants) {
                String query = "?tenant=" + tenant + "&month=" + month;
                HttpResponse<String> json = get(client, base + "usage" + query, tenant);
                assertThat(json.statusCode())
                        .as("usage of %s: %s", tenant, json.body())
                        .isEqualTo(200);
                JsonNode total = JSON.readTree(json.body()).get("total");
                long jsonMicros = total.get("costMicros").asLong();
                assertThat(new BigDecimal(total.get("costUsd").asText())
                                .movePointRight(6)
                                .longValueExact())
                        .as("costUsd of %s", tenant)
                        .isEqualTo(jsonMicros);

                HttpResponse<String> csv = get(client, base + "usage.csv" + query, tenant);
                assertThat(csv.statusCode()).as("usage.csv of %s", tenant).isEqualTo(200);
                assertThat(csv.body())
                        .as("CSV over HTTP vs LedgerCsvExporter for %s", tenant)
                        .isEqualTo(new LedgerCsvExporter().toCsv(queries.usage(tenant, month)));
                assertThat(csvTotalMicros(csv.body(), tenant))
                        .as("CSV total line of %s vs JSON", tenant)
                        .isEqualTo(jsonMicros);
                assertThat(csvRowsMicros(csv.body()))
                        .as("CSV rows of %s sum to its total", tenant)
                        .isEqualTo(jsonMicros);
                assertThat(total.get("calls").asLong())
                        .isEqualTo(queries.usage(tenant, month).total().calls());
                perTenant.put(tenant, jsonMicros);
            }
            String someone = tenants.iterator().next();
            HttpResponse<String> refused =
                    get(client, base + "usage?tenant=" + someone + "&month=" + month, "not-" + someone);
            assertThat(refused.statusCode()).as("another tenant's caller").isEqualTo(403);
            return perTenant;
        } finally {
            server.stop(0);
        }
    }

    private static HttpResponse<String> get(HttpClient client, String url, String callerTenant) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url))
                .header(TENANT_HEADER, callerTenant)
                .GET()
                .build();
        return client.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private static long csvTotalMicros(String csv, String tenant) {
        List<String> lines = csv.lines().toList();
        String last = lines.get(lines.size() - 1);
        assertThat(last).startsWith("total," + tenant + ",,,");
        return micros(last);
    }

    private static long csvRowsMicros(String csv) {
        List<String> lines = csv.lines().toList();
        assertThat(lines.get(0)).isEqualTo(LedgerCsvExporter.HEADER);
        return lines.subList(1, lines.size() - 1).stream()
                .mapToLong(LedgerHttpCheck::micros)
                .sum();
    }

    /** The cost_usd column (last) as micro-dollars; exact, never through a double. */
    private static long micros(String line) {
        String usd = line.substring(line.lastIndexOf(',') + 1);
        return new BigDecimal(usd).movePointRight(6).longValueExact();
    }
}
