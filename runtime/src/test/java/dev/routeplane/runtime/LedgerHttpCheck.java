package dev.routeplane.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.routeplane.ledger.LedgerCsvExporter;
import dev.routeplane.ledger.LedgerHttpHandler;
import dev.routeplane.ledger.LedgerHttpRequest;
import dev.routeplane.ledger.LedgerHttpResponse;
import dev.routeplane.ledger.LedgerQueries;
import java.math.BigDecimal;
import java.time.YearMonth;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Asks the ledger's HTTP handler (as the API and {@code ledger serve} mount it) and checks, per tenant, that the JSON usage, the CSV over
 * HTTP and the {@link LedgerCsvExporter} say the same thing, to the micro-dollar.
 */
final class LedgerHttpCheck {
    /** The caller names its tenant in its Authorization header; the authorizer lets it read that tenant only. */
    private static final String TENANT_SCHEME = "Tenant ";

    private static final ObjectMapper JSON = new ObjectMapper();

    private LedgerHttpCheck() {}

    /** @return the JSON total cost per tenant, after checking it against the CSV and the exporter */
    static Map<String, Long> assertHttpAndCsvAgree(LedgerQueries queries, Set<String> tenants, YearMonth month)
            throws Exception {
        LedgerHttpHandler handler = new LedgerHttpHandler(
                queries, (authorization, tenant) -> (TENANT_SCHEME + tenant).equals(authorization));
        String base = "/v1/ledger/";
        Map<String, Long> perTenant = new TreeMap<>();
        for (String tenant : tenants) {
            String query = "?tenant=" + tenant + "&month=" + month;
            LedgerHttpResponse json = get(handler, base + "usage" + query, tenant);
            assertThat(json.status()).as("usage of %s: %s", tenant, json.body()).isEqualTo(200);
            JsonNode total = JSON.readTree(json.body()).get("total");
            long jsonMicros = total.get("costMicros").asLong();
            assertThat(new BigDecimal(total.get("costUsd").asText())
                            .movePointRight(6)
                            .longValueExact())
                    .as("costUsd of %s", tenant)
                    .isEqualTo(jsonMicros);

            LedgerHttpResponse csv = get(handler, base + "usage.csv" + query, tenant);
            assertThat(csv.status()).as("usage.csv of %s", tenant).isEqualTo(200);
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
        LedgerHttpResponse refused =
                get(handler, base + "usage?tenant=" + someone + "&month=" + month, "not-" + someone);
        assertThat(refused.status()).as("another tenant's caller").isEqualTo(403);
        return perTenant;
    }

    private static LedgerHttpResponse get(LedgerHttpHandler handler, String url, String callerTenant) {
        int query = url.indexOf('?');
        return handler.handle(new LedgerHttpRequest(
                "GET", url.substring(0, query), url.substring(query + 1), TENANT_SCHEME + callerTenant));
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
