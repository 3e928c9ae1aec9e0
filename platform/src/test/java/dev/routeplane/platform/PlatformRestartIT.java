package dev.routeplane.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.routeplane.platform.testkit.RouteplanePlatformExtension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class PlatformRestartIT {
    @RegisterExtension
    static final RouteplanePlatformExtension platform = new RouteplanePlatformExtension();

    private static final String TOPIC = "rp.requests.v1";

    @Test
    void restartOnTheSameDataDirKeepsTopicsRecordsAndSchemaIds() throws Exception {
        // given: a topic with records and two registered schemas
        try (Admin admin = Admin.create(platform.adminConfig())) {
            admin.createTopics(List.of(new NewTopic(TOPIC, 3, (short) 1))).all().get();
        }
        try (KafkaProducer<String, String> producer = producer()) {
            for (int i = 0; i < 5; i++) {
                producer.send(new ProducerRecord<>(TOPIC, "tenant-" + i, "request-" + i))
                        .get();
            }
        }
        RegistryHttp before = new RegistryHttp(platform.registryUrl());
        int v1 = before.register("restart-value", SchemaRegistryIT.V1)
                .json()
                .get("id")
                .asInt();
        int v2 = before.register("restart-value", SchemaRegistryIT.V2_WITH_DEFAULT)
                .json()
                .get("id")
                .asInt();

        // when
        platform.restart();

        // then: Kafka kept the topic and its records
        try (Admin admin = Admin.create(platform.adminConfig())) {
            assertThat(admin.listTopics().names().get()).contains(TOPIC, RegistryOptions.DEFAULT_TOPIC);
            assertThat(admin.describeTopics(List.of(TOPIC))
                            .allTopicNames()
                            .get()
                            .get(TOPIC)
                            .partitions())
                    .hasSize(3);
        }
        assertThat(readAll())
                .containsExactlyInAnyOrder("request-0", "request-1", "request-2", "request-3", "request-4");
        // and the registry rebuilt its ids from the topic
        RegistryHttp after = new RegistryHttp(platform.registryUrl());
        assertThat(after.get("/schemas/ids/" + v1).json().get("schema").asText())
                .isEqualTo(SchemaRegistryIT.V1);
        assertThat(after.register("restart-value", SchemaRegistryIT.V1)
                        .json()
                        .get("id")
                        .asInt())
                .isEqualTo(v1);
        assertThat(after.get("/subjects/restart-value/versions").json()).hasToString("[1,2]");
        String v3Schema = SchemaRegistryIT.V2_WITH_DEFAULT.replace(
                "}]}", "},{\"name\":\"batchId\",\"type\":[\"null\",\"string\"],\"default\":null}]}");
        assertThat(after.register("restart-value", v3Schema).json().get("id").asInt())
                .isGreaterThan(Math.max(v1, v2));
    }

    private KafkaProducer<String, String> producer() {
        return new KafkaProducer<>(platform.producerProps(), new StringSerializer(), new StringSerializer());
    }

    private List<String> readAll() {
        List<String> values = new ArrayList<>();
        Map<String, Object> props = platform.consumerProps("restart-reader");
        try (KafkaConsumer<String, String> consumer =
                new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(TOPIC));
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    values.add(record.value());
                }
                return values.size() >= 5;
            });
        }
        return values;
    }
}
