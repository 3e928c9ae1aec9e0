package dev.routeplane.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.AcknowledgeType;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.KafkaShareConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicIdPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedKafkaBrokerIT {
    @TempDir
    static Path dataDir;

    static EmbeddedKafkaBroker broker;

    @BeforeAll
    static void startBroker() {
        // A share consumer gets its first assignment on a heartbeat (5 s by default); 1 s keeps the test short.
        broker = EmbeddedKafkaBroker.start(BrokerOptions.builder(dataDir)
                .port(0)
                .override("group.share.min.heartbeat.interval.ms", "1000")
                .override("group.share.heartbeat.interval.ms", "1000")
                .build());
    }

    @AfterAll
    static void stopBroker() {
        broker.close();
    }

    @Test
    void roundTripsRecordsThroughAConsumerGroup() throws Exception {
        String topic = createTopic("round-trip");
        try (KafkaProducer<String, String> producer = producer(Map.of())) {
            for (int i = 0; i < 3; i++) {
                producer.send(new ProducerRecord<>(topic, "k", "v" + i)).get();
            }
        }

        assertThat(readCommitted(topic, 3)).containsExactly("v0", "v1", "v2");
    }

    @Test
    void transactionalProducerCommitsAndAbortsOnASingleBroker() throws Exception {
        String topic = createTopic("transactions");
        try (KafkaProducer<String, String> producer = producer(Map.of("transactional.id", "tx-" + UUID.randomUUID()))) {
            producer.initTransactions();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>(topic, "k", "aborted"));
            producer.abortTransaction();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>(topic, "k", "committed-1"));
            producer.send(new ProducerRecord<>(topic, "k", "committed-2"));
            producer.commitTransaction();
        }

        assertThat(readCommitted(topic, 2)).containsExactly("committed-1", "committed-2");
    }

    @Test
    void shareConsumerReceivesAndAcknowledgesARecord() throws Exception {
        String topic = createTopic("share");
        String group = "share-" + UUID.randomUUID();
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", broker.bootstrapServers()))) {
            assertThat(admin.describeFeatures()
                            .featureMetadata()
                            .get()
                            .finalizedFeatures()
                            .get("share.version")
                            .maxVersionLevel())
                    .isGreaterThanOrEqualTo((short) 1);
            ConfigResource groupResource = new ConfigResource(ConfigResource.Type.GROUP, group);
            admin.incrementalAlterConfigs(Map.of(
                            groupResource,
                            List.of(new AlterConfigOp(
                                    new ConfigEntry("share.auto.offset.reset", "earliest"), AlterConfigOp.OpType.SET))))
                    .all()
                    .get();
        }
        try (KafkaProducer<String, String> producer = producer(Map.of())) {
            producer.send(new ProducerRecord<>(topic, "k", "shared")).get();
        }
        Map<String, Object> props = new HashMap<>(Map.of(
                "bootstrap.servers",
                broker.bootstrapServers(),
                "group.id",
                group,
                "share.acknowledgement.mode",
                "explicit"));

        try (KafkaShareConsumer<String, String> consumer =
                new KafkaShareConsumer<>(props, new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(topic));
            List<String> received = new ArrayList<>();
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    received.add(record.value());
                    consumer.acknowledge(record, AcknowledgeType.ACCEPT);
                }
                return !received.isEmpty();
            });
            Map<TopicIdPartition, Optional<KafkaException>> committed = consumer.commitSync(Duration.ofSeconds(10));

            assertThat(received).containsExactly("shared");
            assertThat(committed.values())
                    .allSatisfy(result -> assertThat(result).isEmpty());
        }
    }

    @Test
    void refusesATakenPortNamingIt(@TempDir Path otherDir) {
        BrokerOptions clash =
                BrokerOptions.builder(otherDir).port(broker.port()).build();

        assertThatThrownBy(() -> EmbeddedKafkaBroker.start(clash))
                .isInstanceOf(PlatformException.class)
                .hasMessageContaining("port " + broker.port())
                .hasMessageContaining("already in use");
    }

    private static String createTopic(String prefix) throws Exception {
        String topic = prefix + "-" + UUID.randomUUID();
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", broker.bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get();
        }
        return topic;
    }

    private static KafkaProducer<String, String> producer(Map<String, Object> extra) {
        Map<String, Object> props = new HashMap<>(extra);
        props.put("bootstrap.servers", broker.bootstrapServers());
        props.put("acks", "all");
        return new KafkaProducer<>(props, new StringSerializer(), new StringSerializer());
    }

    private static List<String> readCommitted(String topic, int expected) {
        Map<String, Object> props = Map.of(
                "bootstrap.servers",
                broker.bootstrapServers(),
                "group.id",
                "reader-" + UUID.randomUUID(),
                "auto.offset.reset",
                "earliest",
                "isolation.level",
                "read_committed");
        List<String> values = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer =
                new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(topic));
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(record -> values.add(record.value()));
                return values.size() >= expected;
            });
            // one more poll: nothing beyond the expected records may arrive (e.g. an aborted one)
            consumer.poll(Duration.ofMillis(500)).forEach(record -> values.add(record.value()));
        }
        return values;
    }
}
