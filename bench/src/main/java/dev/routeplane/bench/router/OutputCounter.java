package dev.routeplane.bench.router;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads what a read_committed consumer sees on a run's output topics, after the run (never while timing), so
 * the benchmark also checks that every input produced exactly one output and how much each topology wrote.
 */
final class OutputCounter {
    private final String bootstrapServers;

    OutputCounter(String bootstrapServers) {
        this.bootstrapServers = bootstrapServers;
    }

    /** What a run wrote: its outputs by kind, and records and value bytes by topic. */
    record Counted(Map<String, Long> outputs, Map<String, RunFigures.Volume> topics) {}

    /**
     * @param kind names the category of each output record, e.g. DECIDED or a rejection's reason code; null for a
     *     record that goes with an output rather than being one (an execution task beside its decision), which is
     *     only measured
     */
    Counted count(Collection<String> topics, Function<ConsumerRecord<String, byte[]>, String> kind) {
        Map<String, Long> outputs = new TreeMap<>();
        Map<String, long[]> volumes = new TreeMap<>();
        for (String topic : topics) {
            volumes.put(topic, new long[2]);
        }
        read(topics, r -> {
            String k = kind.apply(r);
            if (k != null) {
                outputs.merge(k, 1L, Long::sum);
            }
            long[] v = volumes.get(r.topic());
            v[0]++;
            v[1] += r.value() == null ? 0 : r.value().length;
        });
        Map<String, RunFigures.Volume> byTopic = new TreeMap<>();
        volumes.forEach((topic, v) -> byTopic.put(topic, new RunFigures.Volume(v[0], v[1])));
        return new Counted(outputs, byTopic);
    }

    /** Hands every committed record of {@code topics} to {@code each}, on the calling thread. */
    void read(Collection<String> topics, Consumer<ConsumerRecord<String, byte[]>> each) {
        Map<String, Object> props = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrapServers,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                false,
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG,
                10_000);
        try (KafkaConsumer<String, byte[]> consumer =
                new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (String topic : topics) {
                for (PartitionInfo p : consumer.partitionsFor(topic, Duration.ofSeconds(10))) {
                    partitions.add(new TopicPartition(topic, p.partition()));
                }
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions); // the last stable offsets
            long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
            while (!caughtUp(consumer, end)) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("could not read the outputs of " + topics + " within 2 minutes");
                }
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    each.accept(r);
                }
            }
        }
    }

    private static boolean caughtUp(KafkaConsumer<?, ?> consumer, Map<TopicPartition, Long> end) {
        for (Map.Entry<TopicPartition, Long> e : end.entrySet()) {
            if (consumer.position(e.getKey()) < e.getValue()) {
                return false;
            }
        }
        return true;
    }
}
