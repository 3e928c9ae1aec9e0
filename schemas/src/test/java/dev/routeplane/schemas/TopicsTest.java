package dev.routeplane.schemas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.routeplane.contract.ExecutionTask;
import dev.routeplane.contract.LatencyClass;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TopicsTest {

    @Test
    void defaultTopicsUseTheRpPrefixAndSixPartitions() {
        // when
        Topics topics = Topics.defaults();

        // then
        assertThat(topics.all(List.of("openai", "azure-eu")))
                .extracting(TopicSpec::name)
                .containsExactly(
                        "rp.requests.v1",
                        "rp.requests.rejected.v1",
                        "rp.decisions.v1",
                        "rp.results.v1",
                        "rp.shadow-results.v1",
                        "rp.ledger.v1",
                        "rp.call-intents.v1",
                        "rp.tenant-spend.v1",
                        "rp.route-stats.v1",
                        "rp.feedback.v1",
                        "rp.aliases.v1",
                        "rp.provider-health.v1",
                        "rp.success-models.v1",
                        "rp.approvals.v1",
                        "rp.batches.v1",
                        "rp.provider-batches.v1",
                        "rp.exec.openai.v1",
                        "rp.exec.openai.batch.v1",
                        "rp.exec.azure-eu.v1",
                        "rp.exec.azure-eu.batch.v1");
        assertThat(topics.all(List.of()))
                .allSatisfy(t -> assertThat(t.partitions()).isEqualTo(6));
    }

    @Test
    void tablesAreCompactedAndStreamsAreNot() {
        // given
        Topics topics = Topics.defaults();

        // then
        assertThat(topics.all(List.of("openai")))
                .filteredOn(TopicSpec::compacted)
                .extracting(TopicSpec::name)
                .containsExactly(
                        "rp.tenant-spend.v1",
                        "rp.route-stats.v1",
                        "rp.aliases.v1",
                        "rp.provider-health.v1",
                        "rp.success-models.v1",
                        "rp.batches.v1",
                        "rp.provider-batches.v1");
        assertThat(topics.aliases().topicConfigs()).isEqualTo(Map.of("cleanup.policy", "compact"));
    }

    @Test
    void ledgerIsKeptForeverAndRequestsForSevenDays() {
        // given
        Topics topics = Topics.defaults();

        // then
        assertThat(topics.ledger().topicConfigs())
                .containsEntry("cleanup.policy", "delete")
                .containsEntry("retention.ms", "-1");
        assertThat(topics.requests().retention()).isEqualTo(Duration.ofDays(7));
        assertThat(topics.requests().topicConfigs()).containsEntry("retention.ms", "604800000");
    }

    @Test
    void rejectionsWhoseBytesMayHoldPromptTextAreKeptThreeDaysShorterThanRequests() {
        Topics topics = Topics.defaults();

        assertThat(topics.requestsRejected().retention())
                .isEqualTo(Duration.ofDays(3))
                .isLessThan(topics.requests().retention());
        assertThat(topics.requestsRejected().topicConfigs()).containsEntry("retention.ms", "259200000");
    }

    @Test
    void customPrefixAndPartitionsApplyToEveryTopic() {
        // when
        Topics topics = Topics.withPrefix("acme.rp", 12);

        // then
        TopicSpec<ExecutionTask> exec = topics.exec("vllm-local");
        assertThat(exec.name()).isEqualTo("acme.rp.exec.vllm-local.v1");
        assertThat(exec.valueType()).isEqualTo(ExecutionTask.class);
        assertThat(exec.partitions()).isEqualTo(12);
        assertThat(exec.valueSubject()).isEqualTo("acme.rp.exec.vllm-local.v1-value");
        assertThat(topics.tenantSpend().name()).isEqualTo("acme.rp.tenant-spend.v1");
    }

    @Test
    void batchTasksHaveTheirOwnExecTopicPerProvider() {
        // given
        Topics topics = Topics.defaults();

        // then
        assertThat(topics.exec("openai", LatencyClass.BATCH).name()).isEqualTo("rp.exec.openai.batch.v1");
        assertThat(topics.exec("openai", LatencyClass.INTERACTIVE).name()).isEqualTo("rp.exec.openai.v1");
        assertThat(topics.exec("openai", LatencyClass.BACKGROUND).name()).isEqualTo("rp.exec.openai.v1");
        assertThatThrownBy(() -> topics.execBatch("open_ai"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("Provider id 'open_ai' cannot be used in a topic name");
    }

    @Test
    void topicNamesUseOnlyDotsDashesLowercaseAndDigits() {
        assertThat(Topics.defaults().all(List.of("openai", "x1")))
                .allSatisfy(t -> assertThat(t.name()).matches("[a-z0-9.-]+"));
    }

    @Test
    void execRejectsProviderIdWithUnderscoreNamingTheId() {
        assertThatThrownBy(() -> Topics.defaults().exec("open_ai"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Provider id 'open_ai' cannot be used in a topic name: use lowercase letters, digits and"
                        + " single '-' between them (e.g. 'openai', 'azure-eu')");
    }

    @Test
    void execRejectsUppercaseEmptyAndDottedProviderIds() {
        assertThatThrownBy(() -> Topics.defaults().exec("OpenAI")).hasMessageStartingWith("Provider id 'OpenAI' ");
        assertThatThrownBy(() -> Topics.defaults().exec("")).hasMessageStartingWith("Provider id '' ");
        assertThatThrownBy(() -> Topics.defaults().exec("a.b")).hasMessageStartingWith("Provider id 'a.b' ");
        assertThatThrownBy(() -> Topics.defaults().exec("-x")).hasMessageStartingWith("Provider id '-x' ");
    }

    @Test
    void withPrefixRejectsUnderscoresAndZeroPartitions() {
        assertThatThrownBy(() -> Topics.withPrefix("rp_dev", 6))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("Topic prefix 'rp_dev' is invalid");
        assertThatThrownBy(() -> Topics.withPrefix("rp", 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Partition count must be at least 1, got 0");
    }

    @Test
    void routeStatsKeyJoinsLaneProviderAndModelWithPipes() {
        assertThat(Topics.routeStatsKey("batch-cheap", "openai", "gpt-4o-mini"))
                .isEqualTo("batch-cheap|openai|gpt-4o-mini");
        assertThatThrownBy(() -> Topics.routeStatsKey("lane", "open|ai", "m"))
                .hasMessage("Route-stats key provider 'open|ai' must be non-empty and must not contain '|'");
    }
}
