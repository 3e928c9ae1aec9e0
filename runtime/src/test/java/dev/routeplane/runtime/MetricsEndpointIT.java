package dev.routeplane.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import dev.routeplane.http.HttpLimits;
import dev.routeplane.http.LimitedHttpServer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Collections;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** {@code /metrics} over real HTTP, open, behind a token, and kept to loopback. */
class MetricsEndpointIT {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private final PrometheusMeterRegistry registry = MetricsEndpoint.newRegistry();

    @Test
    void aTokenGuardedEndpointAnswersOnlyTheBearerOfTheToken() throws Exception {
        try (MetricsEndpoint endpoint = MetricsEndpoint.start(0, registry, new MetricsAccess(false, "scrape-me"))) {
            URI metrics = URI.create("http://127.0.0.1:" + endpoint.port() + "/metrics");

            HttpResponse<String> none = get(metrics, null);
            HttpResponse<String> wrong = get(metrics, "Bearer guess");
            HttpResponse<String> right = get(metrics, "Bearer scrape-me");

            assertThat(none.statusCode()).isEqualTo(401);
            assertThat(none.headers().firstValue("WWW-Authenticate")).isPresent();
            assertThat(wrong.statusCode()).isEqualTo(401);
            assertThat(right.statusCode()).isEqualTo(200);
            assertThat(right.headers().firstValue("Content-Type")).contains(MetricsEndpoint.CONTENT_TYPE);
            assertThat(right.body()).contains("jvm_memory_used_bytes");
        }
    }

    @Test
    void aLoopbackOnlyEndpointCannotBeReachedFromAnotherInterface() throws Exception {
        InetAddress external = nonLoopbackAddress().orElse(null);
        assumeThat(external).as("a non-loopback IPv4 address on this machine").isNotNull();
        try (MetricsEndpoint local = MetricsEndpoint.start(0, registry, new MetricsAccess(true, null));
                MetricsEndpoint open = MetricsEndpoint.start(0, registry, MetricsAccess.open())) {
            assertThat(get(URI.create("http://127.0.0.1:" + local.port() + "/metrics"), null)
                            .statusCode())
                    .isEqualTo(200);
            assertThatThrownBy(() -> new Socket(external, local.port()).close()).isInstanceOf(IOException.class);
            assertThat(get(URI.create("http://" + external.getHostAddress() + ":" + open.port() + "/metrics"), null)
                            .statusCode())
                    .isEqualTo(200);
        }
    }

    @Test
    void mountedOnAPortOpenToAllItAnswersOnlyLoopbackPeersWhenAskedTo() throws Exception {
        InetAddress external = nonLoopbackAddress().orElse(null);
        assumeThat(external).as("a non-loopback IPv4 address on this machine").isNotNull();
        try (LimitedHttpServer shared = LimitedHttpServer.start(
                "shared",
                "0.0.0.0",
                0,
                HttpLimits.ofDefaults(),
                MetricsEndpoint.handler(registry, new MetricsAccess(true, null)))) {
            HttpResponse<String> fromLoopback = get(URI.create("http://127.0.0.1:" + shared.port() + "/metrics"), null);
            HttpResponse<String> fromOutside =
                    get(URI.create("http://" + external.getHostAddress() + ":" + shared.port() + "/metrics"), null);

            assertThat(fromLoopback.statusCode()).isEqualTo(200);
            assertThat(fromOutside.statusCode()).isEqualTo(403);
            assertThat(fromOutside.body()).doesNotContain("jvm_");
        }
    }

    private static HttpResponse<String> get(URI uri, String authorization) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).GET();
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static Optional<InetAddress> nonLoopbackAddress() throws IOException {
        for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            if (nic.isUp() && !nic.isLoopback()) {
                for (InetAddress address : Collections.list(nic.getInetAddresses())) {
                    if (address instanceof Inet4Address) {
                        return Optional.of(address);
                    }
                }
            }
        }
        return Optional.empty();
    }
}
