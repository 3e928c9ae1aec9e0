package dev.routeplane.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.routeplane.schemas.testing.MutableClock;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The simulated OpenAI Files + Batch APIs over real HTTP, against the recorded shapes of the real API. */
class OpenAiBatchWireIT {

    private static final SimulatedModel MINI = new SimulatedModel("gpt-4o-mini", 150_000, 600_000, 4_000, 500);
    private final MutableClock clock = new MutableClock(Instant.parse("2030-01-01T00:00:00Z"));
    private SimulatorServer sim;
    private BatchHttp http;

    private void start(BatchApi api) {
        sim = SimulatorServer.start(
                SimulatorConfig.builder()
                        .provider(SimulatedProvider.builder("oai", WireFormat.OPENAI)
                                .models(MINI)
                                .batchApi(api)
                                .build())
                        .build(),
                clock);
        http = new BatchHttp(sim.baseUrl("oai"), false);
    }

    @AfterEach
    void stop() {
        sim.close();
    }

    private static String line(String customId, String model, String extra) {
        return "{\"custom_id\":\"" + customId + "\",\"method\":\"POST\",\"url\":\"/v1/chat/completions\",\"body\":"
                + SimHttp.chat(model, "Summarise the batch window for " + customId, extra) + "}\n";
    }

    private String createBatch(String jsonl) {
        JsonNode file = BatchHttp.assertMatches(http.upload(jsonl), "openai/file.json");
        HttpResponse<String> created = http.post(
                "/batches",
                "{\"input_file_id\":\"" + file.get("id").asText() + "\",\"endpoint\":\"/v1/chat/completions\","
                        + "\"completion_window\":\"24h\",\"metadata\":{\"routeplane_batch\":\"b-42\"}}");
        JsonNode batch = BatchHttp.assertMatches(created, "openai/batch-validating.json");
        assertThat(batch.get("status").asText()).isEqualTo("validating");
        return batch.get("id").asText();
    }

    @Test
    void aBatchRunsThroughItsStatusesAndReturnsOutputAndErrorFilesAtTheBatchPrice() {
        start(BatchApi.ofDefaults(WireFormat.OPENAI).withProcessingTime(Duration.ofSeconds(30)));
        String id = createBatch(line("rq-1", "gpt-4o-mini", ",\"max_tokens\":50")
                + line("rq-2", "gpt-4o-mini", ",\"max_tokens\":99999")
                + line("rq-3", "gpt-4o-mini", ",\"max_tokens\":50"));

        clock.advance(Duration.ofSeconds(10));
        JsonNode running = BatchHttp.assertMatches(http.get("/batches/" + id), "openai/batch-in-progress.json");
        assertThat(running.get("status").asText()).isEqualTo("in_progress");
        assertThat(running.at("/request_counts/completed").asInt()).isEqualTo(1);
        assertThat(running.at("/request_counts/total").asInt()).isEqualTo(3);
        assertThat(running.get("metadata").get("routeplane_batch").asText()).isEqualTo("b-42");

        clock.advance(Duration.ofSeconds(20));
        JsonNode done = BatchHttp.assertMatches(http.get("/batches/" + id), "openai/batch-completed.json");
        assertThat(done.get("status").asText()).isEqualTo("completed");
        assertThat(done.at("/request_counts/completed").asInt()).isEqualTo(2);
        assertThat(done.at("/request_counts/failed").asInt()).isEqualTo(1);
        assertThat(done.get("completed_at").asLong())
                .isEqualTo(Instant.parse("2030-01-01T00:00:30Z").getEpochSecond());

        List<JsonNode> output =
                BatchHttp.lines(http.get("/files/" + done.get("output_file_id").asText() + "/content")
                        .body());
        assertThat(output).extracting(l -> l.get("custom_id").asText()).containsExactly("rq-1", "rq-3");
        BatchHttp.assertSameShape(
                output.get(0), BatchHttp.fixtureLines("openai/output.jsonl").get(0), "$");
        List<JsonNode> errors =
                BatchHttp.lines(http.get("/files/" + done.get("error_file_id").asText() + "/content")
                        .body());
        assertThat(errors).singleElement().satisfies(e -> {
            assertThat(e.get("custom_id").asText()).isEqualTo("rq-2");
            assertThat(e.at("/response/status_code").asInt()).isEqualTo(400);
            BatchHttp.assertSameShape(
                    e, BatchHttp.fixtureLines("openai/errors.jsonl").get(0), "$");
        });

        Invoice invoice = sim.invoice();
        assertThat(invoice.lines())
                .hasSize(2)
                .allSatisfy(l -> assertThat(l.batchId()).isEqualTo(id));
        for (JsonNode out : output) {
            JsonNode usage = out.at("/response/body/usage");
            long batchPrice = Pricing.costMicros(
                    usage.get("prompt_tokens").asLong(),
                    usage.get("completion_tokens").asLong(),
                    75_000,
                    300_000);
            String callId = out.at("/response/body/id").asText();
            assertThat(invoice.lines())
                    .filteredOn(l -> l.callId().equals(callId))
                    .singleElement()
                    .satisfies(l -> assertThat(l.costMicros()).isEqualTo(batchPrice));
        }
        assertThat(invoice.batchMicros()).isEqualTo(invoice.totalMicros()).isPositive();
    }

    @Test
    void anExpiredBatchReturnsTheLinesFinishedInTimeAndBillsOnlyThose() {
        start(BatchApi.ofDefaults(WireFormat.OPENAI)
                .withProcessingTime(Duration.ofSeconds(30))
                .withExpiresAfter(Duration.ofSeconds(12)));
        String id = createBatch(
                line("rq-1", "gpt-4o-mini", "") + line("rq-2", "gpt-4o-mini", "") + line("rq-3", "gpt-4o-mini", ""));

        clock.advance(Duration.ofSeconds(13));
        JsonNode expired = BatchHttp.assertMatches(http.get("/batches/" + id), "openai/batch-expired.json");

        assertThat(expired.get("status").asText()).isEqualTo("expired");
        assertThat(expired.at("/request_counts/completed").asInt()).isEqualTo(1);
        assertThat(expired.at("/request_counts/failed").asInt()).isEqualTo(2);
        List<JsonNode> errors = BatchHttp.lines(
                http.get("/files/" + expired.get("error_file_id").asText() + "/content")
                        .body());
        assertThat(errors)
                .extracting(e -> e.at("/error/code").asText())
                .containsExactly("batch_expired", "batch_expired");
        BatchHttp.assertSameShape(
                errors.get(0), BatchHttp.fixtureLines("openai/errors.jsonl").get(1), "$");
        assertThat(sim.invoice().calls()).isEqualTo(1);
    }

    @Test
    void aCancelledBatchIsCancellingThenCancelledWithTheLinesDoneBeforeTheCancel() {
        start(BatchApi.ofDefaults(WireFormat.OPENAI)
                .withProcessingTime(Duration.ofSeconds(30))
                .withCancellingTime(Duration.ofSeconds(2)));
        String id = createBatch(
                line("rq-1", "gpt-4o-mini", "") + line("rq-2", "gpt-4o-mini", "") + line("rq-3", "gpt-4o-mini", ""));
        clock.advance(Duration.ofSeconds(15));

        JsonNode cancelling =
                BatchHttp.assertMatches(http.post("/batches/" + id + "/cancel", "{}"), "openai/batch-cancelling.json");
        assertThat(cancelling.get("status").asText()).isEqualTo("cancelling");
        clock.advance(Duration.ofSeconds(3));
        JsonNode cancelled = SimHttp.json(http.get("/batches/" + id));

        assertThat(cancelled.get("status").asText()).isEqualTo("cancelled");
        assertThat(cancelled.at("/request_counts/completed").asInt()).isEqualTo(1);
        List<JsonNode> errors = BatchHttp.lines(
                http.get("/files/" + cancelled.get("error_file_id").asText() + "/content")
                        .body());
        assertThat(errors).extracting(e -> e.at("/error/code").asText()).containsOnly("batch_cancelled");
        BatchHttp.assertSameShape(
                errors.get(0), BatchHttp.fixtureLines("openai/errors.jsonl").get(2), "$");
        assertThat(http.post("/batches/" + id + "/cancel", "{}").statusCode()).isEqualTo(400);
        assertThat(sim.invoice().calls()).isEqualTo(1);
    }

    @Test
    void anInputFileWithABadLineFailsValidationNamingTheLine() {
        start(BatchApi.ofDefaults(WireFormat.OPENAI));
        JsonNode file = SimHttp.json(http.upload(line("rq-1", "gpt-4o-mini", "") + "{not json\n"));

        JsonNode failed = BatchHttp.assertMatches(
                http.post(
                        "/batches",
                        "{\"input_file_id\":\"" + file.get("id").asText() + "\",\"endpoint\":\"/v1/chat/completions\","
                                + "\"completion_window\":\"24h\",\"metadata\":{\"routeplane_batch\":\"b-42\"}}"),
                "openai/batch-failed.json");

        assertThat(failed.get("status").asText()).isEqualTo("failed");
        assertThat(failed.at("/errors/data/0/code").asText()).isEqualTo("invalid_json_line");
        assertThat(failed.at("/errors/data/0/line").asInt()).isEqualTo(2);
        clock.advance(Duration.ofMinutes(1));
        assertThat(sim.invoice().calls()).isZero();
    }

    @Test
    void enforcesTheRequestAndByteLimitsPerBatch() {
        start(BatchApi.ofDefaults(WireFormat.OPENAI).withLimits(2, 2_000));

        BatchHttp.assertMatches(http.upload("x".repeat(2_001)), "openai/upload-too-large.json");
        String id = SimHttp.json(http.upload(
                        line("a", "gpt-4o-mini", "") + line("b", "gpt-4o-mini", "") + line("c", "gpt-4o-mini", "")))
                .get("id")
                .asText();
        JsonNode batch = SimHttp.json(http.post(
                "/batches",
                "{\"input_file_id\":\"" + id
                        + "\",\"endpoint\":\"/v1/chat/completions\",\"completion_window\":\"24h\"}"));
        assertThat(batch.get("status").asText()).isEqualTo("failed");
        assertThat(batch.at("/errors/data/0/code").asText()).isEqualTo("too_many_requests");
    }

    @Test
    void aBatchFailureSwitchFailsNewBatchesAndListingShowsThemNewestFirst() {
        start(BatchApi.ofDefaults(WireFormat.OPENAI));
        String first = createBatch(line("rq-1", "gpt-4o-mini", ""));
        sim.setBatchFailure("oai", true);
        JsonNode file = SimHttp.json(http.upload(line("rq-2", "gpt-4o-mini", "")));
        JsonNode second = SimHttp.json(http.post(
                "/batches",
                "{\"input_file_id\":\"" + file.get("id").asText()
                        + "\",\"endpoint\":\"/v1/chat/completions\",\"completion_window\":\"24h\"}"));

        assertThat(second.get("status").asText()).isEqualTo("failed");
        JsonNode list = SimHttp.json(http.get("/batches?limit=1"));
        assertThat(list.get("data")).hasSize(1);
        assertThat(list.at("/data/0/id").asText()).isEqualTo(second.get("id").asText());
        assertThat(list.get("has_more").asBoolean()).isTrue();
        JsonNode next =
                SimHttp.json(http.get("/batches?after=" + list.get("last_id").asText()));
        assertThat(next.at("/data/0/id").asText()).isEqualTo(first);
        assertThat(next.get("has_more").asBoolean()).isFalse();
    }
}
