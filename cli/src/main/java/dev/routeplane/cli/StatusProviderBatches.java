package dev.routeplane.cli;

import dev.routeplane.contract.ExecutionTask;
import dev.routeplane.contract.ProviderBatch;
import dev.routeplane.schemas.RecordDecoder;
import dev.routeplane.schemas.RouteplaneSerdes;
import dev.routeplane.schemas.Topics;
import dev.routeplane.schemas.UndecodableRecordException;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * The open provider batches part of {@code status}: every provider batch whose ownership record on
 * {@code rp.provider-batches.v1} is not yet closed by a tombstone, with its provider, model, requests and the
 * Routeplane batches they belong to. Their requests count as done in the batch table only once their results are
 * written, when the provider batch ends.
 */
final class StatusProviderBatches {
    private static final DateTimeFormatter SUBMITTED =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);

    private StatusProviderBatches() {}

    static void print(Map<String, Object> kafka, Topics topics, RouteplaneSerdes serdes, PrintWriter out) {
        List<UndecodableRecordException> skipped = new ArrayList<>();
        Map<String, ProviderBatch> open = open(kafka, topics, serdes.decoder(topics.providerBatches()), skipped);
        if (!skipped.isEmpty()) {
            UndecodableRecordException first = skipped.get(0);
            out.println(skipped.size() + (skipped.size() == 1 ? " record of " : " records of ") + first.topic()
                    + (skipped.size() == 1
                            ? " could not be decoded and was skipped"
                            : " could not be decoded and were skipped")
                    + " (first: partition " + first.partition() + " offset " + first.offset() + ")");
        }
        if (open.isEmpty()) {
            out.println(
                    "no open provider batches on " + topics.providerBatches().name());
            return;
        }
        List<String[]> rows = new ArrayList<>();
        for (ProviderBatch b : open.values()) {
            TreeSet<String> batches = new TreeSet<>();
            for (ExecutionTask t : b.getTasks()) {
                String id = t.getRequest().getBatchId();
                batches.add(t.getRequest().getTenantId() + "/" + (id == null ? "-" : id));
            }
            rows.add(new String[] {
                b.getProvider(),
                b.getProviderBatchId(),
                b.getModel(),
                String.valueOf(b.getTasks().size()),
                String.join(",", batches),
                SUBMITTED.format(b.getSubmittedAt())
            });
        }
        StatusCommand.table(
                out,
                new String[] {"PROVIDER", "PROVIDER BATCH", "MODEL", "REQUESTS", "FOR BATCHES", "SUBMITTED"},
                rows);
    }

    /**
     * The latest record per key, read from the beginning to where the topic ends now, tombstones removing; a record that
     * cannot be decoded removes its key (what it said is unknown) and is added to {@code skipped}.
     */
    private static Map<String, ProviderBatch> open(
            Map<String, Object> kafka,
            Topics topics,
            RecordDecoder<ProviderBatch> decoder,
            List<UndecodableRecordException> skipped) {
        String topic = topics.providerBatches().name();
        Map<String, Object> props = new HashMap<>(kafka);
        props.put("enable.auto.commit", false);
        Map<String, ProviderBatch> open = new TreeMap<>();
        try (KafkaConsumer<String, byte[]> consumer =
                new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(10)).stream()
                    .map(p -> new TopicPartition(topic, p.partition()))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = new HashMap<>(consumer.endOffsets(partitions, Duration.ofSeconds(10)));
            long until = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (!ends.isEmpty() && System.nanoTime() < until) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    if (r.value() == null) {
                        open.remove(r.key());
                        continue;
                    }
                    try {
                        open.put(r.key(), decoder.decode(r.topic(), r.partition(), r.offset(), r.value()));
                    } catch (UndecodableRecordException e) {
                        open.remove(r.key());
                        skipped.add(e);
                    }
                }
                ends.entrySet().removeIf(e -> consumer.position(e.getKey()) >= e.getValue());
            }
        }
        return open;
    }
}
