package dev.routeplane.executors.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.routeplane.cascade.Signals;
import dev.routeplane.config.RouteplaneConfig;
import dev.routeplane.contract.DecisionPolicy;
import dev.routeplane.contract.ExecutionTask;
import dev.routeplane.contract.RequestHints;
import dev.routeplane.contract.RouteRequest;
import dev.routeplane.contract.RoutingDecision;
import dev.routeplane.contract.ToolApproval;
import dev.routeplane.contract.ToolSpec;
import dev.routeplane.executors.ExecutorMeters;
import dev.routeplane.executors.ResilienceSettings;
import dev.routeplane.executors.TestTasks;
import dev.routeplane.executors.ToolDefinition;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The executor's re-check of the tenant's tool policy: acme (executor-it.yaml) may offer search_docs, and send_email
 * only with an approval. Approvals count only as the router recorded them in the decision.
 */
class CallPlanTest {
    final RouteplaneConfig config = TestTasks.config();
    final Clock clock = Clock.systemUTC();

    WorkerContext context() {
        return new WorkerContext(
                config.providers().get("alpha"),
                config,
                call -> {
                    throw new AssertionError("no call in this test");
                },
                new ProviderResilience(
                        config.providers().get("alpha"), ResilienceSettings.defaults(), Runnable::run, clock),
                ref -> "key",
                null,
                null,
                Runnable::run,
                clock,
                ExecutorMeters.of(new SimpleMeterRegistry(), "alpha", "test"),
                Signals.builtIn(),
                requestId -> {});
    }

    /** A task offering search_docs and send_email, the request asking itself to approve send_email. */
    ExecutionTask task(List<ToolApproval> recorded) {
        ExecutionTask base = TestTasks.task("acme", "r-1", "alpha", "alpha-mini", "us-east", 10_000, List.of());
        RouteRequest request = RouteRequest.newBuilder(base.getRequest())
                .setHints(RequestHints.newBuilder(base.getRequest().getHints())
                        .setTools(List.of(tool("search_docs", false), tool("send_email", true)))
                        .setApprovals(List.of("send_email"))
                        .build())
                .build();
        RoutingDecision decision = RoutingDecision.newBuilder(base.getDecision())
                .setPolicy(DecisionPolicy.newBuilder(base.getDecision().getPolicy())
                        .setToolsAllowed(List.of("search_docs", "send_email"))
                        .setRequiresApprovalFor(List.of("send_email"))
                        .setApprovals(recorded)
                        .build())
                .build();
        return ExecutionTask.newBuilder(base)
                .setRequest(request)
                .setDecision(decision)
                .build();
    }

    private static ToolSpec tool(String name, boolean sideEffect) {
        return ToolSpec.newBuilder()
                .setName(name)
                .setDescription(name + " tool")
                .setSideEffect(sideEffect)
                .setParametersJson(null)
                .build();
    }

    private List<String> offered(ExecutionTask task) {
        return CallPlan.of(context(), task, config.models().get("alpha-mini")).call().tools().stream()
                .map(ToolDefinition::name)
                .toList();
    }

    @Test
    void aToolNeedingApprovalIsNotOfferedOnTheRequestsOwnWord() {
        assertThat(offered(task(List.of()))).containsExactly("search_docs");
    }

    @Test
    void aToolNeedingApprovalIsOfferedWithTheApprovalTheDecisionRecorded() {
        ToolApproval approval = new ToolApproval("send_email", "operator:alice", Instant.parse("2026-11-03T10:00:00Z"));

        assertThat(offered(task(List.of(approval)))).containsExactly("search_docs", "send_email");
    }
}
