package dev.routeplane.cli;

import dev.routeplane.contract.ExecutionResult;
import dev.routeplane.schemas.RecordDecoder;
import dev.routeplane.schemas.UndecodableRecordException;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Follows the results topic from the beginning (committed records only, every partition assigned, no consumer
 * group) and keeps the first terminal result of each wanted (tenant, requestId). Not thread-safe.
 */
final class SubmitResults implements AutoCloseable {
    private final KafkaConsumer<String, byte[]> consumer;
    private final RecordDecoder<ExecutionResult> decoder;
    private final Set<String> wanted = new HashSet<>();
    private final Map<String, ExecutionResult> found = new HashMap<>();

    SubmitResults(
            Map<String, Object> kafkaConfig,
            String topic,
            RecordDecoder<ExecutionResult> decoder,
            Duration metadataTimeout) {
        Map<String, Object> config = new HashMap<>(kafkaConfig);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.remove(ConsumerConfig.GROUP_ID_CONFIG);
        config.putIfAbsent(ConsumerConfig.CLIENT_ID_CONFIG, "routeplane-submit-wait");
        this.consumer = new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer());
        this.decoder = decoder;
        List<PartitionInfo> infos = consumer.partitionsFor(topic, metadataTimeout);
        if (infos == null || infos.isEmpty()) {
            consumer.close(Duration.ofSeconds(1));
            throw new IllegalStateException(
                    "topic " + topic + " does not exist; is Routeplane running" + " ('./routeplane up')?");
        }
        List<TopicPartition> partitions = new ArrayList<>();
        for (PartitionInfo info : infos) {
            partitions.add(new TopicPartition(topic, info.partition()));
        }
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
    }

    static String key(String tenantId, String requestId) {
        return tenantId + '\u0000' + requestId;
    }

    void want(String tenantId, String requestId) {
        wanted.add(key(tenantId, requestId));
    }

    /** Polls once; undecodable records are reported on {@code err} and skipped. */
    void poll(Duration timeout, PrintWriter err) {
        for (ConsumerRecord<String, byte[]> record : consumer.poll(timeout)) {
            ExecutionResult result;
            try {
                result = decoder.decode(record.topic(), record.partition(), record.offset(), record.value());
            } catch (UndecodableRecordException e) {
                err.println("submit: skipping an unreadable result: " + e.getMessage());
                continue;
            }
            if (result == null) {
                continue;
            }
            String key = key(result.getTenantId(), result.getRequestId());
            if (wanted.contains(key)) {
                found.putIfAbsent(key, result);
            }
        }
    }

    int terminal() {
        return found.size();
    }

    boolean complete() {
        return found.size() >= wanted.size();
    }

    ExecutionResult result(String tenantId, String requestId) {
        return found.get(key(tenantId, requestId));
    }

    @Override
    public void close() {
        consumer.close(Duration.ofSeconds(2));
    }
}
