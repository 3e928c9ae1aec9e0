package dev.routeplane.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What the simulator records of each call: the caller's request id on every received call and invoice line, long
 * calls, and billing only what it delivered (a caller that hung up before the answer was ready is not billed).
 */
class DeliveryIT {
    private final SimHttp http = new SimHttp();
    private SimulatorServer sim;

    @AfterEach
    void stop() {
        sim.close();
    }

    private void start(FaultMix faults, LatencyProfile latency) {
        sim = SimulatorServer.start(SimulatorConfig.builder()
                .seed(3)
                .provider(SimulatedProvider.builder("oai", WireFormat.OPENAI)
                        .latency(latency)
                        .faults(faults)
                        .build())
                .build());
    }

    private HttpResponse<String> call(String requestId, Duration timeout) throws Exception {
        return http.client.send(
                HttpRequest.newBuilder(URI.create(sim.baseUrl("oai") + "/chat/completions"))
                        .timeout(timeout)
                        .header("Authorization", "Bearer " + SimHttp.OPENAI_KEY)
                        .header("Content-Type", "application/json")
                        .header("X-Client-Request-Id", requestId)
                        .POST(HttpRequest.BodyPublishers.ofString(
                                SimHttp.chat("gpt-4o-mini", "hello there", ",\"max_tokens\":16")))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void recordsTheCallersRequestIdOnEveryReceivedCallAndInvoiceLine() throws Exception {
        start(FaultMix.none(), LatencyProfile.fixed(1));

        assertThat(call("req-1", Duration.ofSeconds(10)).statusCode()).isEqualTo(200);
        sim.setOutage("oai", true);
        assertThat(call("req-2", Duration.ofSeconds(10)).statusCode()).isEqualTo(503);

        assertThat(sim.received())
                .extracting(ReceivedCall::provider, ReceivedCall::clientRequestId)
                .containsExactly(tuple("oai", "req-1"), tuple("oai", "req-2"));
        assertThat(sim.invoice().lines())
                .extracting(InvoiceLine::clientRequestId)
                .containsExactly("req-1");
        assertThat(http.get(sim.baseUrl("oai").replace("/oai/v1", "") + "/_sim/received")
                        .body())
                .contains("\"clientRequestId\":\"req-2\"");
    }

    @Test
    void aCallerThatHungUpBeforeTheAnswerIsNotBilled() throws Exception {
        start(FaultMix.none(), LatencyProfile.fixed(1_500));

        try {
            call("gave-up", Duration.ofMillis(300));
        } catch (HttpTimeoutException expected) {
            // the client closes its connection
        }
        HttpResponse<String> waited = call("waited", Duration.ofSeconds(10));

        assertThat(waited.statusCode()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(10))
                .until(() -> sim.callCounts().get("oai").containsKey("client_gone"));
        assertThat(sim.invoice().lines())
                .extracting(InvoiceLine::clientRequestId)
                .containsExactly("waited");
        assertThat(sim.callCounts().get("oai")).containsEntry("client_gone", 1L).containsEntry("200", 1L);
    }

    @Test
    void aLongCallAnswersNormallyAfterItsLongLatency() throws Exception {
        start(FaultMix.builder().longCall(1).longCallMs(1_200).build(), LatencyProfile.fixed(1));

        long started = System.nanoTime();
        HttpResponse<String> r = call("long", Duration.ofSeconds(10));

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(1_200));
        assertThat(sim.invoice().calls()).isEqualTo(1);
    }
}
