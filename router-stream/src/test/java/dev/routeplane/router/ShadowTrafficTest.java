package dev.routeplane.router;

import static dev.routeplane.router.testing.Requests.request;
import static org.assertj.core.api.Assertions.assertThat;

import dev.routeplane.config.QualityTier;
import dev.routeplane.config.RouteplaneConfig;
import dev.routeplane.contract.ExecutionResult;
import dev.routeplane.contract.ExecutionTask;
import dev.routeplane.contract.ResultStatus;
import dev.routeplane.contract.RoutingDecision;
import dev.routeplane.contract.Usage;
import dev.routeplane.router.testing.RouterDriver;
import dev.routeplane.router.testing.TestConfigs;
import dev.routeplane.schemas.Money;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Shadow traffic on the production router topology: the bundled extraction lane, shadowing a share of its requests on
 * gpt-4o-mini instead of its usual first choice (the self-hosted llama-3-1-70b, which is not shadowed when it is the
 * route itself). A shadow call is a second task under {@code <id>#shadow}, inside the request's
 * policy and budget, with its own reservation that its result (on the shadow results topic) settles; the request
 * itself still has exactly one decision.
 */
class ShadowTrafficTest {
    static final String BUNDLED_SHADOW = "shadow: { model: llama-3-1-70b, share: 0.05 }";
    static final String SHADOW_MODEL = "gpt-4o-mini";
    private static final String INVOICE = "Extract the invoice number from: invoice 4711 dated May";

    @Test
    void aShadowedRequestGetsASecondTaskWithItsOwnReservationAndStillOneDecision() {
        // given the extraction lane shadowing every request on gpt-4o-mini, and umbrella, which it routes elsewhere
        try (RouterDriver router = new RouterDriver(withShadow(1.0))) {
            // when one extraction request is routed
            router.send(request("umbrella", "r-1", "extract", INVOICE).build());

            // then one decision, naming the shadow call
            List<RoutingDecision> decisions =
                    router.decisions().stream().map(kv -> kv.value).toList();
            assertThat(decisions).hasSize(1);
            RoutingDecision d = decisions.get(0);
            assertThat(d.getRoute().getModel()).isNotEqualTo(SHADOW_MODEL);
            assertThat(d.getExplanation())
                    .anySatisfy(line -> assertThat(line)
                            .startsWith("shadow: also called on openai/" + SHADOW_MODEL + " as r-1#shadow"));
            // and a shadow task for the shadow model under its own id, without fallbacks or cascade
            ExecutionTask shadow = router.tasks("openai").stream()
                    .map(kv -> kv.value)
                    .filter(t -> t.getShadowOf() != null)
                    .findFirst()
                    .orElseThrow();
            assertThat(shadow.getShadowOf()).isEqualTo("r-1");
            assertThat(shadow.getRequest().getRequestId()).isEqualTo("r-1#shadow");
            assertThat(shadow.getDecision().getRequestId()).isEqualTo("r-1#shadow");
            assertThat(shadow.getDecision().getRoute().getModel()).isEqualTo(SHADOW_MODEL);
            assertThat(shadow.getDecision().getFallbacks()).isEmpty();
            assertThat(shadow.getDecision().getCascade()).isNull();
            // and both are reserved: the request's worst case plus the shadow's
            long shadowWorst = shadow.getDecision().getBudgets().getReservedCostMicros();
            assertThat(shadowWorst).isPositive();
            assertThat(router.budget("umbrella").reservedMicros())
                    .isEqualTo(d.getBudgets().getReservedCostMicros() + shadowWorst);

            // when the shadow's result arrives on the shadow results topic
            router.shadowResult(result("r-1#shadow", "umbrella", 1_234));

            // then only the shadow's reservation is released and its cost counted
            BudgetState after = router.budget("umbrella");
            assertThat(after.reservedMicros()).isEqualTo(d.getBudgets().getReservedCostMicros());
            assertThat(after.settledMicros()).isEqualTo(1_234);
            assertThat(router.results()).isEmpty();
        }
    }

    @Test
    void aShadowCallStaysWithinTheRequestsOwnCostCapTogetherWithTheRequest() {
        try (RouterDriver router = new RouterDriver(withShadow(1.0))) {
            // given the worst cases of a request and of its shadow when no cap is set
            router.send(request("umbrella", "free", "extract", INVOICE).build());
            long request = router.decisions().get(0).value.getBudgets().getReservedCostMicros();
            long shadow =
                    shadowTask(router, "free#shadow").getDecision().getBudgets().getReservedCostMicros();

            // when a request caps its cost one micro-dollar below both together (each alone fits)
            var capped = request("umbrella", "capped", "extract", INVOICE);
            capped.getHints().setMaxCostMicros(request + shadow - 1);
            router.send(capped.build());
            // and another caps it at exactly both
            var exact = request("umbrella", "exact", "extract", INVOICE);
            exact.getHints().setMaxCostMicros(request + shadow);
            router.send(exact.build());

            // then the first is routed as before but not shadowed, and its decision says why (the driver's reads
            // return what came since the last read)
            RoutingDecision d = router.decisions().get(0).value;
            assertThat(d.getRequestId()).isEqualTo("capped");
            assertThat(d.getBudgets().getReservedCostMicros()).isEqualTo(request);
            assertThat(d.getExplanation())
                    .anySatisfy(line -> assertThat(line)
                            .startsWith("shadow: openai/" + SHADOW_MODEL + " not called, its worst case")
                            .endsWith("does not fit hints.maxCostMicros " + Money.format(request + shadow - 1)));
            // and the second is shadowed
            assertThat(router.tasks("openai"))
                    .extracting(kv -> kv.value.getRequest().getRequestId())
                    .contains("exact#shadow")
                    .doesNotContain("capped#shadow");
        }
    }

    private static ExecutionTask shadowTask(RouterDriver router, String shadowId) {
        return router.tasks("openai").stream()
                .map(kv -> kv.value)
                .filter(t -> shadowId.equals(t.getRequest().getRequestId()))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no shadow task " + shadowId));
    }

    @Test
    void aShadowModelTheTenantsPolicyExcludesIsNeverCalled() {
        // given every extraction request shadowed on gpt-4o-mini, and a tenant allowed the self-hosted providers only
        RouteplaneConfig config = TestConfigs.withTenants(
                withShadow(1.0),
                TestConfigs.tenant(
                        "on-prem",
                        5_000_000,
                        Set.of("vllm-internal", "ollama-local"),
                        Set.of(),
                        Map.of(),
                        Set.of(),
                        QualityTier.STANDARD));
        try (RouterDriver router = new RouterDriver(config)) {
            // when it sends an extraction request
            router.send(request("on-prem", "r-2", "extract", INVOICE).build());

            // then it is routed, not shadowed, and the decision says which constraint stopped the shadow
            RoutingDecision d = router.decisions().get(0).value;
            assertThat(d.getRoute().getProvider()).isIn("vllm-internal", "ollama-local");
            assertThat(d.getExplanation())
                    .anySatisfy(line ->
                            assertThat(line).startsWith("shadow: openai/" + SHADOW_MODEL + " not called, removed by"));
            assertThat(router.tasks("openai")).isEmpty();
            assertThat(router.budget("on-prem").reservedMicros())
                    .isEqualTo(d.getBudgets().getReservedCostMicros());
        }
    }

    @Test
    void aLaneShadowsAboutItsConfiguredShare() {
        // given the extraction lane shadowing 5% of its requests on gpt-4o-mini
        try (RouterDriver router = new RouterDriver(withShadow(0.05))) {
            // when 2,000 extraction requests are routed
            for (int i = 0; i < 2_000; i++) {
                router.send(request("umbrella", "x-" + i, "extract", INVOICE).build());
            }
            long shadows = router.tasks("openai").stream()
                    .filter(kv -> kv.value.getShadowOf() != null)
                    .count();

            // then about 5% are shadowed (binomial: 100 expected, sd about 10)
            assertThat(shadows).isBetween(65L, 135L);
            assertThat(router.decisions()).hasSize(2_000);
        }
    }

    private static ExecutionResult result(String requestId, String tenantId, long costMicros) {
        return ExecutionResult.newBuilder()
                .setRequestId(requestId)
                .setTenantId(tenantId)
                .setStatus(ResultStatus.SUCCEEDED)
                .setProvider("openai")
                .setModel(SHADOW_MODEL)
                .setUsage(Usage.newBuilder()
                        .setInputTokens(30)
                        .setOutputTokens(20)
                        .build())
                .setCostMicros(costMicros)
                .setLatencyMs(100)
                .setAttempts(List.of())
                .setCompletedAt(RouterDriver.NOW)
                .setShadowOf("r-1")
                .build();
    }

    /** The bundled config with the extraction lane shadowing {@code share} of its requests on gpt-4o-mini. */
    static RouteplaneConfig withShadow(double share) {
        return TestConfigs.bundledWith(
                BUNDLED_SHADOW,
                "shadow: { model: " + SHADOW_MODEL + ", share: " + share + " }",
                "with the extraction lane shadowing " + share + " on " + SHADOW_MODEL);
    }
}
