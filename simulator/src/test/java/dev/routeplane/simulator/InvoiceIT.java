package dev.routeplane.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class InvoiceIT {

    private static final SimulatedModel MINI = new SimulatedModel("gpt-4o-mini", 150_000, 600_000, 128_000, 16_384);
    private static final SimulatedModel BIG = new SimulatedModel("gpt-4o", 2_500_000, 10_000_000, 128_000, 16_384);
    private static final SimulatedModel HAIKU =
            new SimulatedModel("claude-3-5-haiku-latest", 800_000, 4_000_000, 200_000, 8_192);

    private final SimHttp http = new SimHttp();
    private SimulatorServer sim;

    private void start(boolean keepCalls) {
        FaultMix mixed = FaultMix.builder()
                .serverError5xx(0.2)
                .errorIn200(0.1)
                .cutOff(0.1)
                .contentFilter(0.1)
                .build();
        sim = SimulatorServer.start(SimulatorConfig.builder()
                .seed(7)
                .provider(SimulatedProvider.builder("oai", WireFormat.OPENAI)
                        .models(MINI, BIG)
                        .latency(LatencyProfile.uniform(1, 10))
                        .faults(mixed)
                        .build())
                .provider(SimulatedProvider.builder("ant", WireFormat.ANTHROPIC)
                        .models(HAIKU)
                        .latency(LatencyProfile.uniform(1, 10))
                        .faults(mixed)
                        .build())
                .keepCalls(keepCalls)
                .build());
    }

    @AfterEach
    void stop() {
        if (sim != null) {
            sim.close();
        }
    }

    @Test
    void invoiceEqualsClientSideCostsOfSuccessfulCallsToTheMicro() {
        start(true);
        Map<String, Long> clientCostById = callSixtyTimes();

        Invoice invoice = sim.invoice();
        long clientTotal = billedAsCalled(invoice, clientCostById);
        assertThat(invoice.lines()).hasSize(clientCostById.size()).allSatisfy(l -> {
            assertThat(clientCostById).containsEntry(l.callId(), l.costMicros());
            assertThat(l.keyFingerprint())
                    .isEqualTo(CallPipeline.fingerprint(
                            l.provider().equals("ant") ? SimHttp.ANTHROPIC_KEY : SimHttp.OPENAI_KEY))
                    .hasSize(8);
        });
        assertThat(invoice.totals().stream().mapToLong(InvoiceTotal::costMicros).sum())
                .isEqualTo(clientTotal);
        assertThat(invoice.totals())
                .extracting(InvoiceTotal::provider, InvoiceTotal::model)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("ant", HAIKU.id()),
                        org.assertj.core.groups.Tuple.tuple("oai", BIG.id()),
                        org.assertj.core.groups.Tuple.tuple("oai", MINI.id()));

        JsonNode total = SimHttp.json(http.get("http://127.0.0.1:" + sim.port() + "/_sim/invoice/total"));
        assertThat(total.get("totalMicros").asLong()).isEqualTo(clientTotal);
        assertThat(total.get("calls").asLong()).isEqualTo(clientCostById.size());
        JsonNode full = SimHttp.json(http.get("http://127.0.0.1:" + sim.port() + "/_sim/invoice?lines=true"));
        assertThat(full.get("lines")).hasSize(clientCostById.size());
        assertThat(full.get("linesKept").asBoolean()).isTrue();
        assertThat(full.get("totals")).hasSize(3);
        assertThat(SimHttp.json(http.get("http://127.0.0.1:" + sim.port() + "/_sim/invoice"))
                        .has("lines"))
                .isFalse();
        assertThat(http.get("http://127.0.0.1:" + sim.port() + "/_sim/invoice?lines=true")
                        .body())
                .doesNotContain(SimHttp.OPENAI_KEY)
                .doesNotContain(SimHttp.ANTHROPIC_KEY);
    }

    @Test
    void keepingTotalsOnlyBillsTheSameAndSaysItCannotListCalls() {
        start(false);
        Map<String, Long> clientCostById = callSixtyTimes();

        Invoice invoice = sim.invoice();
        long clientTotal = billedAsCalled(invoice, clientCostById);
        assertThat(invoice.totals().stream().mapToLong(InvoiceTotal::calls).sum())
                .isEqualTo(clientCostById.size());
        assertThat(invoice.totals().stream().mapToLong(InvoiceTotal::costMicros).sum())
                .isEqualTo(clientTotal);
        assertThat(invoice.lines()).isEmpty();
        assertThat(sim.received()).isEmpty();

        JsonNode full = SimHttp.json(http.get("http://127.0.0.1:" + sim.port() + "/_sim/invoice?lines=true"));
        assertThat(full.get("linesKept").asBoolean()).isFalse();
        assertThat(full.get("lines")).isEmpty();
        assertThat(SimHttp.json(http.get("http://127.0.0.1:" + sim.port() + "/_sim/received"))
                        .get("kept")
                        .asBoolean())
                .isFalse();
        HttpResponse<String> usage = http.get(sim.baseUrl("oai") + "/usage/calls?client_request_id=r-1");
        assertThat(usage.statusCode()).isEqualTo(503);
        assertThat(usage.body()).contains("keepCalls false").contains("r-1");
    }

    /** The invoice's count and total are the billed calls' (some of the sixty failed); returns that total. */
    private static long billedAsCalled(Invoice invoice, Map<String, Long> clientCostById) {
        long clientTotal =
                clientCostById.values().stream().mapToLong(Long::longValue).sum();
        assertThat(clientCostById).hasSizeBetween(1, 59);
        assertThat(invoice.calls()).isEqualTo(clientCostById.size());
        assertThat(invoice.totalMicros()).isEqualTo(clientTotal);
        return clientTotal;
    }

    /** Sixty calls over both providers and three models; the ids of the billed ones to their client-side cost. */
    private Map<String, Long> callSixtyTimes() {
        Map<String, SimulatedModel> prices = Map.of(MINI.id(), MINI, BIG.id(), BIG, HAIKU.id(), HAIKU);
        Map<String, Long> clientCostById = new HashMap<>();
        for (int i = 0; i < 60; i++) {
            String prompt = "invoice question number " + i + " about routing and cost";
            HttpResponse<String> r;
            String model;
            if (i % 3 == 2) {
                model = HAIKU.id();
                r = http.anthropic(sim.baseUrl("ant"), SimHttp.messages(model, prompt, ",\"max_tokens\":" + (8 + i)));
            } else {
                model = i % 3 == 0 ? MINI.id() : BIG.id();
                r = http.openAi(sim.baseUrl("oai"), SimHttp.chat(model, prompt, ",\"max_tokens\":" + (8 + i)));
            }
            JsonNode body = parseOrNull(r.body());
            if (r.statusCode() != 200
                    || body == null
                    || body.has("error")
                    || body.path("type").asText().equals("error")) {
                continue; // not billed
            }
            JsonNode usage = body.get("usage");
            long in = usage.has("prompt_tokens")
                    ? usage.get("prompt_tokens").asLong()
                    : usage.get("input_tokens").asLong();
            long out = usage.has("completion_tokens")
                    ? usage.get("completion_tokens").asLong()
                    : usage.get("output_tokens").asLong();
            SimulatedModel m = prices.get(model);
            clientCostById.put(
                    body.get("id").asText(),
                    Pricing.costMicros(in, out, m.inputPriceMicrosPerMillion(), m.outputPriceMicrosPerMillion()));
        }
        return clientCostById;
    }

    private static JsonNode parseOrNull(String body) {
        try {
            return SimHttp.JSON.readTree(body);
        } catch (java.io.IOException e) {
            return null; // a cut-off body
        }
    }
}
