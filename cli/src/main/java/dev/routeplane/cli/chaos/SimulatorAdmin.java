package dev.routeplane.cli.chaos;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.routeplane.simulator.FaultMix;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** The provider simulator's switches, over its HTTP admin endpoints (it runs in another process). */
final class SimulatorAdmin {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String baseUrl;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    SimulatorAdmin(String baseUrl) {
        this.baseUrl = baseUrl;
    }

    void faults(String provider, FaultMix mix) throws IOException, InterruptedException {
        ObjectNode body = JSON.createObjectNode()
                .put("serverError5xx", mix.serverError5xx())
                .put("rateLimited429", mix.rateLimited429())
                .put("timeout", mix.timeout())
                .put("errorIn200", mix.errorIn200())
                .put("cutOff", mix.cutOff())
                .put("contentFilter", mix.contentFilter())
                .put("timeoutHoldMs", mix.timeoutHoldMs())
                .put("longCall", mix.longCall())
                .put("longCallMs", mix.longCallMs());
        post("/_sim/providers/" + provider + "/faults", body);
    }

    void outage(String provider, boolean down) throws IOException, InterruptedException {
        post("/_sim/providers/" + provider + "/outage", JSON.createObjectNode().put("outage", down));
    }

    private void post(String path, ObjectNode body) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(
                HttpRequest.newBuilder(URI.create(baseUrl + path))
                        .timeout(Duration.ofSeconds(10))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body.toString()))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException("POST " + path + " answered " + response.statusCode() + ": " + response.body());
        }
    }
}
