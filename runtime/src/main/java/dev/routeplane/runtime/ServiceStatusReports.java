package dev.routeplane.runtime;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Each process's {@link ServiceHealth}, reported to Kafka so that {@code routeplane status} (which talks only to Kafka)
 * sees a service that stopped while its process runs: a Kafka Streams client in ERROR leaves its group, and with a
 * second instance still working the group looks healthy. Every {@code interval} the process writes each service's
 * status to the compacted topic {@code <prefix>.service-status.v1} (key {@code <service>@<host>/<pid>}, value
 * {@code UP}, {@code STARTING} or {@code DOWN}; the record's timestamp is when); on a clean stop it writes tombstones,
 * so a report that stops coming means the process died or hangs. Thread-safe.
 */
public final class ServiceStatusReports implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ServiceStatusReports.class);

    /** One service's latest report. */
    public record Report(String service, String instance, String status, Instant at) {}

    private final KafkaProducer<String, String> producer;
    private final String topic;
    private final String instance;
    private final ServiceHealth health;
    private final Set<String> keys = new HashSet<>();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "routeplane-service-status");
        t.setDaemon(true);
        return t;
    });

    private ServiceStatusReports(Map<String, Object> kafka, String topic, ServiceHealth health, Duration interval) {
        Map<String, Object> props = new HashMap<>(kafka);
        props.put("client.id", "routeplane-service-status");
        this.producer = new KafkaProducer<>(props, new StringSerializer(), new StringSerializer());
        this.topic = topic;
        this.instance = host() + "/" + ProcessHandle.current().pid();
        this.health = health;
        timer.scheduleAtFixedRate(this::report, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Ensures the topic and reports {@code health} every {@code interval} until closed. */
    public static ServiceStatusReports start(
            Map<String, Object> kafka, String prefix, ServiceHealth health, Duration interval) {
        String topic = topicName(prefix);
        try (Admin admin = Admin.create(kafka)) {
            admin.createTopics(List.of(new NewTopic(topic, 1, (short) -1).configs(Map.of("cleanup.policy", "compact"))))
                    .all()
                    .get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new IllegalStateException("cannot create " + topic + ": " + e.getCause(), e);
            }
        } catch (Exception e) {
            throw new IllegalStateException("cannot create " + topic + ": " + e, e);
        }
        return new ServiceStatusReports(kafka, topic, health, interval);
    }

    /** {@code <prefix>.service-status.v1}. */
    public static String topicName(String prefix) {
        return prefix + ".service-status.v1";
    }

    private void report() {
        try {
            health.snapshot().forEach((service, status) -> {
                String key = service + "@" + instance;
                synchronized (keys) {
                    keys.add(key);
                }
                producer.send(new ProducerRecord<>(topic, key, status.name()));
            });
        } catch (RuntimeException e) {
            LOG.warn("Reporting service status to {} failed: {}", topic, e.toString());
        }
    }

    /**
     * The latest report of every service instance on the topic, by key; an empty map when the topic does not exist.
     */
    public static Map<String, Report> read(Map<String, Object> kafka, String prefix, Duration timeout) {
        String topic = topicName(prefix);
        Map<String, Object> props = new HashMap<>(kafka);
        props.put("enable.auto.commit", false);
        Map<String, Report> latest = new TreeMap<>();
        try (KafkaConsumer<String, byte[]> consumer =
                new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = new ArrayList<>();
            consumer.partitionsFor(topic, timeout)
                    .forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
            if (partitions.isEmpty()) {
                return latest;
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, timeout);
            long deadline = System.nanoTime() + timeout.toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < ends.get(p))
                    && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    if (r.key() == null) {
                        continue;
                    }
                    if (r.value() == null) {
                        latest.remove(r.key());
                        continue;
                    }
                    int at = r.key().indexOf('@');
                    latest.put(
                            r.key(),
                            new Report(
                                    at < 0 ? r.key() : r.key().substring(0, at),
                                    at < 0 ? "?" : r.key().substring(at + 1),
                                    new String(r.value(), StandardCharsets.UTF_8),
                                    Instant.ofEpochMilli(r.timestamp())));
                }
            }
        }
        return latest;
    }

    /** Whether a report is older than {@code silentAfter} at {@code clock}'s now: its process died or hangs. */
    public static boolean silent(Report report, Clock clock, Duration silentAfter) {
        return report.at().plus(silentAfter).isBefore(clock.instant());
    }

    private static String host() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "unknown-host";
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
        try {
            timer.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        // A cleanly stopped process is not a stopped service: its reports go.
        synchronized (keys) {
            keys.forEach(k -> producer.send(new ProducerRecord<>(topic, k, null)));
        }
        producer.close(Duration.ofSeconds(5));
    }
}
