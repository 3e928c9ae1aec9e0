package dev.routeplane.router.internal;

import static dev.routeplane.router.testing.Requests.request;
import static org.assertj.core.api.Assertions.assertThat;

import dev.routeplane.cascade.CascadePlan;
import dev.routeplane.contract.Cascade;
import dev.routeplane.contract.ExecutionTask;
import dev.routeplane.contract.RoutingDecision;
import dev.routeplane.router.testing.RouterDriver;
import dev.routeplane.router.testing.TestConfigs;
import java.util.List;
import org.apache.kafka.common.serialization.Serializer;
import org.junit.jupiter.api.Test;

/**
 * The task serializer splices the decision bytes just written instead of encoding the decision again, and its
 * bytes are the registry serializer's: a schema change the splice does not follow would silently fall back to
 * encoding twice, so the test checks that splicing is on, not only that the bytes match.
 */
class DecisionReuseTest {

    @Test
    void splicedTasksAreByteForByteTheRegistrysAndSplicingStaysOn() {
        try (RouterDriver router = new RouterDriver(TestConfigs.bundled())) {
            // given a decision and task the production topology made
            router.send(request("acme", "r-1", "code", "Write a Python function that reverses a list.")
                    .build());
            RoutingDecision decision = router.decisions().get(0).value;
            String provider = decision.getRoute().getProvider();
            ExecutionTask routed = router.tasks(provider).get(0).value;
            String decisions = router.topics.decisions().name();
            String exec = router.topics.exec(provider).name();
            Serializer<RoutingDecision> decisionRegistry =
                    router.serdes.valueSerde(router.topics.decisions()).serializer();
            Serializer<ExecutionTask> taskRegistry =
                    router.serdes.valueSerde(router.topics.exec(provider)).serializer();
            DecisionReuse reuse = new DecisionReuse();
            Serializer<RoutingDecision> decisionsOut = reuse.decisions(decisionRegistry);
            Serializer<ExecutionTask> tasksOut = reuse.tasks(taskRegistry);

            for (int i = 0; i < 3; i++) {
                // when the decision is written, then its task carrying the same decision object
                decisionsOut.serialize(decisions, decision);
                ExecutionTask task =
                        ExecutionTask.newBuilder(routed).setDecision(decision).build();
                byte[] bytes = tasksOut.serialize(exec, task);

                // then the bytes are exactly the registry serializer's, and from the second task on they are spliced
                assertThat(bytes).isEqualTo(taskRegistry.serialize(exec, task));
                assertThat(reuse.splicing(exec)).isTrue();
            }

            // and a cascade's first task, which states its stage, is spliced byte for byte too
            RoutingDecision cascading = RoutingDecision.newBuilder(decision)
                    .setCascade(Cascade.newBuilder()
                            .setId(CascadePlan.idOf(List.of(decision.getRoute().getModel()), "claude-sonnet-4"))
                            .setStages(List.of(decision.getRoute()))
                            .setEscalation(decision.getRoute())
                            .setSignal("LOW_CONFIDENCE")
                            .build())
                    .build();
            decisionsOut.serialize(decisions, cascading);
            ExecutionTask first = ExecutionTask.newBuilder(routed)
                    .setDecision(cascading)
                    .setCascadeStage(0)
                    .build();
            assertThat(tasksOut.serialize(exec, first)).isEqualTo(taskRegistry.serialize(exec, first));
            assertThat(reuse.splicing(exec)).isTrue();
        }
    }
}
