package dev.routeplane.schemas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.MockAdminClient;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class TopicBootstrapperTest {
    private static final Node BROKER = new Node(0, "localhost", 9092);

    private final MockAdminClient admin = new MockAdminClient(List.of(BROKER), BROKER);
    private final TopicBootstrapper bootstrapper = new TopicBootstrapper(admin, (short) 1, Duration.ofSeconds(5));
    private final Topics topics = Topics.defaults();

    @AfterEach
    void closeAdmin() {
        admin.close();
    }

    @Test
    void createsMissingTopicsWithPartitionsAndCleanupPolicy() throws ExecutionException, InterruptedException {
        // when
        TopicBootstrapReport report = bootstrapper.ensure(List.of(topics.requests(), topics.aliases()));

        // then
        assertThat(report.created()).containsExactly("rp.requests.v1", "rp.aliases.v1");
        assertThat(report.existing()).isEmpty();
        assertThat(admin.describeTopics(List.of("rp.aliases.v1"))
                        .allTopicNames()
                        .get()
                        .get("rp.aliases.v1")
                        .partitions())
                .hasSize(6);
        Config aliases = admin.describeConfigs(List.of(new ConfigResource(ConfigResource.Type.TOPIC, "rp.aliases.v1")))
                .all()
                .get()
                .values()
                .iterator()
                .next();
        assertThat(aliases.get("cleanup.policy").value()).isEqualTo("compact");
    }

    @Test
    void secondRunCreatesNothingAndReportsEveryTopicAsExisting() {
        // given
        List<TopicSpec<?>> all = List.copyOf(topics.all(List.of("openai")));
        bootstrapper.ensure(all);

        // when
        TopicBootstrapReport again = bootstrapper.ensure(all);

        // then
        assertThat(again.created()).isEmpty();
        assertThat(again.existing()).hasSize(18);
        assertThat(again.warnings()).isEmpty();
    }

    @Test
    void existingTopicWithWrongCleanupPolicyFailsNamingIt() {
        // given an aliases topic someone created as a plain delete topic
        admin.addTopic(false, "rp.aliases.v1", partitions(6), Map.of("cleanup.policy", "delete"));

        // when
        TopicConfigMismatchException e = catchThrowableOfType(
                TopicConfigMismatchException.class, () -> bootstrapper.ensure(List.of(topics.aliases())));

        // then
        assertThat(e.topic()).isEqualTo("rp.aliases.v1");
        assertThat(e.expected()).isEqualTo("compact");
        assertThat(e.actual()).isEqualTo("delete");
    }

    @Test
    void existingTopicWithOtherPartitionCountIsKeptWithAWarning() {
        // given
        admin.addTopic(false, "rp.results.v1", partitions(3), Map.of("cleanup.policy", "delete"));

        // when
        TopicBootstrapReport report = bootstrapper.ensure(List.of(topics.results(), topics.ledger()));

        // then
        assertThat(report.created()).containsExactly("rp.ledger.v1");
        assertThat(report.existing()).containsExactly("rp.results.v1");
        assertThat(report.warnings())
                .containsExactly("Topic rp.results.v1 has 3 partitions, expected 6;"
                        + " tenant-keyed topics must all have the same count to stay co-partitioned");
    }

    private static List<TopicPartitionInfo> partitions(int count) {
        return java.util.stream.IntStream.range(0, count)
                .mapToObj(p -> new TopicPartitionInfo(p, BROKER, List.of(BROKER), List.of(BROKER)))
                .toList();
    }
}
