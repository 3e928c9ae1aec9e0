package dev.routeplane.ledger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The provider simulator's usage lookup, {@code GET <provider base URL>/usage/calls?client_request_id=ID}: its
 * invoice lines of synchronous calls sent with that {@code X-Client-Request-Id}. Thread-safe.
 */
public final class SimulatorUsageLookup implements ProviderUsageLookup {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration TIMEOUT = Duration.ofSeconds(2);

    private final URI baseUrl;
    private final HttpClient http;

    /** @param baseUrl the provider's base URL at the simulator, e.g. {@code http://127.0.0.1:8089/openai/v1} */
    public SimulatorUsageLookup(URI baseUrl, HttpClient http) {
        this.baseUrl = baseUrl;
        this.http = http;
    }

    @Override
    public List<ProviderUsage> calls(String clientRequestId) throws IOException, InterruptedException {
        URI uri = URI.create(baseUrl.toString().replaceAll("/+$", "") + "/usage/calls?client_request_id="
                + URLEncoder.encode(clientRequestId, StandardCharsets.UTF_8));
        HttpResponse<String> response = http.send(
                HttpRequest.newBuilder(uri).timeout(TIMEOUT).GET().build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException("usage lookup " + uri + " answered " + response.statusCode() + ": "
                    + response.body().substring(0, Math.min(200, response.body().length())));
        }
        List<ProviderUsage> calls = new ArrayList<>();
        for (JsonNode line : JSON.readTree(response.body()).path("data")) {
            calls.add(new ProviderUsage(
                    line.path("id").asText(),
                    line.path("input_tokens").asInt(),
                    line.path("output_tokens").asInt(),
                    line.path("cost_micros").asLong(),
                    Instant.parse(line.path("created_at").asText())));
        }
        return calls;
    }
}
