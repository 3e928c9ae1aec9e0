package dev.routeplane.schemas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.routeplane.schemas.internal.TopicChecks;
import org.junit.jupiter.api.Test;

class TopicChecksTest {
    private final Topics topics = Topics.defaults();

    @Test
    void compactedTopicFoundWithDeletePolicyIsAMismatchNamingTopicExpectedAndActual() {
        // when
        TopicConfigMismatchException e = catchThrowableOfType(
                TopicConfigMismatchException.class, () -> TopicChecks.requireCleanupPolicy(topics.aliases(), "delete"));

        // then
        assertThat(e.topic()).isEqualTo("rp.aliases.v1");
        assertThat(e.expected()).isEqualTo("compact");
        assertThat(e.actual()).isEqualTo("delete");
        assertThat(e.getMessage())
                .startsWith(
                        "Topic rp.aliases.v1 exists with cleanup.policy=delete but Routeplane requires cleanup.policy=compact;");
    }

    @Test
    void compactPlusDeleteDoesNotSatisfyCompact() {
        // when
        TopicConfigMismatchException e = catchThrowableOfType(
                TopicConfigMismatchException.class,
                () -> TopicChecks.requireCleanupPolicy(topics.tenantSpend(), "delete, compact"));

        // then
        assertThat(e.actual()).isEqualTo("compact,delete");
    }

    @Test
    void matchingPolicyPassesRegardlessOfCase() {
        assertThatCode(() -> TopicChecks.requireCleanupPolicy(topics.routeStats(), "Compact"))
                .doesNotThrowAnyException();
        assertThatCode(() -> TopicChecks.requireCleanupPolicy(topics.results(), null))
                .doesNotThrowAnyException();
    }

    @Test
    void differentPartitionCountIsOnlyAWarning() {
        assertThat(TopicChecks.partitionWarning(topics.requests(), 3))
                .contains("Topic rp.requests.v1 has 3 partitions,"
                        + " expected 6; tenant-keyed topics must all have the same count to stay co-partitioned");
        assertThat(TopicChecks.partitionWarning(topics.requests(), 6)).isEmpty();
    }
}
