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
    void unknownPromptIsA400SayingItIsNotInTheReplaySet() {
        HttpResponse<String> r = http.openAi(sim.baseUrl("bench-oai"), SimHttp.chat(MIXTRAL, "not recorded", ""));

        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(SimHttp.json(r).get("error").get("code").asText()).isEqualTo("prompt_not_in_replay_set");
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
