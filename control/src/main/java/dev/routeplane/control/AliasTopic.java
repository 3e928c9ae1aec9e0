package dev.routeplane.control;

import dev.routeplane.contract.AliasBinding;
import dev.routeplane.schemas.RecordDecoder;
import dev.routeplane.schemas.RegistrySerdeConfig;
import dev.routeplane.schemas.RouteplaneSerdes;
import dev.routeplane.schemas.Topics;
import dev.routeplane.schemas.UndecodableRecordException;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** Reads the latest binding per alias from compacted {@code rp.aliases.v1} and writes new ones. */
public final class AliasTopic {
    private static final Duration TIMEOUT = Duration.ofSeconds(15);

    private final Map<String, Object> clientConfig;
    private final String bootstrapServers;
    private final Topics topics = Topics.defaults();
    private final RouteplaneSerdes serdes;

    /** @param clientConfig Kafka client properties, bootstrap servers included */
    public AliasTopic(Map<String, Object> clientConfig, String bootstrapServers, String registryUrl) {
        this.clientConfig = clientConfig;
        this.bootstrapServers = bootstrapServers;
        Map<String, Object> serdeConfig = new HashMap<>(clientConfig);
        serdeConfig.put(RegistrySerdeConfig.SCHEMA_REGISTRY_URL, registryUrl);
        this.serdes = new RouteplaneSerdes(serdeConfig);
    }

    public String name() {
        return topics.aliases().name();
    }

    /** Every alias's latest binding, read to the end of the topic as it was when this was called; by alias. */
    public Map<String, AliasBinding> latest(PrintWriter err) {
        Map<String, Object> config = new HashMap<>(clientConfig);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.remove(ConsumerConfig.GROUP_ID_CONFIG);
        config.putIfAbsent(ConsumerConfig.CLIENT_ID_CONFIG, "routeplane-alias");
        config.putIfAbsent(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) TIMEOUT.toMillis());
        RecordDecoder<AliasBinding> decoder = serdes.decoder(topics.aliases());
        Map<String, AliasBinding> latest = new TreeMap<>();
        try (KafkaConsumer<String, byte[]> consumer =
                new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer())) {
            List<PartitionInfo> infos;
            try {
                infos = consumer.partitionsFor(name(), TIMEOUT);
            } catch (org.apache.kafka.common.errors.TimeoutException e) {
                throw unreachable(e);
            }
            if (infos == null || infos.isEmpty()) {
                throw new IllegalStateException("topic " + name() + " does not exist at " + bootstrapServers
                        + "; create the topics with './routeplane up'");
            }
            List<TopicPartition> partitions = new ArrayList<>();
            infos.forEach(i -> partitions.add(new TopicPartition(name(), i.partition())));
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, TIMEOUT);
            long deadline = System.nanoTime() + TIMEOUT.toNanos() * 4;
            while (!caughtUp(consumer, end)) {
                if (System.nanoTime() - deadline > 0) {
                    throw new IllegalStateException("could not read " + name() + " to its end within "
                            + TIMEOUT.toSeconds() * 4 + " s at " + bootstrapServers);
                }
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    if (record.value() == null) {
                        latest.remove(record.key());
                        continue;
                    }
                    try {
                        AliasBinding binding =
                                decoder.decode(record.topic(), record.partition(), record.offset(), record.value());
                        latest.put(record.key() != null ? record.key() : binding.getAlias(), binding);
                    } catch (UndecodableRecordException e) {
                        err.println("alias: skipping an unreadable binding: " + e.getMessage());
                    }
                }
            }
        }
        return latest;
    }

    private static boolean caughtUp(KafkaConsumer<String, byte[]> consumer, Map<TopicPartition, Long> end) {
        for (Map.Entry<TopicPartition, Long> e : end.entrySet()) {
            if (consumer.position(e.getKey(), TIMEOUT) < e.getValue()) {
                return false;
            }
        }
        return true;
    }

    /** Writes a binding keyed by its alias and waits for the acknowledgement. */
    public void write(AliasBinding binding) {
        Map<String, Object> config = new HashMap<>(clientConfig);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.putIfAbsent(ProducerConfig.MAX_BLOCK_MS_CONFIG, (int) TIMEOUT.toMillis());
        config.putIfAbsent(ProducerConfig.CLIENT_ID_CONFIG, "routeplane-alias");
        try (KafkaProducer<String, AliasBinding> producer = new KafkaProducer<>(
                config,
                new StringSerializer(),
                serdes.valueSerde(topics.aliases()).serializer())) {
            producer.send(new ProducerRecord<>(name(), binding.getAlias(), binding))
                    .get(TIMEOUT.toSeconds() * 2, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException(
                    "the new binding of alias '" + binding.getAlias() + "' was not acknowledged" + " by Kafka at "
                            + bootstrapServers,
                    e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while writing alias '" + binding.getAlias() + "'", e);
        }
    }

    private IllegalStateException unreachable(Exception e) {
        return new IllegalStateException(
                "no answer from Kafka at " + bootstrapServers + " within "
                        + TIMEOUT.toSeconds() + " s; start the embedded platform with './routeplane up' or pass"
                        + " --bootstrap-servers",
                e);
    }
}
