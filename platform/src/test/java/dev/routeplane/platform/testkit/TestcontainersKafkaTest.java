package dev.routeplane.platform.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.kafka.common.utils.AppInfoParser;
import org.junit.jupiter.api.Test;

/** What the Testcontainers profile runs, checked without Docker: the image and the broker settings it passes. */
class TestcontainersKafkaTest {

    @Test
    void runsApacheKafkasImageOfTheClientsRelease() {
        assertThat(TestcontainersKafka.IMAGE).isEqualTo("apache/kafka:" + AppInfoParser.getVersion());
    }

    @Test
    void brokerPropertiesBecomeTheImagesEnvironmentVariables() {
        assertThat(TestcontainersKafka.environmentName("share.coordinator.state.topic.replication.factor"))
                .isEqualTo("KAFKA_SHARE_COORDINATOR_STATE_TOPIC_REPLICATION_FACTOR");
        assertThat(TestcontainersKafka.environmentName("group.initial.rebalance.delay.ms"))
                .isEqualTo("KAFKA_GROUP_INITIAL_REBALANCE_DELAY_MS");
    }
}
