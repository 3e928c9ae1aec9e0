package dev.routeplane.bench.router;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.routeplane.contract.DecisionBudgets;
import dev.routeplane.contract.DecisionPolicy;
import dev.routeplane.contract.DecisionVersions;
import dev.routeplane.contract.Estimates;
import dev.routeplane.contract.FeatureSummary;
import dev.routeplane.contract.LatencyClass;
import dev.routeplane.contract.Route;
import dev.routeplane.contract.RouteRequest;
import dev.routeplane.contract.RoutingDecision;
import dev.routeplane.simulator.workload.MixedWorkload;
import dev.routeplane.simulator.workload.TenantShare;
import dev.routeplane.simulator.workload.WorkloadKind;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

class DecisionTemplatesTest {
    private static final Instant AT = Instant.parse("2026-03-01T12:00:00Z");
    private final MixedWorkload workload = new MixedWorkload(
            7,
            Clock.fixed(AT, ZoneOffset.UTC),
            "t",
            List.of(new TenantShare("acme", 1), new TenantShare("initech", 1)),
            100,
            200);

    @Test
    void keepsTheDecisionNearestEachProvidersMeanSize() {
        DecisionTemplates templates = new DecisionTemplates.Builder()
                .add(decision("acme", "openai", "small"), 700)
                .add(decision("acme", "openai", "middle"), 800)
                .add(decision("acme", "openai", "large"), 1_000)
                .build();

        for (int i = 0; i < 20; i++) {
            assertThat(templates.decisionFor(request("acme"), AT).getLane()).isEqualTo("middle");
        }
    }

    @Test
    void picksATenantsProvidersInProportionToTheRoutersDecisions() {
        DecisionTemplates.Builder b = new DecisionTemplates.Builder();
        for (int i = 0; i < 3; i++) {
            b.add(decision("acme", "openai", "lane"), 800);
        }
        b.add(decision("acme", "anthropic", "lane"), 900);
        b.add(decision("initech", "mistral", "lane"), 900);
        DecisionTemplates templates = b.build();

        int openai = 0;
        int n = 20_000;
        for (int i = 0; i < n; i++) {
            String provider =
                    templates.decisionFor(request("acme"), AT).getRoute().getProvider();
            assertThat(provider).isIn("openai", "anthropic");
            openai += provider.equals("openai") ? 1 : 0;
        }

        assertThat((double) openai / n).isCloseTo(0.75, within(0.02));
        assertThat(templates.decisionFor(request("initech"), AT).getRoute().getProvider())
                .isEqualTo("mistral");
    }

    @Test
    void fillsInTheRequestsIdsAndTimeAndSharesTheRestWithTheTemplate() {
        RoutingDecision template = decision("acme", "openai", "lane");
        DecisionTemplates templates =
                new DecisionTemplates.Builder().add(template, 800).build();
        RouteRequest request = request("acme");
        request.setBatchId("batch-9");
        Instant later = AT.plusSeconds(5);

        RoutingDecision d = templates.decisionFor(request, later);

        assertThat(d.getRequestId()).isEqualTo(request.getRequestId()).isNotEqualTo(template.getRequestId());
        assertThat(d.getTenantId()).isEqualTo("acme");
        assertThat(d.getBatchId()).isEqualTo("batch-9");
        assertThat(d.getDecidedAt()).isEqualTo(later);
        assertThat(d.getRoute()).isSameAs(template.getRoute());
        assertThat(d.getBudgets()).isSameAs(template.getBudgets());
        assertThat(d.getExplanation()).isSameAs(template.getExplanation());
        assertThat(template.getRequestId()).isEqualTo("template");
    }

    @Test
    void refusesATenantTheRouterRoutedNothingFor() {
        DecisionTemplates templates = new DecisionTemplates.Builder()
                .add(decision("acme", "openai", "lane"), 800)
                .build();

        assertThatThrownBy(() -> templates.decisionFor(request("initech"), AT))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("initech");
    }

    @Test
    void refusesToBuildWithoutDecisions() {
        assertThatThrownBy(() -> new DecisionTemplates.Builder().build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("no decisions");
    }

    private RouteRequest request(String tenant) {
        return workload.next(tenant, WorkloadKind.SUMMARIZATION);
    }

    private static RoutingDecision decision(String tenant, String provider, String lane) {
        return RoutingDecision.newBuilder()
                .setRequestId("template")
                .setTenantId(tenant)
                .setLane(lane)
                .setRoute(Route.newBuilder()
                        .setProvider(provider)
                        .setModel("m")
                        .setRegion("us")
                        .build())
                .setBudgets(DecisionBudgets.newBuilder()
                        .setMaxInputTokens(500)
                        .setMaxOutputTokens(1_000)
                        .setMaxToolCalls(0)
                        .setDeadlineMs(30_000)
                        .setReservedCostMicros(12_000)
                        .build())
                .setPolicy(DecisionPolicy.newBuilder()
                        .setRiskTier("LOW")
                        .setDataClass("INTERNAL")
                        .setToolsAllowed(List.of())
                        .setRequiresApprovalFor(List.of())
                        .build())
                .setFallbacks(List.of())
                .setFeatures(FeatureSummary.newBuilder()
                        .setTaskType("SUMMARIZATION")
                        .setInputTokens(500)
                        .setContextBand("SMALL")
                        .setDataClass("INTERNAL")
                        .setLanguages(List.of("en"))
                        .setMultilingual(false)
                        .setNeedsTools(false)
                        .setNeedsJson(false)
                        .setNeedsVision(false)
                        .setLatencyClass(LatencyClass.BATCH)
                        .setRiskTier("LOW")
                        .build())
                .setExplanation(List.of("lane " + lane))
                .setEstimates(Estimates.newBuilder()
                        .setCostMicros(3_000)
                        .setQuality(0.8)
                        .setLatencyMs(900)
                        .build())
                .setVersions(DecisionVersions.newBuilder()
                        .setRouter("test")
                        .setPolicy("cfg")
                        .setStats("none")
                        .build())
                .setDecidedAt(AT.minusSeconds(60))
                .build();
    }
}
