package dev.routeplane.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.routeplane.platform.testkit.SharedData;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ReplayIT {

    /** mbpp_test.csv, sample mbpp.dev.1, column mistralai/mixtral-8x7b-chat|model_response. */
    private static final String PROMPT = "Write a python function to identify non-prime numbers.";

    private static final String MIXTRAL = "mistralai/mixtral-8x7b-chat";
    private static final String MIXTRAL_TEXT = "Sure, here is a simple Python function that can be used to identify "
            + "non-prime numbers:\n```\ndef is_prime(n):\n    if n <= 1:\n        return False\n    elif n <= 3:\n";

    /** In mbpp_train.csv (mbpp.dev.87) and in mbpp_test.csv (mbpp.dev.29), answered differently by gpt-4. */
    private static final String SORT_CHAT = "{\"model\":\"gpt-4-1106-preview\",\"messages\":[{\"role\":\"user\","
            + "\"content\":\"Write a function to sort a list of elements.\"}]}";

    private static SimulatorServer sim;
    private final SimHttp http = new SimHttp();

    @BeforeAll
    static void start() {
        sim = SimulatorServer.start(SimulatorConfig.builder()
                .replayDataDir(SharedData.routerbenchSubset())
                .provider(SimulatedProvider.builder("bench-oai", WireFormat.OPENAI)
                        .mode(ProviderMode.REPLAY)
                        .latency(LatencyProfile.fixed(5))
                        .build())
                .provider(SimulatedProvider.builder("bench-ant", WireFormat.ANTHROPIC)
                        .mode(ProviderMode.REPLAY)
                        .models(SimulatedModel.replay("claude-v2"))
                        .latency(LatencyProfile.fixed(5))
                        .build())
                .build());
    }

    @AfterAll
    static void stop() {
        sim.close();
    }

    @Test
    void recordedPromptAndModelGetTheRecordedTextBilledAtTheRecordedCost() {
        HttpResponse<String> r = http.openAi(
                sim.baseUrl("bench-oai"),
                "{\"model\":\"" + MIXTRAL + "\",\"messages\":[{\"role\":\"user\",\"content\":" + SimHttp.quote(PROMPT)
                        + "}]}");

        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode body = SimHttp.json(r);
        assertThat(body.get("choices").get(0).get("message").get("content").asText())
                .isEqualTo(MIXTRAL_TEXT);
        assertThat(body.get("choices").get(0).get("finish_reason").asText()).isEqualTo("stop");
        assertThat(body.get("usage").get("prompt_tokens").asInt()).isEqualTo(10); // 8 words
        assertThat(body.get("usage").get("completion_tokens").asInt()).isEqualTo(TokenEstimator.tokens(MIXTRAL_TEXT));
        InvoiceLine line = sim.invoice().lines().stream()
                .filter(l -> l.callId().equals(body.get("id").asText()))
                .findFirst()
                .orElseThrow();
        // recorded mistralai/mixtral-8x7b-chat|total_cost 3.2999999999999996e-05 USD
        assertThat(line.costMicros()).isEqualTo(33);
        assertThat(line.model()).isEqualTo(MIXTRAL);
    }

    @Test
    void rawPromptColumnValueIsAcceptedOnAnthropicToo() {
        HttpResponse<String> r = http.anthropic(
                sim.baseUrl("bench-ant"), SimHttp.messages("claude-v2", "['" + PROMPT + "']", ",\"max_tokens\":1024"));

        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode body = SimHttp.json(r);
        assertThat(body.get("content").get(0).get("text").asText()).startsWith("Here");
        InvoiceLine line = sim.invoice().lines().stream()
                .filter(l -> l.callId().equals(body.get("id").asText()))
                .findFirst()
                .orElseThrow();
        assertThat(line.costMicros()).isEqualTo(6_160); // recorded 0.0061600000000000005 USD
    }

    @Test
    void aPromptRecordedInBothSplitsIsAnsweredFromTheRowBoundToTheRequest() {
        sim.replayRows().bind("req-train-87", "mbpp/train/mbpp.dev.87");
        sim.replayRows().bind("req-test-29", "mbpp/test/mbpp.dev.29");

        HttpResponse<String> train = http.openAi(sim.baseUrl("bench-oai"), SORT_CHAT, "req-train-87");
        HttpResponse<String> test = http.openAi(sim.baseUrl("bench-oai"), SORT_CHAT, "req-test-29");

        assertThat(train.statusCode()).isEqualTo(200);
        assertThat(test.statusCode()).isEqualTo(200);
        // recorded gpt-4-1106-preview|total_cost: 0.01126 USD on the train row, 0.01366 USD on the test row
        assertThat(billed(train)).isEqualTo(11_260);
        assertThat(billed(test)).isEqualTo(13_660);
    }

    @Test
    void aPromptRecordedInSeveralRowsIsA400NamingThemWhenTheRequestNamesNoRow() {
        HttpResponse<String> r = http.openAi(sim.baseUrl("bench-oai"), SORT_CHAT, "req-unbound");

        assertThat(r.statusCode()).isEqualTo(400);
        JsonNode error = SimHttp.json(r).get("error");
        assertThat(error.get("code").asText()).isEqualTo("prompt_ambiguous_in_replay_set");
        assertThat(error.get("message").asText()).contains("mbpp/train/mbpp.dev.87", "mbpp/test/mbpp.dev.29");
    }

    @Test
    void aRequestBoundToARowOfAnotherPromptIsA400() {
        sim.replayRows().bind("req-mismatch", "mbpp/test/mbpp.dev.1");

        HttpResponse<String> r = http.openAi(sim.baseUrl("bench-oai"), SORT_CHAT, "req-mismatch");

        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(SimHttp.json(r).get("error").get("code").asText()).isEqualTo("prompt_not_in_replay_row");
    }

    @Test
    void unknownPromptIsA400SayingItIsNotInTheReplaySet() {
        HttpResponse<String> r = http.openAi(sim.baseUrl("bench-oai"), SimHttp.chat(MIXTRAL, "not recorded", ""));

        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(SimHttp.json(r).get("error").get("code").asText()).isEqualTo("prompt_not_in_replay_set");
    }

    private static long billed(HttpResponse<String> response) {
        String callId = SimHttp.json(response).get("id").asText();
        return sim.invoice().lines().stream()
                .filter(l -> l.callId().equals(callId))
                .findFirst()
                .orElseThrow()
                .costMicros();
    }

    @Test
    void modelOutsideTheRecordedOnesOrTheProviderListIsNotFound() {
        HttpResponse<String> unrecorded = http.openAi(sim.baseUrl("bench-oai"), SimHttp.chat("gpt-4o", PROMPT, ""));
        HttpResponse<String> notServed =
                http.anthropic(sim.baseUrl("bench-ant"), SimHttp.messages("claude-v1", PROMPT, ",\"max_tokens\":100"));

        assertThat(unrecorded.statusCode()).isEqualTo(404);
        assertThat(SimHttp.json(unrecorded).get("error").get("code").asText()).isEqualTo("model_not_found");
        assertThat(notServed.statusCode()).isEqualTo(404);
        assertThat(SimHttp.json(notServed).get("error").get("type").asText()).isEqualTo("not_found_error");
    }
}
