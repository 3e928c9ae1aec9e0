package dev.routeplane.router;

import static dev.routeplane.router.testing.Requests.CODE_PROMPT;
import static dev.routeplane.router.testing.Requests.SUMMARY_PROMPT;
import static dev.routeplane.router.testing.Requests.request;
import static org.assertj.core.api.Assertions.assertThat;

import dev.routeplane.contract.AliasBinding;
import dev.routeplane.contract.CircuitState;
import dev.routeplane.contract.ExecutionResult;
import dev.routeplane.contract.ExecutionTask;
import dev.routeplane.contract.Fallback;
import dev.routeplane.contract.FallbackTrigger;
import dev.routeplane.contract.ProviderHealth;
import dev.routeplane.contract.RejectedRequest;
import dev.routeplane.contract.ResultStatus;
import dev.routeplane.contract.RouteRequest;
import dev.routeplane.contract.RoutingDecision;
import dev.routeplane.contract.ToolSpec;
import dev.routeplane.router.testing.RouterDriver;
import dev.routeplane.router.testing.TestConfigs;
import dev.routeplane.schemas.Money;
import dev.routeplane.schemas.ReasonCodes;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.streams.KeyValue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RouterTopologyTest {
    private RouterDriver router = new RouterDriver(TestConfigs.withExploration(TestConfigs.bundled(), 0));

    @AfterEach
    void close() {
        router.close();
    }

    @Test
    void routesASummaryToTheCheapestModelWithinTheQualityBandAndEmitsItsTask() {
        RouteRequest req = request("acme", "r-1", "summarize", SUMMARY_PROMPT).build();

        router.send(req);

        List<KeyValue<String, RoutingDecision>> decisions = router.decisions();
        assertThat(decisions).hasSize(1);
        RoutingDecision d = decisions.get(0).value;
        assertThat(decisions.get(0).key).isEqualTo("acme");
        assertThat(d.getLane()).isEqualTo("summarization");
        // standard tier: llama-3-1-70b has the best prior (0.75); gpt-4o-mini (0.72) and claude-haiku (0.70) are in
        // the 0.05 band; the self-hosted llama is the cheapest of the three
        assertThat(d.getRoute().getProvider()).isEqualTo("vllm-internal");
        assertThat(d.getRoute().getModel()).isEqualTo("llama-3-1-70b");
        assertThat(d.getRoute().getVersion()).isEqualTo("3.1");
        assertThat(d.getRoute().getRegion()).isEqualTo("eu-west");
        assertThat(d.getBudgets().getMaxOutputTokens()).isEqualTo(2048);
        assertThat(d.getBudgets().getDeadlineMs()).isEqualTo(120_000L);
        assertThat(d.getFallbacks())
                .extracting(Fallback::getModel)
                .containsExactly("gpt-4o-mini", "claude-haiku-3-5", "mistral-small");
        assertThat(d.getFallbacks().get(0).getWhen())
                .containsExactly(
                        FallbackTrigger.TIMEOUT,
                        FallbackTrigger.SERVER_ERROR,
                        FallbackTrigger.RATE_LIMITED,
                        FallbackTrigger.CONTENT_FILTER);
        assertThat(d.getFallbacks().get(1).getWhen())
                .containsExactly(
                        FallbackTrigger.TIMEOUT,
                        FallbackTrigger.SERVER_ERROR,
                        FallbackTrigger.RATE_LIMITED,
                        FallbackTrigger.CONTEXT_OVERFLOW,
                        FallbackTrigger.CONTENT_FILTER);
        int in = d.getFeatures().getInputTokens();
        // the reservation is the largest worst case over route and fallbacks: claude-haiku at $0.80/$4.00
        assertThat(d.getBudgets().getReservedCostMicros()).isEqualTo(Money.costMicros(in, 2048, 800_000, 4_000_000));
        assertThat(d.getVersions().getRouter()).isEqualTo("test-1.0");
        assertThat(d.getVersions().getPolicy()).startsWith("cfg-");
        assertThat(d.getVersions().getStats()).isEqualTo("priors");
        assertThat(d.getDecidedAt()).isEqualTo(RouterDriver.NOW);
        assertThat(d.getExplanation())
                .anyMatch(l -> l.startsWith("taskType=SUMMARIZATION"))
                .anyMatch(l -> l.startsWith("lane=summarization"))
                .anyMatch(l -> l.startsWith("chose vllm-internal/llama-3-1-70b"))
                .anyMatch(l -> l.startsWith("budget: reserved"));

        List<KeyValue<String, ExecutionTask>> tasks = router.tasks("vllm-internal");
        assertThat(tasks).hasSize(1);
        assertThat(tasks.get(0).key).isEqualTo("acme");
        assertThat(tasks.get(0).value.getAttempt()).isEqualTo(1);
        assertThat(tasks.get(0).value.getRequest()).isEqualTo(req);
        assertThat(tasks.get(0).value.getDecision()).isEqualTo(d);
        assertThat(router.rejections()).isEmpty();
        assertThat(router.results()).isEmpty();
    }

    @Test
    void decisionCarriesNoPromptText() {
        router.send(request("acme", "r-1", "summarize", SUMMARY_PROMPT).build());
        router.send(request("acme", "r-2", "code", CODE_PROMPT).build());

        List<byte[]> bytes = router.decisionBytes();

        assertThat(bytes).hasSize(2);
        for (byte[] b : bytes) {
            String text = new String(b, StandardCharsets.ISO_8859_1);
            assertThat(text)
                    .doesNotContain("meeting notes")
                    .doesNotContain("ISO-8601")
                    .doesNotContain("quarterly");
        }
    }

    @Test
    void routesCodeThroughTheProdStableAliasAndRecordsAliasAndVersion() {
        router.send(request("acme", "r-1", "code", CODE_PROMPT).build());

        RoutingDecision d = router.decisions().get(0).value;
        assertThat(d.getLane()).isEqualTo("code");
        assertThat(d.getRoute().getModel()).isEqualTo("gpt-4o");
        assertThat(d.getRoute().getAlias()).isEqualTo("prod-stable");
        assertThat(d.getRoute().getVersion()).isEqualTo("2024-08-06");
        assertThat(d.getBudgets().getMaxOutputTokens()).isEqualTo(4096);
        assertThat(router.tasks("openai")).hasSize(1);
    }

    @Test
    void eachLaneOfTheExampleGetsItsOwnRoute() {
        router.send(request("umbrella", "r-1", "translate", "Translate to German: good morning, colleagues")
                .build());
        router.send(request("umbrella", "r-2", "reasoning", "Prove that the square root of two is irrational.")
                .build());
        router.send(request("acme", "r-3", "extract", "Extract the invoice number from: invoice 4711 dated May")
                .build());

        List<RoutingDecision> d =
                router.decisions().stream().map(kv -> kv.value).toList();
        assertThat(d).extracting(RoutingDecision::getLane).containsExactly("translation", "reasoning", "extraction");
        // umbrella is premium: highest quality prior wins
        assertThat(d.get(0).getRoute().getModel()).isEqualTo("claude-sonnet-4");
        assertThat(d.get(1).getRoute().getModel()).isEqualTo("claude-sonnet-4");
        assertThat(d.get(2).getRoute().getModel()).isEqualTo("llama-3-1-70b");
        assertThat(router.tasks("anthropic")).hasSize(2);
    }

    @Test
    void undecodableBytesAreRejectedWithTheirCoordinatesAndNoResult() {
        byte[] junk = "{\"not\":\"avro\"}".getBytes(StandardCharsets.UTF_8);

        router.sendRaw("acme", junk);

        List<KeyValue<String, RejectedRequest>> rejected = router.rejections();
        assertThat(rejected).hasSize(1);
        RejectedRequest r = rejected.get(0).value;
        assertThat(r.getReasonCode()).isEqualTo(ReasonCodes.UNDESERIALIZABLE);
        assertThat(r.getSourceTopic()).isEqualTo("rp.requests.v1");
        assertThat(r.getSourcePartition()).isZero();
        assertThat(r.getSourceOffset()).isZero();
        assertThat(r.getDetail()).contains("partition 0 offset 0").contains("MAGIC");
        assertThat(r.getRawValue().array()).isEqualTo(junk);
        assertThat(r.getRequestId()).isNull();
        assertThat(router.results()).isEmpty();
        assertThat(router.decisions()).isEmpty();
    }

    @Test
    void anUndecodableRecordKeepsOnlyItsFirstKibibyteOnTheRejectedTopic() {
        // a large record that is not Avro, e.g. a prompt produced as plain JSON: its text must not be copied whole
        byte[] junk =
                ("{\"messages\":\"" + "confidential words ".repeat(10_000) + "\"}").getBytes(StandardCharsets.UTF_8);

        router.sendRaw("acme", junk);

        RejectedRequest r = router.rejections().get(0).value;
        assertThat(r.getReasonCode()).isEqualTo(ReasonCodes.UNDESERIALIZABLE);
        assertThat(r.getRawValueBytes()).isEqualTo(junk.length);
        assertThat(r.getRawValue().remaining()).isEqualTo(1024);
        byte[] kept = new byte[1024];
        r.getRawValue().get(kept);
        assertThat(kept).isEqualTo(java.util.Arrays.copyOf(junk, 1024));
    }

    @Test
    void aDuplicateRequestIdIsRejectedWithoutANewDecisionOrResult() {
        RouteRequest req = request("acme", "r-1", "summarize", SUMMARY_PROMPT).build();

        router.send(req);
        router.send(req);

        assertThat(router.decisions()).hasSize(1);
        assertThat(router.tasks("vllm-internal")).hasSize(1);
        List<KeyValue<String, RejectedRequest>> rejected = router.rejections();
        assertThat(rejected).hasSize(1);
        assertThat(rejected.get(0).value.getReasonCode()).isEqualTo(ReasonCodes.DUPLICATE_REQUEST);
        assertThat(rejected.get(0).value.getDetail()).contains("r-1", "already routed at 2026-11-03T10:00:00Z");
        assertThat(router.results()).isEmpty();
    }

    @Test
    void aRequestIdIsADuplicateForSevenDaysAndRoutableAgainAfter() {
        RouteRequest req = request("acme", "r-1", "summarize", SUMMARY_PROMPT).build();

        router.send(req);
        router.clock.advance(Duration.ofDays(7).minusMinutes(1));
        router.send(req);
        router.clock.advance(Duration.ofMinutes(1));
        router.send(req);

        assertThat(router.decisions()).hasSize(2);
        List<KeyValue<String, RejectedRequest>> rejected = router.rejections();
        assertThat(rejected).hasSize(1);
        assertThat(rejected.get(0).value.getReasonCode()).isEqualTo(ReasonCodes.DUPLICATE_REQUEST);
    }

    @Test
    void executionTasksCarryExactlyTheBytesTheRegistrySerializerWrites() {
        for (int i = 1; i <= 3; i++) {
            router.send(request("acme", "r-" + i, "summarize", SUMMARY_PROMPT).build());
        }

        List<byte[]> written = router.taskBytes("vllm-internal");
        assertThat(written).hasSize(3);
        String topic = router.topics.exec("vllm-internal").name();
        for (byte[] bytes : written) {
            ExecutionTask task = router.serdes
                    .valueSerde(router.topics.exec("vllm-internal"))
                    .deserializer()
                    .deserialize(topic, bytes);
            assertThat(task.getRequest().getRequestId()).startsWith("r-");
            assertThat(bytes).isEqualTo(router.serialize(router.topics.exec("vllm-internal"), task));
        }
    }

    @Test
    void rePointingAnAliasChangesTheNextDecisionAndARollbackIsOneMoreEvent() {
        RouteRequest.Builder pinned = request("acme", "r-1", "summarize", SUMMARY_PROMPT);
        pinned.getHints().setPinnedAlias("prod-stable");

        router.send(pinned.setRequestId("before").build());
        router.alias(binding("prod-stable", "anthropic", "claude-sonnet-4", "canary"));
        router.send(pinned.setRequestId("after").build());
        router.alias(binding("prod-stable", "openai", "gpt-4o", "rollback"));
        router.send(pinned.setRequestId("rolled-back").build());

        List<RoutingDecision> d =
                router.decisions().stream().map(kv -> kv.value).toList();
        assertThat(d).extracting(x -> x.getRoute().getModel()).containsExactly("gpt-4o", "claude-sonnet-4", "gpt-4o");
        assertThat(d).extracting(x -> x.getRoute().getAlias()).containsOnly("prod-stable");
        assertThat(d.get(1).getFallbacks()).isEmpty();
        assertThat(router.tasks("anthropic")).hasSize(1);
        assertThat(router.tasks("openai")).hasSize(2);
    }

    @Test
    void anOpenCircuitExcludesTheProviderFromRouteAndFallbacks() {
        router.health(health("vllm-internal", CircuitState.OPEN));

        router.send(request("acme", "r-1", "summarize", SUMMARY_PROMPT).build());

        RoutingDecision d = router.decisions().get(0).value;
        assertThat(d.getRoute().getModel()).isEqualTo("gpt-4o-mini");
        assertThat(d.getFallbacks()).extracting(Fallback::getProvider).doesNotContain("vllm-internal");
        assertThat(d.getExplanation())
                .contains("policy: removed by providerHealth (vllm-internal/llama-3-1-70b: circuit OPEN)");
    }

    @Test
    void aHalfOpenCircuitIsPenalisedButStaysAFallback() {
        router.health(health("vllm-internal", CircuitState.HALF_OPEN));

        router.send(request("acme", "r-1", "summarize", SUMMARY_PROMPT).build());

        RoutingDecision d = router.decisions().get(0).value;
        assertThat(d.getRoute().getModel()).isEqualTo("gpt-4o-mini");
        assertThat(d.getFallbacks())
                .extracting(Fallback::getModel)
                .containsExactly("claude-haiku-3-5", "llama-3-1-70b", "mistral-small");
    }

    @Test
    void euTenantIsNeverRoutedOutsideTheEu() {
        String[] tasks = {"summarize", "code", "reasoning", "translate", "extract", "chat"};
        for (int i = 0; i < tasks.length; i++) {
            router.send(request("globex-eu", "r-" + i, tasks[i], SUMMARY_PROMPT).build());
        }

        List<RoutingDecision> d =
                router.decisions().stream().map(kv -> kv.value).toList();
        assertThat(d).hasSize(tasks.length);
        for (RoutingDecision decision : d) {
            assertThat(decision.getRoute().getProvider()).isIn("mistral", "vllm-internal", "ollama-local");
            assertThat(decision.getFallbacks())
                    .extracting(Fallback::getProvider)
                    .allMatch(p ->
                            List.of("mistral", "vllm-internal", "ollama-local").contains(p));
        }
    }

    @Test
    void regulatedDataOfInitechStaysOnSelfHostedOrLocalModels() {
        RouteRequest.Builder req = request("initech", "r-1", "summarize", SUMMARY_PROMPT);
        req.getHints().setDataClass("regulated");

        router.send(req.build());

        RoutingDecision d = router.decisions().get(0).value;
        assertThat(d.getPolicy().getDataClass()).isEqualTo("REGULATED");
        assertThat(d.getRoute().getProvider()).isEqualTo("vllm-internal");
        assertThat(d.getFallbacks()).extracting(Fallback::getProvider).containsOnly("ollama-local");
    }

    @Test
    void aSecretInAToolsParameterSchemaMakesTheRequestConfidentialAsInAMessage() {
        RouteRequest.Builder req = request("acme", "r-1", "summarize", SUMMARY_PROMPT);
        req.getHints()
                .setTools(List.of(ToolSpec.newBuilder()
                        .setName("run_sql")
                        .setDescription("Runs a read-only query on the warehouse.")
                        .setSideEffect(false)
                        .setParametersJson("{\"type\":\"object\",\"properties\":{\"token\":{\"type\":\"string\","
                                + "\"default\":\"sk-proj-Ab3dEf6hIj9kLm2nOp5qRs8t\"}}}")
                        .build()));

        router.send(req.build());

        RoutingDecision d = router.decisions().get(0).value;
        assertThat(d.getPolicy().getDataClass()).isEqualTo("CONFIDENTIAL");
        assertThat(d.getFeatures().getDataClass()).isEqualTo("CONFIDENTIAL");
        assertThat(d.getExplanation())
                .contains("toolText: 1 tools' names, descriptions and parameter schemas scanned: secret x1");
    }

    @Test
    void explorationShareOneAlwaysPicksAnotherCandidateAndSaysSo() {
        try (RouterDriver exploring = new RouterDriver(TestConfigs.withExploration(TestConfigs.bundled(), 1.0))) {
            exploring.send(request("acme", "r-1", "summarize", SUMMARY_PROMPT).build());
            router.send(request("acme", "r-1", "summarize", SUMMARY_PROMPT).build());

            RoutingDecision explored = exploring.decisions().get(0).value;
            RoutingDecision plain = router.decisions().get(0).value;
            assertThat(plain.getRoute().getModel()).isEqualTo("llama-3-1-70b");
            assertThat(plain.getExplanation()).noneMatch(l -> l.startsWith("exploration"));
            assertThat(explored.getRoute().getModel()).isNotEqualTo("llama-3-1-70b");
            assertThat(explored.getExplanation()).anyMatch(l -> l.startsWith("exploration: draw"));
        }
    }

    @Test
    void anUnexpectedFailureBecomesAnInternalErrorRejectionAndTheNextRequestIsRouted() {
        try (RouterDriver failing = new RouterDriver(
                TestConfigs.bundled(),
                cfg -> cfg.withSelector((q, lane, eligible, signals) -> {
                    if (q.requestId().equals("boom")) {
                        throw new IllegalStateException("selector bug");
                    }
                    return cfg.selector().select(q, lane, eligible, signals);
                }))) {
            failing.send(request("acme", "boom", "summarize", SUMMARY_PROMPT).build());
            failing.send(request("acme", "fine", "summarize", SUMMARY_PROMPT).build());

            List<KeyValue<String, RejectedRequest>> rejected = failing.rejections();
            assertThat(rejected).hasSize(1);
            assertThat(rejected.get(0).value.getReasonCode()).isEqualTo(ReasonCodes.INTERNAL_ERROR);
            assertThat(rejected.get(0).value.getDetail())
                    .contains("IllegalStateException")
                    .doesNotContain("selector bug");
            List<KeyValue<String, ExecutionResult>> results = failing.results();
            assertThat(results).hasSize(1);
            assertThat(results.get(0).value.getStatus()).isEqualTo(ResultStatus.REJECTED);
            assertThat(failing.decisions())
                    .extracting(kv -> kv.value.getRequestId())
                    .containsExactly("fine");
        }
    }

    static AliasBinding binding(String alias, String provider, String model, String reason) {
        return AliasBinding.newBuilder()
                .setAlias(alias)
                .setProvider(provider)
                .setModel(model)
                .setVersion(null)
                .setWeights(null)
                .setPrevious(null)
                .setReason(reason)
                .setChangedBy("test")
                .setBoundAt(Instant.parse("2026-11-03T09:00:00Z"))
                .build();
    }

    static ProviderHealth health(String provider, CircuitState state) {
        return ProviderHealth.newBuilder()
                .setProvider(provider)
                .setKeyProfile(null)
                .setCircuitState(state)
                .setErrorRate(0.5)
                .setLatencyP50Ms(100)
                .setLatencyP95Ms(900)
                .setInFlight(0)
                .setReportedAt(Instant.parse("2026-11-03T09:59:00Z"))
                .build();
    }
}
