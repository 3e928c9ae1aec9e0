package dev.routeplane.schemas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.routeplane.contract.ExecutionTask;
import dev.routeplane.contract.LatencyClass;
import dev.routeplane.schemas.testing.SampleRecords;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.producer.internals.BuiltInPartitioner;
import org.junit.jupiter.api.Test;

class PartitionsTest {
    private static final int PARTITIONS = 6;

    private static ExecutionTask task(String tenant, String requestId, LatencyClass latencyClass) {
        ExecutionTask task =
                ExecutionTask.newBuilder(SampleRecords.executionTask()).build();
        task.getRequest().setTenantId(tenant);
        task.getRequest().setRequestId(requestId);
        task.getRequest().getHints().setLatencyClass(latencyClass);
        return task;
    }

    @Test
    void oneTenantsTasksOfEveryClassSpreadOverEveryPartition() {
        for (LatencyClass latencyClass : LatencyClass.values()) {
            Map<Integer, Integer> perPartition = new HashMap<>();
            for (int i = 0; i < 6_000; i++) {
                perPartition.merge(
                        Partitions.ofTask(task("acme", "req-" + i, latencyClass), PARTITIONS), 1, Integer::sum);
            }

            assertThat(perPartition).as("%s", latencyClass).hasSize(PARTITIONS);
            assertThat(perPartition.values())
                    .as("%s", latencyClass)
                    .allSatisfy(n -> assertThat(n).isBetween(800, 1_200));
        }
    }

    @Test
    void aTasksPartitionIsItsRequestIdsWhateverItsClassAndTenant() {
        for (LatencyClass latencyClass : LatencyClass.values()) {
            for (String tenant : new String[] {"acme", "globex"}) {
                assertThat(Partitions.ofTask(task(tenant, "req-42", latencyClass), PARTITIONS))
                        .isEqualTo(BuiltInPartitioner.partitionForKey(
                                "req-42".getBytes(StandardCharsets.UTF_8), PARTITIONS));
            }
        }
    }

    @Test
    void aBatchTaskWrittenAgainLandsInTheSamePartition() {
        ExecutionTask first = task("acme", "batch_1-line-17", LatencyClass.BATCH);
        ExecutionTask fallback = task("acme", "batch_1-line-17", LatencyClass.BATCH);
        fallback.setAttempt(3);

        assertThat(Partitions.ofTask(fallback, PARTITIONS)).isEqualTo(Partitions.ofTask(first, PARTITIONS));
        assertThat(Partitions.ofTask(first, PARTITIONS))
                .isEqualTo(BuiltInPartitioner.partitionForKey(
                        "batch_1-line-17".getBytes(StandardCharsets.UTF_8), PARTITIONS));
    }

    @Test
    void aKeysPartitionIsKafkasDefault() {
        for (String key : new String[] {"acme", "globex", "acme/batch_42", ""}) {
            assertThat(Partitions.ofKey(key, 7))
                    .isEqualTo(BuiltInPartitioner.partitionForKey(key.getBytes(StandardCharsets.UTF_8), 7));
        }
    }

    @Test
    void aPartitionCountBelowOneIsRefusedNamingIt() {
        assertThatThrownBy(() -> Partitions.ofKey("acme", 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("got 0");
    }
}
