package dev.routeplane.platform.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BrokerConfigsTest {

    @Test
    void configuresACombinedSingleNodeWithInternalTopicsThatOneBrokerCanHost() {
        Map<String, String> props = BrokerConfigs.build(Path.of("/data/kafka"), 9092, 9093, Map.of());

        assertThat(props)
                .containsEntry("process.roles", "broker,controller")
                .containsEntry("controller.quorum.voters", "1@localhost:9093")
                .containsEntry("listeners", "PLAINTEXT://localhost:9092,CONTROLLER://localhost:9093")
                .containsEntry("advertised.listeners", "PLAINTEXT://localhost:9092")
                .containsEntry("log.dirs", "/data/kafka")
                .containsEntry("offsets.topic.replication.factor", "1")
                .containsEntry("transaction.state.log.replication.factor", "1")
                .containsEntry("transaction.state.log.min.isr", "1")
                .containsEntry("share.coordinator.state.topic.replication.factor", "1")
                .containsEntry("share.coordinator.state.topic.min.isr", "1")
                .containsEntry("group.initial.rebalance.delay.ms", "0");
    }

    @Test
    void overridesWin() {
        Map<String, String> props = BrokerConfigs.build(
                Path.of("/d"), 1, 2, Map.of("num.partitions", "6", "group.initial.rebalance.delay.ms", "3000"));

        assertThat(props)
                .containsEntry("num.partitions", "6")
                .containsEntry("group.initial.rebalance.delay.ms", "3000");
    }
}
