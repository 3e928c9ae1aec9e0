package dev.routeplane.cli.chaos;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads one topic from its beginning, committed records only, without a consumer group, and hands every record to a
 * callback; {@link #catchUp} reads up to the end offsets of the moment it is called. Not thread-safe.
 */
final class TopicTail implements AutoCloseable {
    private final KafkaConsumer<String, byte[]> consumer;
    private final String topic;
    private final Consumer<ConsumerRecord<String, byte[]>> onRecord;
    private List<TopicPartition> partitions = List.of();

    TopicTail(String bootstrap, String topic, Consumer<ConsumerRecord<String, byte[]>> onRecord) {
        Map<String, Object> props = new HashMap<>();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 4 * 1024 * 1024);
        this.consumer = new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer());
        this.topic = topic;
        this.onRecord = onRecord;
    }

    /** Reads until every partition's position reaches the end offset it had when this was called. */
    void catchUp(Duration timeout) {
        assignAll();
        Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, timeout);
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline && behind(ends)) {
            for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                onRecord.accept(record);
            }
        }
    }

    private boolean behind(Map<TopicPartition, Long> ends) {
        for (TopicPartition p : partitions) {
            if (consumer.position(p) < ends.getOrDefault(p, 0L)) {
                return true;
            }
        }
        return false;
    }

    private void assignAll() {
        if (!partitions.isEmpty()) {
            return;
        }
        List<TopicPartition> all = new ArrayList<>();
        for (PartitionInfo info : consumer.partitionsFor(topic, Duration.ofSeconds(30))) {
            all.add(new TopicPartition(topic, info.partition()));
        }
        consumer.assign(all);
        consumer.seekToBeginning(all);
        partitions = List.copyOf(all);
    }

    @Override
    public void close() {
        consumer.close(Duration.ofSeconds(5));
    }
}
