package dev.routeplane.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.routeplane.contract.CostEvent;
import dev.routeplane.contract.TenantSpend;
import dev.routeplane.platform.testkit.RouteplanePlatformExtension;
import dev.routeplane.schemas.RouteplaneSerdes;
import dev.routeplane.schemas.TopicBootstrapper;
import dev.routeplane.schemas.Topics;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A ledger killed with SIGKILL mid-stream, then replaced by a new instance with an empty state directory,
 * ends with exactly the totals of the events produced: exactly-once processing (the dead instance's open
 * transaction is aborted, its state rebuilt from the changelogs) plus eventId dedupe (re-sent events).
 */
class LedgerCrashIT {
    @RegisterExtension
    static final RouteplanePlatformExtension platform = new RouteplanePlatformExtension();

    private static final String PREFIX = "crash";
    private static final String APP_ID = "ledger-crash-it";

    @Test
    void ledgerKilledWithoutCleanCloseAndRestartedOnEmptyStateEndsWithTheSameTotals() throws Exception {
        // given: topics, and a ledger in another JVM
        LedgerTopologyConfig cfg = LedgerProcess.config(platform.registryUrl(), PREFIX);
        Topics topics = cfg.topics();
        try (Admin admin = Admin.create(platform.adminConfig())) {
            new TopicBootstrapper(admin).ensure(topics.all(List.of()));
        }
        Process child = startChild(Files.createTempDirectory("ledger-crash-a-"));
        Instant now = Instant.now();
        YearMonth month = YearMonth.from(now.atZone(ZoneOffset.UTC));
        List<CostEvent> events = new ArrayList<>();
        for (int i = 0; i < 600; i++) {
            events.add(Fixtures.call(
                            "crash-" + i,
                            i % 3 == 0 ? "globex" : "acme",
                            i % 2 == 0 ? "gpt-4o" : "claude-haiku",
                            1 + (i * 7_919) % 20_000,
                            (i * 104_729) % 3_001,
                            now)
                    .build());
        }
        Map<String, Long> expected = new HashMap<>();
        events.forEach(e -> expected.merge(e.getTenantId(), e.getCostMicros(), Long::sum));

        try (KafkaProducer<String, CostEvent> producer = producer(cfg)) {
            // when: half is processed, the rest is in flight when the ledger is killed
            send(producer, topics, events.subList(0, 300));
            await().atMost(Duration.ofSeconds(120))
                    .until(() -> !latestSpend(topics, cfg).isEmpty());
            send(producer, topics, events.subList(300, 600));
            child.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            // and executors re-send a hundred events
            send(producer, topics, events.subList(250, 350));
        }

        // then: a fresh instance with the same application id and no local state ends exactly right
        try (LedgerService restarted = new LedgerService(
                cfg,
                LedgerProcess.streamsConfig(
                        platform.bootstrapServers(),
                        APP_ID,
                        Files.createTempDirectory("ledger-crash-b-").toString()))) {
            restarted.start(Duration.ofSeconds(45));
            await().atMost(Duration.ofSeconds(120))
                    .pollInterval(Duration.ofMillis(250))
                    .untilAsserted(() -> {
                        for (String tenant : List.of("acme", "globex")) {
                            UsageReport usage = restarted.queries().usage(tenant, month);
                            // A wrong total names its rows and where the group's offsets stand, so one failure
                            // says which events are missing (the rows' calls) and whether input was skipped.
                            assertThat(usage.total().costMicros())
                                    .as(() -> tenant + " rows " + usage.rows() + "; committed " + committed())
                                    .isEqualTo(expected.get(tenant));
                        }
                    });
            assertThat(restarted.queries().usage("acme", month).total().calls()).isEqualTo(400);
            assertThat(restarted.queries().usage("globex", month).total().calls())
                    .isEqualTo(200);
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                Map<String, Long> spend = latestSpend(topics, cfg);
                assertThat(spend).containsEntry("acme", expected.get("acme"));
            });
        }
    }

    /** The ledger group's committed offsets on the cost-event topic, against each partition's end. */
    private static String committed() {
        try (Admin admin = Admin.create(platform.adminConfig())) {
            Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(APP_ID)
                    .partitionsToOffsetAndMetadata()
                    .get(10, TimeUnit.SECONDS);
            Map<TopicPartition, OffsetSpec> ends = new HashMap<>();
            offsets.keySet().forEach(tp -> ends.put(tp, OffsetSpec.latest()));
            Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> end =
                    admin.listOffsets(ends).all().get(10, TimeUnit.SECONDS);
            StringBuilder out = new StringBuilder();
            offsets.forEach((tp, om) -> out.append(tp)
                    .append('=')
                    .append(om == null ? "none" : om.offset())
                    .append('/')
                    .append(end.get(tp).offset())
                    .append(' '));
            return out.toString();
        } catch (Exception e) {
            return "unknown (" + e + ")";
        }
    }

    private static Process startChild(Path stateDir) throws Exception {
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process child = new ProcessBuilder(
                        java.toString(),
                        "-cp",
                        classpath,
                        LedgerProcess.class.getName(),
                        platform.bootstrapServers(),
                        platform.registryUrl(),
                        PREFIX,
                        APP_ID,
                        stateDir.toString())
                .redirectErrorStream(true)
                .start();
        BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
        Thread echo = new Thread(
                () -> out.lines().forEach(line -> {
                    if (line.equals("RUNNING") || line.contains(" ERROR ") || line.contains(" WARN ")) {
                        System.out.println("[ledger child] " + line);
                    }
                }),
                "ledger-child-output");
        echo.setDaemon(true);
        echo.start();
        return child;
    }

    private static KafkaProducer<String, CostEvent> producer(LedgerTopologyConfig cfg) {
        RouteplaneSerdes serdes = cfg.serdes();
        return new KafkaProducer<>(
                platform.producerProps(),
                serdes.keySerde().serializer(),
                serdes.valueSerde(cfg.topics().ledger()).serializer());
    }

    /**
     * Sends {@code events} and waits until each is acknowledged, re-sending one whose send failed as an executor
     * would (the ledger deduplicates a re-sent event). A failed send is printed: the test once saw ten events
     * missing from the input topic itself, with the ledger's totals matching what the topic held.
     */
    private static void send(KafkaProducer<String, CostEvent> producer, Topics topics, List<CostEvent> events)
            throws InterruptedException {
        List<CostEvent> pending = events;
        for (int attempt = 1; attempt <= 5 && !pending.isEmpty(); attempt++) {
            Map<CostEvent, Future<RecordMetadata>> sent = new LinkedHashMap<>();
            pending.forEach(e -> sent.put(
                    e, producer.send(new ProducerRecord<>(topics.ledger().name(), e.getTenantId(), e))));
            producer.flush();
            List<CostEvent> failed = new ArrayList<>();
            for (Map.Entry<CostEvent, Future<RecordMetadata>> entry : sent.entrySet()) {
                try {
                    entry.getValue().get();
                } catch (ExecutionException e) {
                    System.out.println("[crash-it] send of " + entry.getKey().getEventId() + " failed (attempt "
                            + attempt + "): " + e.getCause());
                    failed.add(entry.getKey());
                }
            }
            pending = failed;
        }
        assertThat(pending).as("events not sent after 5 attempts").isEmpty();
    }

    /** Latest committed spend per tenant on the tenant-spend topic, read with read_committed. */
    private static Map<String, Long> latestSpend(Topics topics, LedgerTopologyConfig cfg) {
        Map<String, Object> props = platform.consumerProps("spend-reader-" + System.nanoTime());
        props.put("isolation.level", "read_committed");
        Map<String, Long> latest = new HashMap<>();
        try (KafkaConsumer<String, TenantSpend> consumer = new KafkaConsumer<>(
                props,
                cfg.serdes().keySerde().deserializer(),
                cfg.serdes().valueSerde(topics.tenantSpend()).deserializer())) {
            consumer.subscribe(List.of(topics.tenantSpend().name()));
            long deadline = System.currentTimeMillis() + 3_000;
            while (System.currentTimeMillis() < deadline) {
                for (ConsumerRecord<String, TenantSpend> record : consumer.poll(Duration.ofMillis(200))) {
                    latest.put(record.key(), record.value().getSpentMicros());
                }
            }
        }
        return latest;
    }
}
