package dev.routeplane.schemas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.routeplane.contract.RouteRequest;
import dev.routeplane.platform.testkit.RouteplanePlatformExtension;
import dev.routeplane.schemas.testing.SampleRecords;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serde;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The contracts against the real platform: a KRaft broker and the registry over HTTP, configured only through
 * the standard serde properties, as a production deployment would be.
 */
class ContractsOnRealPlatformIT {

    @RegisterExtension
    static final RouteplanePlatformExtension platform = new RouteplanePlatformExtension();

    private static final List<String> PROVIDERS = List.of("openai", "anthropic");

    private Map<String, Object> serdeConfig() {
        return Map.of(RegistrySerdeConfig.SCHEMA_REGISTRY_URL, platform.registryUrl());
    }

    private HttpSchemaRegistryClient registryClient() {
        return new HttpSchemaRegistryClient(List.of(URI.create(platform.registryUrl())), null, Duration.ofSeconds(10));
    }

    private TopicBootstrapReport bootstrap(Topics topics) {
        try (Admin admin = Admin.create(platform.adminConfig())) {
            return new TopicBootstrapper(admin).ensure(topics.all(PROVIDERS));
        }
    }

    @Test
    void everyRecordTypeRoundTripsThroughTheBrokerAndTheRegistryOverHttp() {
        // given every topic, and one sample record per contract on its topic
        Topics topics = Topics.withPrefix("rt", 3);
        bootstrap(topics);
        Map<TopicSpec<?>, SpecificRecord> samples = new LinkedHashMap<>();
        samples.put(topics.requests(), SampleRecords.routeRequest());
        samples.put(topics.decisions(), SampleRecords.routingDecision());
        samples.put(topics.exec("openai"), SampleRecords.executionTask());
        samples.put(topics.results(), SampleRecords.executionResult());
        samples.put(topics.ledger(), SampleRecords.costEvent());
        samples.put(topics.feedback(), SampleRecords.feedback());
        samples.put(topics.tenantSpend(), SampleRecords.tenantSpend());
        samples.put(topics.routeStats(), SampleRecords.routeStats());
        samples.put(topics.aliases(), SampleRecords.aliasBinding());
        samples.put(topics.requestsRejected(), SampleRecords.rejectedRequest());
        samples.put(topics.providerHealth(), SampleRecords.providerHealth());
        RouteplaneSerdes serdes = new RouteplaneSerdes(serdeConfig());

        // when each is produced with the registry serializer and read back with the registry deserializer
        for (Map.Entry<TopicSpec<?>, SpecificRecord> sample : samples.entrySet()) {
            SpecificRecord read = produceAndReadBack(serdes, sample.getKey(), sample.getValue());

            // then it is equal field for field, and its schema is registered under the TopicNameStrategy subject
            assertThat(read).as(sample.getKey().name()).isEqualTo(sample.getValue());
        }
        assertThat(registryClient().subjects())
                .containsAll(
                        samples.keySet().stream().map(TopicSpec::valueSubject).toList());
    }

    @SuppressWarnings("unchecked")
    private <V extends SpecificRecord> SpecificRecord produceAndReadBack(
            RouteplaneSerdes serdes, TopicSpec<V> topic, SpecificRecord value) {
        Serde<V> serde = serdes.valueSerde(topic);
        Map<String, Object> producerProps = platform.producerProps();
        try (KafkaProducer<String, V> producer =
                new KafkaProducer<>(producerProps, serdes.keySerde().serializer(), serde.serializer())) {
            producer.send(new ProducerRecord<>(topic.name(), "acme", (V) value));
            producer.flush();
        }
        Map<String, Object> consumerProps = platform.consumerProps("rt-" + topic.name());
        consumerProps.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        try (KafkaConsumer<String, V> consumer =
                new KafkaConsumer<>(consumerProps, serdes.keySerde().deserializer(), serde.deserializer())) {
            consumer.subscribe(List.of(topic.name()));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (System.nanoTime() < deadline) {
                for (ConsumerRecord<String, V> record : consumer.poll(Duration.ofMillis(200))) {
                    return record.value();
                }
            }
        }
        throw new AssertionError("no record read back from " + topic.name() + " within 30 s");
    }

    @Test
    void anIncompatibleChangeToAContractIsRefusedWith409AndACompatibleOneIsAccepted() {
        // given the current RouteRequest schema registered under its subject
        HttpSchemaRegistryClient registry = registryClient();
        String subject = "compat-" + Topics.defaults().requests().valueSubject();
        int currentId = registry.register(subject, RouteRequest.getClassSchema());

        // when a field without a default is added (old records could not be read), then the registry refuses it
        Schema incompatible = withExtraField(RouteRequest.getClassSchema(), false);
        assertThat(registry.testCompatibility(subject, incompatible)).isFalse();
        assertThatThrownBy(() -> registry.register(subject, incompatible))
                .isInstanceOfSatisfying(SchemaRegistryException.class, e -> {
                    assertThat(e.status()).isEqualTo(409);
                    assertThat(e.errorCode()).isEqualTo(SchemaRegistryException.INCOMPATIBLE_SCHEMA);
                });

        // and the same field with a default is a BACKWARD-compatible evolution, accepted under a new id
        Schema compatible = withExtraField(RouteRequest.getClassSchema(), true);
        int evolvedId = registry.register(subject, compatible);
        assertThat(evolvedId).isNotEqualTo(currentId);
        assertThat(registry.latest(subject).id()).isEqualTo(evolvedId);
    }

    private static Schema withExtraField(Schema base, boolean withDefault) {
        List<Schema.Field> fields = new ArrayList<>();
        for (Schema.Field f : base.getFields()) {
            fields.add(new Schema.Field(f, f.schema()));
        }
        Schema priority = SchemaBuilder.builder().intType();
        fields.add(
                withDefault
                        ? new Schema.Field("priority", priority, "Scheduling priority.", 0)
                        : new Schema.Field("priority", priority, "Scheduling priority.", (Object) null));
        Schema evolved = Schema.createRecord(base.getName(), base.getDoc(), base.getNamespace(), false);
        evolved.setFields(fields);
        return evolved;
    }

    @Test
    void topicBootstrapIsIdempotentAndRefusesATopicWithTheWrongCleanupPolicy() throws Exception {
        // given a first bootstrap that creates every topic
        Topics topics = Topics.withPrefix("boot", 2);
        TopicBootstrapReport first = bootstrap(topics);
        assertThat(first.created()).hasSize(topics.all(PROVIDERS).size());

        // when it runs again, then nothing is created and everything is reported as existing
        TopicBootstrapReport second = bootstrap(topics);
        assertThat(second.created()).isEmpty();
        assertThat(second.existing()).containsExactlyInAnyOrderElementsOf(first.created());

        // and a compacted topic that exists with cleanup.policy=delete is a clear error naming it
        Topics other = Topics.withPrefix("clash", 2);
        try (Admin admin = Admin.create(platform.adminConfig())) {
            admin.createTopics(List.of(new NewTopic(other.aliases().name(), 2, (short) 1)
                            .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_DELETE))))
                    .all()
                    .get();
            assertThatThrownBy(() -> new TopicBootstrapper(admin).ensure(List.of(other.aliases())))
                    .isInstanceOf(TopicConfigMismatchException.class)
                    .hasMessageContaining(other.aliases().name())
                    .hasMessageContaining("compact")
                    .hasMessageContaining("delete");
        }
    }

    @Test
    void badBytesOnARealTopicAreReportedWithTopicPartitionOffsetAndKind() {
        // given three bad payloads on a real topic: a wrong magic byte, an id the registry never issued, a cut-off
        // record
        Topics topics = Topics.withPrefix("bad", 1);
        bootstrap(topics);
        RouteplaneSerdes serdes = new RouteplaneSerdes(serdeConfig());
        byte[] good = serdes.valueSerde(topics.requests())
                .serializer()
                .serialize(topics.requests().name(), SampleRecords.routeRequest());
        byte[] truncated = java.util.Arrays.copyOf(good, good.length / 2);
        byte[][] payloads = {{1, 0, 0, 0, 1, 2}, {0, 0, 0, (byte) 0x7f, (byte) 0xff, 2}, truncated};
        String topic = topics.requests().name();
        try (KafkaProducer<byte[], byte[]> producer =
                new KafkaProducer<>(platform.producerProps(), new ByteArraySerializer(), new ByteArraySerializer())) {
            for (byte[] payload : payloads) {
                producer.send(new ProducerRecord<>(topic, null, payload));
            }
            producer.flush();
        }

        // when they are read as bytes and decoded
        RecordDecoder<RouteRequest> decoder = serdes.decoder(topics.requests());
        List<UndecodableRecordException> errors = new ArrayList<>();
        Map<String, Object> consumerProps = new HashMap<>(platform.consumerProps("bad-bytes"));
        consumerProps.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        try (KafkaConsumer<byte[], byte[]> consumer =
                new KafkaConsumer<>(consumerProps, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (errors.size() < payloads.length && System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    try {
                        decoder.decode(record);
                    } catch (UndecodableRecordException e) {
                        errors.add(e);
                    }
                }
            }
        }

        // then each gets its own kind, and the message names topic, partition and offset
        assertThat(errors)
                .extracting(UndecodableRecordException::kind)
                .containsExactly(
                        AvroPayloadException.Kind.UNKNOWN_MAGIC_BYTE,
                        AvroPayloadException.Kind.UNKNOWN_SCHEMA_ID,
                        AvroPayloadException.Kind.TRUNCATED_PAYLOAD);
        for (int i = 0; i < errors.size(); i++) {
            assertThat(errors.get(i).getMessage())
                    .contains(topic)
                    .contains("partition 0")
                    .contains("offset " + i);
        }
    }

    @Test
    void schemaIdsSurviveAPlatformRestart() {
        // given a schema registered through the serializer path
        HttpSchemaRegistryClient before = registryClient();
        int id = before.register("restart-value", SampleRecords.costEvent().getSchema());

        // when the broker and registry restart on the same data directory
        platform.restart();

        // then a new client resolves the same id to the same schema, and re-registering returns that id
        HttpSchemaRegistryClient after = registryClient();
        assertThat(after.schemaById(id)).isEqualTo(SampleRecords.costEvent().getSchema());
        assertThat(after.register("restart-value", SampleRecords.costEvent().getSchema()))
                .isEqualTo(id);
    }
}
