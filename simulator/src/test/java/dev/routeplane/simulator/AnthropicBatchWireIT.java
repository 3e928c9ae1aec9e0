package dev.routeplane.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.routeplane.schemas.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The simulated Anthropic Message Batches API over real HTTP, against the recorded shapes of the real API. */
class AnthropicBatchWireIT {

    private static final SimulatedModel HAIKU =
            new SimulatedModel("claude-3-5-haiku-latest", 800_000, 4_000_000, 200_000, 8_192);
    private final MutableClock clock = new MutableClock(Instant.parse("2030-01-01T00:00:00Z"));
    private SimulatorServer sim;
    private BatchHttp http;

    private void start(BatchApi api) {
        sim = SimulatorServer.start(
                SimulatorConfig.builder()
                        .provider(SimulatedProvider.builder("ant", WireFormat.ANTHROPIC)
                                .models(HAIKU)
                                .batchApi(api)
                                .build())
                        .build(),
                clock);
        http = new BatchHttp(sim.baseUrl("ant"), true);
    }

    @AfterEach
    void stop() {
        sim.close();
    }

    private static String request(String customId, int maxTokens) {
        return "{\"custom_id\":\"" + customId + "\",\"params\":"
                + SimHttp.messages(
                        "claude-3-5-haiku-latest",
                        "Summarise the window for " + customId,
                        ",\"max_tokens\":" + maxTokens)
                + "}";
    }

    private static String create(String... requests) {
        return "{\"requests\":[" + String.join(",", requests) + "]}";
    }

    @Test
    void aBatchEndsWithSucceededAndErroredResultsBilledAtTheBatchPrice() {
        start(BatchApi.ofDefaults(WireFormat.ANTHROPIC).withProcessingTime(Duration.ofSeconds(30)));
        JsonNode created = BatchHttp.assertMatches(
                http.post(
                        "/messages/batches", create(request("rq-1", 64), request("rq-2", 99_999), request("rq-3", 64))),
                "anthropic/batch-in-progress.json");
        String id = created.get("id").asText();
        assertThat(id).startsWith("msgbatch_");
        assertThat(created.at("/request_counts/processing").asInt()).isEqualTo(3);
        assertThat(http.get("/messages/batches/" + id + "/results").statusCode())
                .isEqualTo(400);

        clock.advance(Duration.ofSeconds(30));
        JsonNode ended = BatchHttp.assertMatches(http.get("/messages/batches/" + id), "anthropic/batch-ended.json");

        assertThat(ended.get("processing_status").asText()).isEqualTo("ended");
        assertThat(ended.at("/request_counts/succeeded").asInt()).isEqualTo(2);
        assertThat(ended.at("/request_counts/errored").asInt()).isEqualTo(1);
        assertThat(ended.get("results_url").asText()).endsWith("/ant/v1/messages/batches/" + id + "/results");
        List<JsonNode> results =
                BatchHttp.lines(http.get("/messages/batches/" + id + "/results").body());
        List<JsonNode> recorded = BatchHttp.fixtureLines("anthropic/results.jsonl");
        assertThat(results)
                .extracting(r -> r.at("/result/type").asText())
                .containsExactly("succeeded", "errored", "succeeded");
        BatchHttp.assertSameShape(results.get(0), recorded.get(0), "$");
        BatchHttp.assertSameShape(results.get(1), recorded.get(2), "$");

        Invoice invoice = sim.invoice();
        assertThat(invoice.lines())
                .hasSize(2)
                .allSatisfy(l -> assertThat(l.batchId()).isEqualTo(id));
        JsonNode usage = results.get(0).at("/result/message/usage");
        long batchPrice = Pricing.costMicros(
                usage.get("input_tokens").asLong(), usage.get("output_tokens").asLong(), 400_000, 2_000_000);
        assertThat(invoice.lines().get(0).costMicros()).isEqualTo(batchPrice);
    }

    @Test
    void expiredAndCanceledRequestsAreReportedPerRequest() {
        start(BatchApi.ofDefaults(WireFormat.ANTHROPIC)
                .withProcessingTime(Duration.ofSeconds(30))
                .withExpiresAfter(Duration.ofSeconds(12)));
        String expiring = SimHttp.json(
                        http.post("/messages/batches", create(request("a", 32), request("b", 32), request("c", 32))))
                .get("id")
                .asText();
        String cancelled = SimHttp.json(
                        http.post("/messages/batches", create(request("d", 32), request("e", 32), request("f", 32))))
                .get("id")
                .asText();
        clock.advance(Duration.ofSeconds(11));
        JsonNode canceling = BatchHttp.assertMatches(
                http.post("/messages/batches/" + cancelled + "/cancel", "{}"), "anthropic/batch-canceling.json");
        assertThat(canceling.get("processing_status").asText()).isIn("canceling", "ended");

        clock.advance(Duration.ofSeconds(2));
        List<JsonNode> expiredResults = BatchHttp.lines(
                http.get("/messages/batches/" + expiring + "/results").body());
        List<JsonNode> cancelledResults = BatchHttp.lines(
                http.get("/messages/batches/" + cancelled + "/results").body());

        assertThat(expiredResults)
                .extracting(r -> r.at("/result/type").asText())
                .containsExactly("succeeded", "expired", "expired");
        assertThat(cancelledResults)
                .extracting(r -> r.at("/result/type").asText())
                .containsExactly("succeeded", "canceled", "canceled");
        BatchHttp.assertSameShape(
                expiredResults.get(1),
                BatchHttp.fixtureLines("anthropic/results.jsonl").get(3),
                "$");
        assertThat(SimHttp.json(http.get("/messages/batches/" + expiring))
                        .at("/request_counts/expired")
                        .asInt())
                .isEqualTo(2);
        assertThat(sim.invoice().calls()).isEqualTo(2);
    }

    @Test
    void refusesABatchOverTheByteLimitWith413AndOverTheRequestLimitWith400() {
        start(BatchApi.ofDefaults(WireFormat.ANTHROPIC).withLimits(2, 400));

        BatchHttp.assertMatches(
                http.post("/messages/batches", create(request("a", 8), request("b", 8), request("c", 8))),
                "anthropic/too-large.json");
        JsonNode tooMany = SimHttp.json(http.post(
                "/messages/batches",
                create(
                        "{\"custom_id\":\"a\",\"params\":{}}",
                        "{\"custom_id\":\"b\",\"params\":{}}",
                        "{\"custom_id\":\"c\",\"params\":{}}")));
        assertThat(tooMany.at("/error/type").asText()).isEqualTo("invalid_request_error");
        assertThat(tooMany.at("/error/message").asText()).contains("at most 2 requests");
    }

    @Test
    void aBatchFailureSwitchErrorsEveryRequestAndBillsNothing() {
        start(BatchApi.ofDefaults(WireFormat.ANTHROPIC).withProcessingTime(Duration.ofSeconds(2)));
        sim.setBatchFailure("ant", true);
        String id = SimHttp.json(http.post("/messages/batches", create(request("a", 8), request("b", 8))))
                .get("id")
                .asText();
        clock.advance(Duration.ofSeconds(3));

        List<JsonNode> results =
                BatchHttp.lines(http.get("/messages/batches/" + id + "/results").body());

        assertThat(results)
                .extracting(r -> r.at("/result/error/error/type").asText())
                .containsOnly("api_error");
        assertThat(sim.invoice().calls()).isZero();
    }
}
