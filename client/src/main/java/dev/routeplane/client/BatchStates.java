package dev.routeplane.client;

import dev.routeplane.contract.BatchState;
import dev.routeplane.schemas.Partitions;
import dev.routeplane.schemas.RecordDecoder;
import dev.routeplane.schemas.RouteplaneSerdes;
import dev.routeplane.schemas.Topics;
import dev.routeplane.schemas.UndecodableRecordException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads and writes {@code rp.batches.v1}, the compacted record of where each batch stands ({@link BatchState}, keyed
 * {@code <tenantId>/<batchId>}). Submitters publish a state when a batch starts, while it is submitted, when a cancel
 * is asked for and when it ends; {@code status} lists open batches from it and a re-run {@code submit} finds where an
 * interrupted submission stopped.
 *
 * <p>Thread-safe. The producer is created on the first {@link #publish}.
 */
public final class BatchStates implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(BatchStates.class);
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(15);

    private final Map<String, Object> kafkaConfig;
    private final Topics topics;
    private final RouteplaneSerdes serdes;
    private final String clientId;
    private KafkaProducer<String, BatchState> producer;

    public BatchStates(Map<String, ?> kafkaConfig, Topics topics, RouteplaneSerdes serdes, String clientId) {
        this.kafkaConfig = new HashMap<>(kafkaConfig);
        this.topics = topics;
        this.serdes = serdes;
        this.clientId = clientId;
    }

    /** Writes a batch's state; the future completes once Kafka acknowledged it. */
    public CompletableFuture<Void> publish(BatchState state) {
        CompletableFuture<Void> acked = new CompletableFuture<>();
        try {
            producer()
                    .send(
                            new ProducerRecord<>(
                                    topics.batches().name(),
                                    Topics.batchKey(state.getTenantId(), state.getBatchId()),
                                    state),
                            (metadata, error) -> {
                                if (error == null) {
                                    acked.complete(null);
                                } else {
                                    acked.completeExceptionally(error);
                                }
                            });
        } catch (RuntimeException e) {
            acked.completeExceptionally(e);
        }
        return acked;
    }

    /** The latest state of every batch, in topic order, read up to where the topic ends now. */
    public List<BatchState> all() {
        return new ArrayList<>(read(null).values());
    }

    /** The latest state of one batch, if it was ever published. */
    public Optional<BatchState> lookup(String tenantId, String batchId) {
        return Optional.ofNullable(read(Topics.batchKey(tenantId, batchId)).get(Topics.batchKey(tenantId, batchId)));
    }

    /** Reads the topic (only the key's partition when {@code key} is given) from the beginning to its current end. */
    private Map<String, BatchState> read(String key) {
        Map<String, Object> config = new HashMap<>(kafkaConfig);
        config.remove(ConsumerConfig.GROUP_ID_CONFIG);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId + "-reader");
        config.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
        RecordDecoder<BatchState> decoder = serdes.decoder(topics.batches());
        Map<String, BatchState> latest = new LinkedHashMap<>();
        try (KafkaConsumer<byte[], byte[]> consumer =
                new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            String topic = topics.batches().name();
            List<PartitionInfo> infos = consumer.partitionsFor(topic, READ_TIMEOUT);
            if (infos == null || infos.isEmpty()) {
                throw new IllegalStateException(
                        "topic " + topic + " does not exist; is Routeplane running ('./routeplane up')?");
            }
            List<TopicPartition> partitions = new ArrayList<>();
            int keyPartition = key == null ? -1 : Partitions.ofKey(key, infos.size());
            for (PartitionInfo info : infos) {
                if (key == null || info.partition() == keyPartition) {
                    partitions.add(new TopicPartition(topic, info.partition()));
                }
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, READ_TIMEOUT);
            long deadline = System.nanoTime() + READ_TIMEOUT.toNanos();
            while (ends.entrySet().stream().anyMatch(e -> consumer.position(e.getKey()) < e.getValue())) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("reading " + topic + " took longer than " + READ_TIMEOUT.toSeconds()
                            + " s; is Kafka reachable?");
                }
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    String recordKey = record.key() == null ? null : new String(record.key(), StandardCharsets.UTF_8);
                    if (recordKey == null || (key != null && !key.equals(recordKey))) {
                        continue;
                    }
                    try {
                        BatchState state = decoder.decode(record);
                        if (state == null) {
                            latest.remove(recordKey);
                        } else {
                            latest.put(recordKey, state);
                        }
                    } catch (UndecodableRecordException e) {
                        LOG.warn("Skipping an unreadable batch state at {}: {}", record.offset(), e.getMessage());
                    }
                }
            }
        }
        return latest;
    }

    private synchronized KafkaProducer<String, BatchState> producer() {
        if (producer == null) {
            Map<String, Object> config = new HashMap<>(kafkaConfig);
            config.put(ProducerConfig.ACKS_CONFIG, "all");
            config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
            config.putIfAbsent(ProducerConfig.MAX_BLOCK_MS_CONFIG, (int) RequestSender.MAX_BLOCK.toMillis());
            config.put(ProducerConfig.CLIENT_ID_CONFIG, clientId);
            producer = new KafkaProducer<>(
                    config,
                    new StringSerializer(),
                    serdes.valueSerde(topics.batches()).serializer());
        }
        return producer;
    }

    @Override
    public synchronized void close() {
        if (producer != null) {
            producer.close(Duration.ofSeconds(10));
            producer = null;
        }
    }
}
