package dev.routeplane.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import dev.routeplane.contract.ExecutionTask;
import dev.routeplane.schemas.testing.InMemorySchemaRegistryClient;
import dev.routeplane.schemas.testing.SampleRecords;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class RoundTripTest {
    private static final Topics TOPICS = Topics.defaults();

    static Stream<Arguments> everyTopicWithASample() {
        return Stream.of(
                Arguments.of(TOPICS.requests(), SampleRecords.routeRequest()),
                Arguments.of(TOPICS.requestsRejected(), SampleRecords.rejectedRequest()),
                Arguments.of(TOPICS.decisions(), SampleRecords.routingDecision()),
                Arguments.of(TOPICS.exec("openai"), SampleRecords.executionTask()),
                Arguments.of(TOPICS.results(), SampleRecords.executionResult()),
                Arguments.of(TOPICS.ledger(), SampleRecords.costEvent()),
                Arguments.of(TOPICS.tenantSpend(), SampleRecords.tenantSpend()),
                Arguments.of(TOPICS.routeStats(), SampleRecords.routeStats()),
                Arguments.of(TOPICS.feedback(), SampleRecords.feedback()),
                Arguments.of(TOPICS.aliases(), SampleRecords.aliasBinding()),
                Arguments.of(TOPICS.providerHealth(), SampleRecords.providerHealth()),
                Arguments.of(TOPICS.execBatch("openai"), SampleRecords.executionTask()),
                Arguments.of(TOPICS.batches(), SampleRecords.batchState()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("everyTopicWithASample")
    <V extends SpecificRecord> void recordSurvivesSerializeAndDeserializeUnchanged(TopicSpec<V> topic, V sample) {
        // given
        InMemorySchemaRegistryClient registry = new InMemorySchemaRegistryClient();
        Serde<V> serde = new RouteplaneSerdes(Map.of(), registry).valueSerde(topic);

        // when
        byte[] bytes = serde.serializer().serialize(topic.name(), sample);
        V back = serde.deserializer().deserialize(topic.name(), bytes);

        // then the value is equal and its schema was registered under <topic>-value
        assertThat(back).isEqualTo(sample);
        assertThat(back.getClass()).isEqualTo(topic.valueType());
        assertThat(registry.subjects()).containsExactly(topic.name() + "-value");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("everyTopicWithASample")
    <V extends SpecificRecord> void valueDeserializerConfiguredOnlyByPropertiesReadsTheWriterClass(
            TopicSpec<V> topic, V sample) {
        // given a deserializer created the way Kafka does: no-arg, then configure, no target type
        InMemorySchemaRegistryClient registry = new InMemorySchemaRegistryClient();
        byte[] bytes = new RouteplaneSerdes(Map.of(), registry)
                .valueSerde(topic)
                .serializer()
                .serialize(topic.name(), sample);
        RegistryAvroDeserializer<Object> deserializer = new RegistryAvroDeserializer<>(registry);
        deserializer.configure(Map.of(RegistrySerdeConfig.SPECIFIC_AVRO_READER, "true"), false);

        // when
        Object back = deserializer.deserialize(topic.name(), bytes);

        // then
        assertThat(back).isEqualTo(sample);
    }

    @org.junit.jupiter.api.Test
    void executionTaskKeepsNestedRequestDecisionAndAttempts() {
        // given
        Serde<ExecutionTask> serde =
                new RouteplaneSerdes(Map.of(), new InMemorySchemaRegistryClient()).valueSerde(TOPICS.exec("anthropic"));

        // when
        ExecutionTask back = serde.deserializer()
                .deserialize(
                        "rp.exec.anthropic.v1",
                        serde.serializer().serialize("rp.exec.anthropic.v1", SampleRecords.executionTask()));

        // then
        assertThat(back.getAttempt()).isEqualTo(2);
        assertThat(back.getRequest().getMessages()).hasSize(2);
        assertThat(back.getRequest().getMessages().get(1).getContent()).endsWith("Grüße!");
        assertThat(back.getDecision().getBudgets().getReservedCostMicros()).isEqualTo(1_354L);
        assertThat(back.getPreviousAttempts()).extracting(a -> a.getOutcome()).isEqualTo(List.of("TIMEOUT"));
    }
}
