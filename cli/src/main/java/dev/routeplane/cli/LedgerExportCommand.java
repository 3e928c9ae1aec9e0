package dev.routeplane.cli;

import dev.routeplane.api.TenantAuthenticator;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.YearMonth;
import java.time.format.DateTimeParseException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** A tenant's month as CSV, from a running Routeplane's ledger (the HTTP API of `routeplane up`). */
@Command(
        name = "export",
        mixinStandardHelpOptions = true,
        description = "Write a tenant's month as CSV (exact dollars).")
public final class LedgerExportCommand implements Callable<Integer> {

    @Option(names = "--tenant", required = true, description = "Tenant id.")
    String tenant;

    @Option(names = "--month", required = true, paramLabel = "YYYY-MM", description = "Calendar month (UTC).")
    String month;

    @Option(names = "--out", paramLabel = "FILE", description = "Write to this file instead of standard output.")
    Path out;

    @Option(
            names = "--api-url",
            defaultValue = "http://localhost:8080",
            description = "The Routeplane HTTP API (default: ${DEFAULT-VALUE}).")
    URI apiUrl;

    @Option(
            names = "--api-key",
            paramLabel = "KEY",
            description =
                    "The tenant's API key (default: \\$ROUTEPLANE_API_KEY, else the embedded demo key rp-demo-<tenant>).")
    String apiKey;

    @Override
    public Integer call() throws Exception {
        try {
            YearMonth.parse(month);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("--month must be YYYY-MM, got '" + month + "'");
        }
        String key = apiKey != null
                ? apiKey
                : System.getenv("ROUTEPLANE_API_KEY") != null
                        ? System.getenv("ROUTEPLANE_API_KEY")
                        : TenantAuthenticator.demoKey(tenant);
        URI uri = apiUrl.resolve("/v1/ledger/usage.csv?tenant=" + URLEncoder.encode(tenant, StandardCharsets.UTF_8)
                + "&month=" + URLEncoder.encode(month, StandardCharsets.UTF_8));
        HttpResponse<String> response;
        try {
            response = HttpClient.newHttpClient()
                    .send(
                            HttpRequest.newBuilder(uri)
                                    .header("Authorization", "Bearer " + key)
                                    .timeout(Duration.ofSeconds(30))
                                    .GET()
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(
                    "no Routeplane API at " + apiUrl + " (" + e.getMessage()
                            + "); start it with './routeplane up' or pass --api-url",
                    e);
        }
        if (response.statusCode() != 200) {
            throw new IllegalStateException("the ledger answered HTTP " + response.statusCode() + " for tenant '"
                    + tenant + "' month " + month + ": " + response.body().strip());
        }
        if (out == null) {
            System.out.print(response.body());
        } else {
            Files.writeString(out, response.body());
            System.err.println("routeplane ledger export: wrote " + out);
        }
        return 0;
    }
}
