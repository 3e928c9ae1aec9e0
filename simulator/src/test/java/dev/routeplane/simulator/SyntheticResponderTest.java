package dev.routeplane.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class SyntheticResponderTest {

    private static final SimulatedModel MODEL = new SimulatedModel("m", 150_000, 600_000, 128_000, 16_384);

    private final SyntheticResponder responder = new SyntheticResponder(42);

    private static SimRequest request(
            String user, boolean json, List<SimRequest.Tool> tools, SimRequest.ToolChoice choice) {
        return new SimRequest("m", null, user, user, tools, choice, null, json);
    }

    private static byte[] body(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void sameProviderModelAndBodyGiveTheSameCompletion() {
        SimRequest req = request("hello there", false, List.of(), SimRequest.ToolChoice.AUTO);

        SimCompletion a = responder.respond("p", MODEL, req, body("{1}"), 3, 16_384, false);
        SimCompletion b = new SyntheticResponder(42).respond("p", MODEL, req, body("{1}"), 3, 16_384, false);

        assertThat(a).isEqualTo(b);
    }

    @Test
    void differentBodyProviderOrSeedGiveDifferentText() {
        SimRequest req = request("hello there", false, List.of(), SimRequest.ToolChoice.AUTO);
        String base = responder
                .respond("p", MODEL, req, body("{1}"), 3, 16_384, false)
                .text();

        assertThat(responder
                        .respond("p", MODEL, req, body("{2}"), 3, 16_384, false)
                        .text())
                .isNotEqualTo(base);
        assertThat(responder
                        .respond("q", MODEL, req, body("{1}"), 3, 16_384, false)
                        .text())
                .isNotEqualTo(base);
        assertThat(new SyntheticResponder(43)
                        .respond("p", MODEL, req, body("{1}"), 3, 16_384, false)
                        .text())
                .isNotEqualTo(base);
    }

    @Test
    void outputTokensStayWithinBoundsAndLengthIsReportedWhenCapped() {
        SimRequest req = request("q", false, List.of(), SimRequest.ToolChoice.AUTO);
        int capped = 0;
        for (int i = 0; i < 300; i++) {
            int max = 1 + (i % 40) * 15;
            SimCompletion c = responder.respond("p", MODEL, req, body("{" + i + "}"), 2, max, false);
            assertThat(c.outputTokens()).isBetween(Math.min(16, max), max);
            assertThat(c.finish()).isIn(SimCompletion.Finish.STOP, SimCompletion.Finish.LENGTH);
            if (c.finish() == SimCompletion.Finish.LENGTH) {
                capped++;
                assertThat(c.outputTokens()).isEqualTo(max);
            }
            assertThat(c.costMicros()).isEqualTo(Pricing.costMicros(2, c.outputTokens(), 150_000, 600_000));
        }
        assertThat(capped).isPositive();
    }

    @Test
    void jsonModeAnswersValidJsonEvenWhenCut() throws Exception {
        SimRequest req = request("give json", true, List.of(), SimRequest.ToolChoice.AUTO);

        SimCompletion c = responder.respond("p", MODEL, req, body("{json}"), 3, 5, false);

        JsonNode parsed = WireText.MAPPER.readTree(c.text());
        assertThat(parsed.get("answer").isTextual()).isTrue();
        assertThat(c.finish()).isEqualTo(SimCompletion.Finish.LENGTH);
        assertThat(c.outputTokens()).isEqualTo(5);
    }

    @Test
    void requiredToolChoiceAlwaysCallsATool() throws Exception {
        JsonNode schema =
                WireText.MAPPER.readTree("{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\"},"
                        + "\"days\":{\"type\":\"integer\"},\"unit\":{\"type\":\"string\",\"enum\":[\"c\",\"f\"]}}}");
        List<SimRequest.Tool> tools = List.of(new SimRequest.Tool("get_weather", schema));
        for (int i = 0; i < 20; i++) {
            SimCompletion c = responder.respond(
                    "p",
                    MODEL,
                    request("weather please", false, tools, SimRequest.ToolChoice.REQUIRED),
                    body("{" + i + "}"),
                    3,
                    1_000,
                    false);
            assertThat(c.finish()).isEqualTo(SimCompletion.Finish.TOOL_CALLS);
            assertThat(c.text()).isNull();
            assertThat(c.toolCall().name()).isEqualTo("get_weather");
            JsonNode args = WireText.MAPPER.readTree(c.toolCall().argumentsJson());
            assertThat(args.get("city").isTextual()).isTrue();
            assertThat(args.get("days").isInt()).isTrue();
            assertThat(args.get("unit").asText()).isIn("c", "f");
        }
    }

    @Test
    void autoToolChoiceCallsANamedToolForSomeRequestsOnlyAndNeverWhenNotAsked() {
        List<SimRequest.Tool> tools = List.of(new SimRequest.Tool("search_docs", null));
        int calls = 0;
        for (int i = 0; i < 100; i++) {
            byte[] b = body("{" + i + "}");
            SimCompletion asked = responder.respond(
                    "p",
                    MODEL,
                    request("please use search_docs", false, tools, SimRequest.ToolChoice.AUTO),
                    b,
                    3,
                    500,
                    false);
            SimCompletion notAsked = responder.respond(
                    "p", MODEL, request("tell me a story", false, tools, SimRequest.ToolChoice.AUTO), b, 3, 500, false);
            calls += asked.toolCall() != null ? 1 : 0;
            assertThat(notAsked.toolCall()).isNull();
        }
        assertThat(calls).isBetween(30, 70);
    }

    @Test
    void contentFilterStopsPartWayAndIsStillPriced() {
        SimRequest req = request("q", false, List.of(), SimRequest.ToolChoice.AUTO);
        SimCompletion full = responder.respond("p", MODEL, req, body("{cf}"), 2, 1_000, false);

        SimCompletion filtered = responder.respond("p", MODEL, req, body("{cf}"), 2, 1_000, true);

        assertThat(filtered.finish()).isEqualTo(SimCompletion.Finish.CONTENT_FILTER);
        assertThat(filtered.outputTokens()).isEqualTo(full.outputTokens() / 2);
        assertThat(filtered.costMicros()).isEqualTo(Pricing.costMicros(2, filtered.outputTokens(), 150_000, 600_000));
    }
}
