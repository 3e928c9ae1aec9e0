package dev.routeplane.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class FaultsAndLimitsIT {

    private static final String MINI = "gpt-4o-mini";
    private static final String HAIKU = "claude-3-5-haiku-latest";
    private final SimHttp http = new SimHttp();
    private SimulatorServer sim;

    private SimulatorServer start(SimulatedProvider.Builder... providers) {
        SimulatorConfig.Builder config = SimulatorConfig.builder();
        for (SimulatedProvider.Builder p : providers) {
            config.provider(p.latency(LatencyProfile.fixed(5)).build());
        }
        sim = SimulatorServer.start(config.build());
        return sim;
    }

    @AfterEach
    void stop() {
        if (sim != null) {
            sim.close();
        }
    }

    @Test
    void exceedingRpmGives429WithRetryAfterAndZeroRemaining() {
        start(SimulatedProvider.builder("oai", WireFormat.OPENAI).rpm(3));
        String base = sim.baseUrl("oai");
        List<HttpResponse<String>> responses = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            responses.add(http.openAi(base, SimHttp.chat(MINI, "call " + i, ",\"max_tokens\":10")));
        }

        assertThat(responses.subList(0, 3))
                .allSatisfy(r -> assertThat(r.statusCode()).isEqualTo(200));
        assertThat(responses.get(0).headers().firstValue("x-ratelimit-remaining-requests"))
                .hasValue("2");
        assertThat(responses.get(2).headers().firstValue("x-ratelimit-remaining-requests"))
                .hasValue("0");
        HttpResponse<String> limited = responses.get(3);
        assertThat(limited.statusCode()).isEqualTo(429);
        assertThat(limited.headers().firstValue("x-ratelimit-remaining-requests"))
                .hasValue("0");
        assertThat(limited.headers().firstValue("x-ratelimit-limit-requests")).hasValue("3");
        assertThat(Long.parseLong(limited.headers().firstValue("retry-after").orElseThrow()))
                .isBetween(1L, 60L);
        JsonNode error = SimHttp.json(limited).get("error");
        assertThat(error.get("code").asText()).isEqualTo("rate_limit_exceeded");
        assertThat(error.get("type").asText()).isEqualTo("requests");
        assertThat(sim.callCounts().get("oai")).isEqualTo(Map.of("200", 3L, "429", 1L));
        assertThat(sim.invoice().calls()).isEqualTo(3);
    }

    @Test
    void exceedingTpmOnAnthropicGivesRateLimitError() {
        // each call reserves 4 input ("Be brief. hi": 3 words) + 100 max tokens; the second does not fit in 150
        start(SimulatedProvider.builder("ant", WireFormat.ANTHROPIC).tpm(150));
        String base = sim.baseUrl("ant");

        HttpResponse<String> first = http.anthropic(base, SimHttp.messages(HAIKU, "hi", ",\"max_tokens\":100"));
        HttpResponse<String> second = http.anthropic(base, SimHttp.messages(HAIKU, "hi", ",\"max_tokens\":100"));

        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(first.headers().firstValue("anthropic-ratelimit-tokens-remaining"))
                .hasValue("46");
        assertThat(second.statusCode()).isEqualTo(429);
        assertThat(second.headers().firstValue("retry-after")).isPresent();
        assertThat(second.headers().firstValue("anthropic-ratelimit-tokens-remaining"))
                .hasValue("46");
        JsonNode body = SimHttp.json(second);
        assertThat(body.get("type").asText()).isEqualTo("error");
        assertThat(body.get("error").get("type").asText()).isEqualTo("rate_limit_error");
    }

    @Test
    void allServerErrorsGiveTheProviderErrorShapes() {
        start(
                SimulatedProvider.builder("oai", WireFormat.OPENAI).faults(FaultMix.always(Fault.SERVER_ERROR)),
                SimulatedProvider.builder("ant", WireFormat.ANTHROPIC).faults(FaultMix.always(Fault.SERVER_ERROR)));
        for (int i = 0; i < 10; i++) {
            HttpResponse<String> o = http.openAi(sim.baseUrl("oai"), SimHttp.chat(MINI, "x" + i, ""));
            assertThat(o.statusCode()).isIn(500, 503);
            assertThat(SimHttp.json(o).get("error").get("type").asText()).isEqualTo("server_error");

            HttpResponse<String> a =
                    http.anthropic(sim.baseUrl("ant"), SimHttp.messages(HAIKU, "x" + i, ",\"max_tokens\":10"));
            assertThat(a.statusCode()).isIn(500, 529);
            assertThat(SimHttp.json(a).get("error").get("type").asText())
                    .isEqualTo(a.statusCode() == 500 ? "api_error" : "overloaded_error");
        }
        Map<String, Long> oai = sim.callCounts().get("oai");
        assertThat(oai.getOrDefault("500", 0L) + oai.getOrDefault("503", 0L)).isEqualTo(10);
        assertThat(sim.invoice().calls()).isZero();
    }

    @Test
    void errorBodyWith200IsAnErrorObjectAndNotBilled() {
        start(SimulatedProvider.builder("oai", WireFormat.OPENAI).faults(FaultMix.always(Fault.ERROR_IN_200)));

        HttpResponse<String> r = http.openAi(sim.baseUrl("oai"), SimHttp.chat(MINI, "hi", ""));

        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode body = SimHttp.json(r);
        assertThat(body.has("choices")).isFalse();
        assertThat(body.get("error").get("type").asText()).isEqualTo("server_error");
        assertThat(sim.callCounts().get("oai")).isEqualTo(Map.of("200_error_body", 1L));
        assertThat(sim.invoice().calls()).isZero();
    }

    @Test
    void cutOffGivesA200WhoseBodyIsTruncatedJson() {
        start(SimulatedProvider.builder("ant", WireFormat.ANTHROPIC).faults(FaultMix.always(Fault.CUT_OFF)));

        HttpResponse<String> r =
                http.anthropic(sim.baseUrl("ant"), SimHttp.messages(HAIKU, "hi", ",\"max_tokens\":50"));

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).startsWith("{\"id\":\"msg_");
        assertThatThrownBy(() -> SimHttp.JSON.readTree(r.body())).isInstanceOf(JsonProcessingException.class);
        assertThat(sim.invoice().calls()).isZero();
    }

    @Test
    void timeoutHoldsTheConnectionThenDropsIt() {
        start(SimulatedProvider.builder("oai", WireFormat.OPENAI)
                .faults(FaultMix.builder().timeout(1).timeoutHoldMs(300).build()));
        long t0 = System.nanoTime();

        assertThatThrownBy(() -> http.openAi(sim.baseUrl("oai"), SimHttp.chat(MINI, "hi", "")))
                .isInstanceOf(UncheckedIOException.class);

        assertThat((System.nanoTime() - t0) / 1_000_000).isGreaterThanOrEqualTo(300);
        assertThat(sim.callCounts().get("oai")).isEqualTo(Map.of("timeout", 1L));
        assertThat(sim.invoice().calls()).isZero();
    }

    @Test
    void contentFilterFinishIsBilled() {
        start(SimulatedProvider.builder("oai", WireFormat.OPENAI).faults(FaultMix.always(Fault.CONTENT_FILTER)));

        JsonNode body = SimHttp.json(http.openAi(sim.baseUrl("oai"), SimHttp.chat(MINI, "hi", "")));

        assertThat(body.get("choices").get(0).get("finish_reason").asText()).isEqualTo("content_filter");
        assertThat(sim.invoice().lines())
                .singleElement()
                .satisfies(l -> assertThat(l.callId()).isEqualTo(body.get("id").asText()));
    }

    @Test
    void outageCanBeSwitchedOnAndOffAtRuntime() {
        start(
                SimulatedProvider.builder("oai", WireFormat.OPENAI),
                SimulatedProvider.builder("ant", WireFormat.ANTHROPIC));
        String body = SimHttp.chat(MINI, "hi", "");
        assertThat(http.openAi(sim.baseUrl("oai"), body).statusCode()).isEqualTo(200);

        sim.setOutage("oai", true);
        HttpResponse<String> during = http.openAi(sim.baseUrl("oai"), body);
        HttpResponse<String> otherProvider =
                http.anthropic(sim.baseUrl("ant"), SimHttp.messages(HAIKU, "hi", ",\"max_tokens\":10"));
        sim.setOutage("oai", false);
        HttpResponse<String> after = http.openAi(sim.baseUrl("oai"), body);

        assertThat(during.statusCode()).isEqualTo(503);
        assertThat(SimHttp.json(during).get("error").get("message").asText()).contains("simulated outage");
        assertThat(otherProvider.statusCode()).isEqualTo(200);
        assertThat(after.statusCode()).isEqualTo(200);
        assertThat(sim.invoice().calls()).isEqualTo(3);
    }

    @Test
    void faultsAndOutageCanBeSwitchedOverHttp() {
        start(SimulatedProvider.builder("oai", WireFormat.OPENAI));
        String admin = "http://127.0.0.1:" + sim.port() + "/_sim/providers/oai/";

        http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(admin + "faults")), "{\"errorIn200\":1.0}");
        HttpResponse<String> faulty = http.openAi(sim.baseUrl("oai"), SimHttp.chat(MINI, "hi", ""));
        http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(admin + "outage")), "{\"outage\":true}");
        HttpResponse<String> down = http.openAi(sim.baseUrl("oai"), SimHttp.chat(MINI, "hi", ""));

        assertThat(SimHttp.json(faulty).has("error")).isTrue();
        assertThat(down.statusCode()).isEqualTo(503);
        assertThat(SimHttp.json(http.get("http://127.0.0.1:" + sim.port() + "/_sim/health"))
                        .get("providers")
                        .get(0)
                        .get("outage")
                        .asBoolean())
                .isTrue();
    }
}
