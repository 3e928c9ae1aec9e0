package dev.routeplane.api;

import dev.routeplane.api.internal.ResultStore;
import dev.routeplane.contract.ExecutionResult;
import dev.routeplane.contract.RejectedRequest;
import dev.routeplane.schemas.RecordDecoder;
import dev.routeplane.schemas.RouteplaneSerdes;
import dev.routeplane.schemas.Topics;
import dev.routeplane.schemas.UndecodableRecordException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The latest terminal {@link ExecutionResult} per (tenant, request), read from {@code rp.results.v1}, with
 * waiters for results still to come. Rejection records from {@code rp.requests.rejected.v1} are kept too,
 * so a duplicate submission can be explained.
 *
 * <p><b>Consumption.</b> One background thread with its own consumer, {@code read_committed}, no consumer
 * group: it {@code assign()}s every partition of both topics and reads from the beginning, so each API
 * instance sees every result. That fits one API process (the embedded default). Several API instances behind
 * a load balancer would each read everything, which works but multiplies the reading; a larger deployment
 * would instead keep results in a shared store (a compacted topic materialised by Kafka Streams with
 * interactive queries, or a database) and route lookups to it. Partitions added to the topics after start
 * are not picked up until a restart.
 *
 * <p><b>Bounds.</b> In memory, at most {@code maxEntries} requests (default {@value #DEFAULT_MAX_ENTRIES}),
 * and results older than {@code maxAge} (default 24 h, by completion time) are dropped, oldest first. A
 * request older than that is unknown to {@link #latest}, whatever the topic still holds; batch outputs do
 * not depend on the bound, they are written to disk as results arrive ({@link #addListener}).
 *
 * <p>Thread-safe. {@link #start()} once; {@link #close()} stops the thread and the consumer.
 */
public final class ResultIndex implements AutoCloseable {
    public static final int DEFAULT_MAX_ENTRIES = 200_000;
    public static final Duration DEFAULT_MAX_AGE = Duration.ofHours(24);
    private static final Logger LOG = LoggerFactory.getLogger(ResultIndex.class);
    private static final Duration POLL = Duration.ofMillis(200);

    private final Map<String, Object> consumerConfig;
    private final Topics topics;
    private final RecordDecoder<ExecutionResult> results;
    private final RecordDecoder<RejectedRequest> rejections;
    private final ResultStore store;
    private final Thread thread;
    private volatile KafkaConsumer<byte[], byte[]> consumer;
    private volatile boolean running = true;
    private volatile boolean caughtUp;
    private final CountDownLatch closed = new CountDownLatch(1);
    private boolean started;

    /**
     * @param kafkaConfig client properties ({@code bootstrap.servers}, security settings); group, offset and
     *     deserializer settings are overridden
     * @param serdes the registry-aware serdes of the deployment
     */
    public ResultIndex(
            Map<String, ?> kafkaConfig,
            Topics topics,
            RouteplaneSerdes serdes,
            int maxEntries,
            Duration maxAge,
            Clock clock) {
        this.topics = topics;
        this.results = serdes.decoder(topics.results());
        this.rejections = serdes.decoder(topics.requestsRejected());
        this.store = new ResultStore(maxEntries, maxAge, clock);
        Map<String, Object> config = new HashMap<>(kafkaConfig);
        config.remove(ConsumerConfig.GROUP_ID_CONFIG);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.putIfAbsent(ConsumerConfig.CLIENT_ID_CONFIG, "routeplane-api-results");
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        this.consumerConfig = config;
        this.thread = new Thread(this::run, "routeplane-api-result-index");
        thread.setDaemon(true);
    }

    /** An index with the default bounds and the system clock. */
    public ResultIndex(Map<String, ?> kafkaConfig, Topics topics, RouteplaneSerdes serdes) {
        this(kafkaConfig, topics, serdes, DEFAULT_MAX_ENTRIES, DEFAULT_MAX_AGE, Clock.systemUTC());
    }

    /** Starts consuming; later calls do nothing. */
    public synchronized void start() {
        if (!started) {
            started = true;
            thread.start();
        }
    }

    /** The latest terminal result of the tenant's request, if indexed. */
    public Optional<ExecutionResult> latest(String tenantId, String requestId) {
        return store.result(tenantId, requestId);
    }

    /** The latest rejection record of the tenant's request, if indexed (for a duplicate, the only record). */
    public Optional<RejectedRequest> rejection(String tenantId, String requestId) {
        return store.lookup(tenantId, requestId).map(ResultStore.Entry::rejection);
    }

    /**
     * The request's result: completed at once if indexed, else when it arrives; completed exceptionally with
     * {@link java.util.concurrent.TimeoutException} after {@code timeout}. Callbacks run on the index thread
     * or a timer thread: move slow work elsewhere ({@code whenCompleteAsync}).
     */
    public CompletableFuture<ExecutionResult> await(String tenantId, String requestId, Duration timeout) {
        return store.await(tenantId, requestId, timeout);
    }

    /**
     * Calls {@code listener} with every result read from now on, on the index thread (keep it short), after
     * first replaying the results indexed so far. Add listeners before {@link #start()} to see every record.
     */
    public void addListener(Consumer<ExecutionResult> listener) {
        store.addListener(listener, true);
    }

    /** Whether the index has read up to where the topics ended when it started. */
    public boolean caughtUp() {
        return caughtUp;
    }

    /** The store, for the API's own bookkeeping (submitted-but-pending requests). */
    ResultStore store() {
        return store;
    }

    private void run() {
        try (KafkaConsumer<byte[], byte[]> kafka = new KafkaConsumer<>(consumerConfig)) {
            consumer = kafka;
            Map<TopicPartition, Long> ends = assignAll(kafka);
            while (running) {
                try {
                    List<ConsumerRecord<byte[], byte[]>> batch = new ArrayList<>();
                    kafka.poll(POLL).forEach(batch::add);
                    for (int i = 0; i < batch.size(); i++) {
                        if (!handle(batch.get(i))) {
                            rewind(kafka, batch.subList(i, batch.size()));
                            pause(Duration.ofSeconds(1));
                            break;
                        }
                    }
                    if (!caughtUp && ends != null) {
                        caughtUp = ends.entrySet().stream().allMatch(e -> kafka.position(e.getKey()) >= e.getValue());
                    }
                } catch (WakeupException e) {
                    // close() woke us; the loop condition decides
                } catch (RuntimeException e) {
                    LOG.error("Reading results failed, retrying in 1 s: {}", e.toString());
                    pause(Duration.ofSeconds(1));
                }
            }
        } catch (WakeupException e) {
            // closed while assigning
        } catch (RuntimeException e) {
            LOG.error("The result index stopped: {}", e.toString(), e);
        }
    }

    /** Waits until both topics exist, assigns all their partitions from the beginning, returns the end offsets. */
    private Map<TopicPartition, Long> assignAll(KafkaConsumer<byte[], byte[]> kafka) {
        while (running) {
            List<TopicPartition> partitions = new ArrayList<>();
            boolean missing = false;
            for (String topic :
                    List.of(topics.results().name(), topics.requestsRejected().name())) {
                List<PartitionInfo> infos = kafka.partitionsFor(topic, Duration.ofSeconds(10));
                missing |= infos == null || infos.isEmpty();
                if (infos != null) {
                    infos.forEach(info -> partitions.add(new TopicPartition(info.topic(), info.partition())));
                }
            }
            if (!missing) {
                kafka.assign(partitions);
                kafka.seekToBeginning(partitions);
                Map<TopicPartition, Long> ends = kafka.endOffsets(partitions);
                LOG.info(
                        "Result index reading {} partitions of {} and {} from the beginning",
                        partitions.size(),
                        topics.results().name(),
                        topics.requestsRejected().name());
                return ends;
            }
            LOG.info(
                    "Waiting for topics {} and {} to exist",
                    topics.results().name(),
                    topics.requestsRejected().name());
            pause(Duration.ofSeconds(1));
        }
        return null;
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
        try {
            if (record.topic().equals(topics.results().name())) {
                ExecutionResult result = results.decode(record);
                if (result != null) {
                    store.record(result);
                }
            } else {
                RejectedRequest rejected = rejections.decode(record);
                if (rejected != null) {
                    store.recordRejection(rejected);
                }
            }
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
}
