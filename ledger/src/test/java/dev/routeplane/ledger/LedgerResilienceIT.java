package dev.routeplane.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.routeplane.contract.CostEvent;
import dev.routeplane.contract.RejectedRequest;
import dev.routeplane.platform.testkit.RouteplanePlatformExtension;
import dev.routeplane.schemas.HttpSchemaRegistryClient;
import dev.routeplane.schemas.ReasonCodes;
import dev.routeplane.schemas.RegisteredSchema;
import dev.routeplane.schemas.RouteplaneSerdes;
import dev.routeplane.schemas.SchemaRegistryClient;
import dev.routeplane.schemas.SchemaRegistryException;
import dev.routeplane.schemas.TopicBootstrapper;
import dev.routeplane.schemas.Topics;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.avro.Schema;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The ledger keeps billing through what used to stop it silently: an undecodable record on its input (dead-lettered
 * with its coordinates, the rest billed) and a registry outage (retried until the registry answers, nothing lost).
 */
class LedgerResilienceIT {
    @RegisterExtension
    static final RouteplanePlatformExtension platform = new RouteplanePlatformExtension();

    private static final YearMonth MONTH = YearMonth.now(ZoneOffset.UTC);

    /** A registry client that fails as an unreachable registry does while {@code down} is set. */
    static final class FlakyRegistry implements SchemaRegistryClient {
        final AtomicBoolean down = new AtomicBoolean();
        final AtomicInteger refused = new AtomicInteger();
        private final SchemaRegistryClient real;

        FlakyRegistry(SchemaRegistryClient real) {
            this.real = real;
        }

        private void check() {
            if (down.get()) {
                refused.incrementAndGet();
                throw new SchemaRegistryException(SchemaRegistryException.NO_RESPONSE, 0, "registry unreachable");
            }
        }

        @Override
        public int register(String subject, Schema schema) {
            check();
            return real.register(subject, schema);
        }

        @Override
        public Schema schemaById(int id) {
            check();
            return real.schemaById(id);
        }

        @Override
        public RegisteredSchema latest(String subject) {
            check();
            return real.latest(subject);
        }

        @Override
        public RegisteredSchema lookup(String subject, Schema schema) {
            check();
            return real.lookup(subject, schema);
        }

        @Override
        public boolean testCompatibility(String subject, Schema schema) {
            check();
            return real.testCompatibility(subject, schema);
        }

        @Override
        public List<String> subjects() {
            check();
            return real.subjects();
        }
    }

    private static LedgerTopologyConfig config(String prefix, SchemaRegistryClient registry) {
        RouteplaneSerdes serdes = new RouteplaneSerdes(Map.of("schema.registry.url", platform.registryUrl()), registry);
        return LedgerTopologyConfig.of(Fixtures.CONFIG, Topics.withPrefix(prefix, 3), serdes);
    }

    private static LedgerService ledger(LedgerTopologyConfig cfg, String appId) throws Exception {
        try (Admin admin = Admin.create(platform.adminConfig())) {
            new TopicBootstrapper(admin).ensure(cfg.topics().all(List.of()));
        }
        LedgerService ledger = new LedgerService(
                cfg,
                LedgerProcess.streamsConfig(
                        platform.bootstrapServers(),
                        appId,
                        Files.createTempDirectory(appId).toString()));
        ledger.start(Duration.ofSeconds(60));
        return ledger;
    }

    private static List<CostEvent> events(String prefix, int count) {
        Instant now = Instant.now();
        List<CostEvent> events = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            events.add(Fixtures.call(prefix + "-" + i, "acme", "gpt-4o", 100 + i, 50 + i, now)
                    .build());
        }
        return events;
    }

    private static void send(LedgerTopologyConfig cfg, List<CostEvent> events) {
        RouteplaneSerdes serdes = new RouteplaneSerdes(Map.of("schema.registry.url", platform.registryUrl()));
        try (KafkaProducer<String, CostEvent> producer = new KafkaProducer<>(
                platform.producerProps(),
                new StringSerializer(),
                serdes.valueSerde(cfg.topics().ledger()).serializer())) {
            events.forEach(e ->
                    producer.send(new ProducerRecord<>(cfg.topics().ledger().name(), e.getTenantId(), e)));
        }
    }

    private static long total(List<CostEvent> events) {
        return events.stream().mapToLong(CostEvent::getCostMicros).sum();
    }

    @Test
    void anUndecodableCostEventIsDeadLetteredWithItsCoordinatesAndBillingGoesOn() throws Exception {
        LedgerTopologyConfig cfg = config(
                "resilience-bad",
                HttpSchemaRegistryClient.fromConfig(Map.of("schema.registry.url", platform.registryUrl())));
        try (LedgerService ledger = ledger(cfg, "ledger-resilience-bad")) {
            List<CostEvent> before = events("before", 5);
            List<CostEvent> after = events("after", 20);
            send(cfg, before);
            try (KafkaProducer<String, byte[]> raw =
                    new KafkaProducer<>(platform.producerProps(), new StringSerializer(), new ByteArraySerializer())) {
                raw.send(new ProducerRecord<>(
                                cfg.topics().ledger().name(),
                                "acme",
                                "not a cost event".getBytes(StandardCharsets.UTF_8)))
                        .get();
            }
            send(cfg, after);

            await().atMost(Duration.ofSeconds(60))
                    .ignoreException(InvalidStateStoreException.class)
                    .untilAsserted(() -> assertThat(ledger.queries()
                                    .usage("acme", MONTH)
                                    .total()
                                    .costMicros())
                            .isEqualTo(total(before) + total(after)));
            assertThat(ledger.state()).isEqualTo(KafkaStreams.State.RUNNING);
            List<RejectedRequest> deadLetters = deadLetters(cfg);
            assertThat(deadLetters).hasSize(1);
            assertThat(deadLetters.get(0).getReasonCode()).isEqualTo(ReasonCodes.UNDESERIALIZABLE);
            assertThat(deadLetters.get(0).getSourceTopic())
                    .isEqualTo(cfg.topics().ledger().name());
            assertThat(StandardCharsets.UTF_8
                            .decode(deadLetters.get(0).getRawValue())
                            .toString())
                    .isEqualTo("not a cost event");
        }
    }

    @Test
    void aRegistryOutageWhileBillingIsRetriedUntilTheRegistryAnswersAndNothingIsLost() throws Exception {
        FlakyRegistry registry = new FlakyRegistry(
                HttpSchemaRegistryClient.fromConfig(Map.of("schema.registry.url", platform.registryUrl())));
        LedgerTopologyConfig cfg = config("resilience-outage", registry);
        try (LedgerService ledger = ledger(cfg, "ledger-resilience-outage")) {
            List<CostEvent> events = events("outage", 30);

            registry.down.set(true);
            send(cfg, events);
            // the ledger meets the outage: it can neither read the events' schema nor write tenant spend
            await().atMost(Duration.ofSeconds(60)).until(() -> registry.refused.get() > 0);
            registry.down.set(false);

            await().atMost(Duration.ofSeconds(90))
                    .ignoreException(InvalidStateStoreException.class)
                    .untilAsserted(() -> assertThat(ledger.queries()
                                    .usage("acme", MONTH)
                                    .total()
                                    .costMicros())
                            .isEqualTo(total(events)));
            await().atMost(Duration.ofSeconds(30)).until(() -> ledger.state() == KafkaStreams.State.RUNNING);
            assertThat(deadLetters(cfg)).isEmpty();
        }
    }

    private static List<RejectedRequest> deadLetters(LedgerTopologyConfig cfg) {
        Map<String, Object> props = platform.consumerProps("dead-letters-" + System.nanoTime());
        props.put("isolation.level", "read_committed");
        List<RejectedRequest> out = new ArrayList<>();
        RouteplaneSerdes serdes = new RouteplaneSerdes(Map.of("schema.registry.url", platform.registryUrl()));
        try (KafkaConsumer<String, RejectedRequest> consumer = new KafkaConsumer<>(
                props,
                serdes.keySerde().deserializer(),
                serdes.valueSerde(cfg.topics().requestsRejected()).deserializer())) {
            consumer.subscribe(List.of(cfg.topics().requestsRejected().name()));
            long deadline = System.currentTimeMillis() + 4_000;
            while (System.currentTimeMillis() < deadline) {
                for (ConsumerRecord<String, RejectedRequest> r : consumer.poll(Duration.ofMillis(200))) {
                    out.add(r.value());
                }
            }
        }
        return out;
    }
}
