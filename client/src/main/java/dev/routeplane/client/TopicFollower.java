package dev.routeplane.client;

import dev.routeplane.schemas.RecordDecoder;
import dev.routeplane.schemas.UndecodableRecordException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows topics of the pipeline the way every reader of its outputs does: every partition assigned (no consumer
 * group, so each follower sees every record), committed records only ({@code read_committed}), from the beginning or
 * from a point in time, each record decoded and handed to the handler of its topic on the follower's own thread.
 * A record the registry cannot decode yet (registry unreachable) is read again a second later, in order; a record
 * that can never be decoded is skipped with a warning. A failing handler is logged and does not stop the follower.
 *
 * <p>Lifecycle: {@link #start()} once; {@link #close()} stops the thread and the consumer. Until the topics exist
 * the follower waits for them; {@link #awaitAssigned} lets a caller that cannot wait give up with a clear error.
 * Partitions added after start are not picked up until a restart. Thread-safe.
 */
public final class TopicFollower implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(TopicFollower.class);
    private static final Duration POLL = Duration.ofMillis(200);
    private static final Duration RETRY = Duration.ofSeconds(1);

    private record Followed<V>(RecordDecoder<V> decoder, Consumer<V> handler) {
        void accept(ConsumerRecord<byte[], byte[]> record) {
            V value = decoder.decode(record);
            if (value != null) {
                handler.accept(value);
            }
        }
    }

    private final Map<String, Followed<?>> topics;
    private final Instant from;
    private final Map<String, Object> consumerConfig;
    private final Thread thread;
    private final CountDownLatch assigned = new CountDownLatch(1);
    private final CountDownLatch closed = new CountDownLatch(1);
    private volatile KafkaConsumer<byte[], byte[]> consumer;
    private volatile boolean running = true;
    private volatile boolean caughtUp;
    private volatile List<String> missing = List.of();
    private boolean started;

    private TopicFollower(Builder b) {
        this.topics = Map.copyOf(b.topics);
        this.from = b.from;
        Map<String, Object> config = new HashMap<>(b.kafkaConfig);
        config.remove(ConsumerConfig.GROUP_ID_CONFIG);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        // A reader must never create the pipeline's topics (with the broker's defaults) by asking for them.
        config.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
        config.put(ConsumerConfig.CLIENT_ID_CONFIG, b.clientId);
        config.putIfAbsent(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 2_000);
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        this.consumerConfig = config;
        this.thread = new Thread(this::run, b.clientId);
        thread.setDaemon(true);
    }

    /**
     * A follower of topics; add each with {@link Builder#follow}.
     *
     * @param kafkaConfig client properties ({@code bootstrap.servers}, security settings); group, offset, isolation
     *     and deserializer settings are overridden
     * @param clientId the consumer's {@code client.id} and the thread's name
     */
    public static Builder builder(Map<String, ?> kafkaConfig, String clientId) {
        return new Builder(kafkaConfig, clientId);
    }

    /** Starts following; later calls do nothing. */
    public synchronized TopicFollower start() {
        if (!started) {
            started = true;
            thread.start();
        }
        return this;
    }

    /**
     * Waits until every followed topic exists and is assigned.
     *
     * @throws IllegalStateException naming the missing topics if they do not exist within {@code timeout}
     */
    public void awaitAssigned(Duration timeout) throws InterruptedException {
        if (!assigned.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new IllegalStateException("topic(s) "
                    + String.join(", ", missing.isEmpty() ? topics.keySet() : missing) + " not found within "
                    + timeout.toSeconds() + " s; is Routeplane running ('./routeplane up')?");
        }
    }

    /** Whether the reading thread still runs: false before {@link #start}, after {@link #close}, and once it failed. */
    public boolean running() {
        return thread.isAlive();
    }

    /** Whether the follower has read up to where the topics ended when it was assigned. */
    public boolean caughtUp() {
        return caughtUp;
    }

    private void run() {
        try (KafkaConsumer<byte[], byte[]> kafka = new KafkaConsumer<>(consumerConfig)) {
            consumer = kafka;
            Map<TopicPartition, Long> ends = assign(kafka);
            while (running) {
                try {
                    List<ConsumerRecord<byte[], byte[]>> batch = new ArrayList<>();
                    kafka.poll(POLL).forEach(batch::add);
                    for (int i = 0; i < batch.size(); i++) {
                        if (!handle(batch.get(i))) {
                            rewind(kafka, batch.subList(i, batch.size()));
                            pause(RETRY);
                            break;
                        }
                    }
                    if (!caughtUp && ends != null) {
                        caughtUp = ends.entrySet().stream().allMatch(e -> kafka.position(e.getKey()) >= e.getValue());
                    }
                } catch (WakeupException e) {
                    // close() woke us; the loop condition decides
                } catch (RuntimeException e) {
                    LOG.error("Following {} failed, retrying in 1 s: {}", topics.keySet(), e.toString());
                    pause(RETRY);
                }
            }
        } catch (WakeupException e) {
            // closed while assigning
        } catch (RuntimeException e) {
            LOG.error("The follower of {} stopped: {}", topics.keySet(), e.toString(), e);
        }
    }

    /** Waits until every topic exists, assigns all partitions at the start position, returns the end offsets. */
    private Map<TopicPartition, Long> assign(KafkaConsumer<byte[], byte[]> kafka) {
        while (running) {
            try {
                Map<TopicPartition, Long> ends = tryAssign(kafka);
                if (ends != null) {
                    return ends;
                }
                LOG.info("Waiting for topics {} to exist", missing);
            } catch (TimeoutException e) {
                // a broker slow to answer (restarting, starved of CPU) must not end the follower
                LOG.warn("Looking up {} timed out ({}); asking again", topics.keySet(), e.getMessage());
            }
            pause(RETRY);
        }
        return null;
    }

    /** Assigns every partition at its start position and returns the end offsets, or null while a topic is absent. */
    private Map<TopicPartition, Long> tryAssign(KafkaConsumer<byte[], byte[]> kafka) {
        List<TopicPartition> partitions = new ArrayList<>();
        List<String> absent = new ArrayList<>();
        for (String topic : topics.keySet()) {
            List<PartitionInfo> infos = kafka.partitionsFor(topic, Duration.ofSeconds(10));
            if (infos == null || infos.isEmpty()) {
                absent.add(topic);
            } else {
                infos.forEach(info -> partitions.add(new TopicPartition(info.topic(), info.partition())));
            }
        }
        missing = List.copyOf(absent);
        if (!absent.isEmpty()) {
            return null;
        }
        kafka.assign(partitions);
        Map<TopicPartition, Long> ends = kafka.endOffsets(partitions);
        seekToStart(kafka, partitions, ends);
        LOG.info(
                "Following {} partitions of {} from {}",
                partitions.size(),
                topics.keySet(),
                from == null ? "the beginning" : from);
        assigned.countDown();
        return ends;
    }

    /**
     * Seeks to the first record at or after {@code from}, else to {@code ends}, fetched before the time lookup: a
     * record written meanwhile lies at or after that end and is read (a lazy seekToEnd, resolved at the first poll,
     * skipped a result written between this start and that poll, and its chat call timed out).
     */
    private void seekToStart(
            KafkaConsumer<byte[], byte[]> kafka, List<TopicPartition> partitions, Map<TopicPartition, Long> ends) {
        if (from == null) {
            kafka.seekToBeginning(partitions);
            return;
        }
        Map<TopicPartition, Long> times = new HashMap<>();
        partitions.forEach(p -> times.put(p, from.toEpochMilli()));
        Map<TopicPartition, OffsetAndTimestamp> offsets = kafka.offsetsForTimes(times);
        for (TopicPartition p : partitions) {
            OffsetAndTimestamp at = offsets.get(p);
            kafka.seek(p, at == null ? ends.get(p) : at.offset());
        }
    }

    /** Seeks each partition back to its first record not yet handled, so they are read again in order. */
    private static void rewind(KafkaConsumer<byte[], byte[]> kafka, List<ConsumerRecord<byte[], byte[]>> rest) {
        Map<TopicPartition, Long> first = new HashMap<>();
        for (ConsumerRecord<byte[], byte[]> record : rest) {
            first.putIfAbsent(new TopicPartition(record.topic(), record.partition()), record.offset());
        }
        first.forEach(kafka::seek);
    }

    /** False if the record must be read again later (the registry is unreachable). */
    private boolean handle(ConsumerRecord<byte[], byte[]> record) {
        Followed<?> followed = topics.get(record.topic());
        try {
            followed.accept(record);
        } catch (UndecodableRecordException e) {
            if (e.kind().retriable()) {
                LOG.warn(
                        "Cannot decode {}-{}@{} yet ({}); retrying in 1 s",
                        record.topic(),
                        record.partition(),
                        record.offset(),
                        e.kind());
                return false;
            }
            LOG.warn(
                    "Skipping an undecodable record at {}-{}@{}: {}",
                    record.topic(),
                    record.partition(),
                    record.offset(),
                    e.kind());
        } catch (RuntimeException e) {
            LOG.error(
                    "Handling {}-{}@{} failed; skipping it: {}",
                    record.topic(),
                    record.partition(),
                    record.offset(),
                    e.toString());
        }
        return true;
    }

    /** Sleeps, but returns at once when closed; interrupting the consumer's thread would break its close(). */
    private void pause(Duration duration) {
        try {
            closed.await(duration.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }

    @Override
    public void close() {
        running = false;
        closed.countDown();
        KafkaConsumer<byte[], byte[]> kafka = consumer;
        if (kafka != null) {
            kafka.wakeup();
        }
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Builds a {@link TopicFollower}. */
    public static final class Builder {
        private final Map<String, ?> kafkaConfig;
        private final String clientId;
        private final Map<String, Followed<?>> topics = new LinkedHashMap<>();
        private Instant from;

        private Builder(Map<String, ?> kafkaConfig, String clientId) {
            this.kafkaConfig = Objects.requireNonNull(kafkaConfig, "kafkaConfig");
            this.clientId = Objects.requireNonNull(clientId, "clientId");
        }

        /** Follows {@code topic}: each record decoded by {@code decoder} goes to {@code handler} (tombstones do not). */
        public <V> Builder follow(String topic, RecordDecoder<V> decoder, Consumer<V> handler) {
            topics.put(topic, new Followed<>(decoder, handler));
            return this;
        }

        /**
         * Starts at the first record written at or after {@code since} in each partition (a partition with none starts
         * at its end); without it, at the beginning.
         */
        public Builder from(Instant since) {
            this.from = since;
            return this;
        }

        public TopicFollower build() {
            if (topics.isEmpty()) {
                throw new IllegalStateException("a follower needs at least one topic");
            }
            return new TopicFollower(this);
        }
    }
}
