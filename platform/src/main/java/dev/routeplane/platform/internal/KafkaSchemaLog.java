package dev.routeplane.platform.internal;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link SchemaLog} on a compacted single-partition Kafka topic. One reader thread applies every record
 * to the state in offset order; writers produce synchronously and then wait until the reader has passed
 * their offset, so a write is visible exactly when any other reader of the topic would see it.
 */
public final class KafkaSchemaLog implements SchemaLog {
    private static final Logger LOG = LoggerFactory.getLogger(KafkaSchemaLog.class);

    private final TopicPartition partition;
    private final RegistryState state;
    private final Duration timeout;
    private final Admin admin;
    private final KafkaProducer<byte[], byte[]> producer;
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final Thread reader;
    private final Object progress = new Object();
    private long position; // guarded by progress: the next offset the reader will apply
    private volatile Throwable readerFailure;
    private volatile boolean running = true;

    private KafkaSchemaLog(String bootstrapServers, String topic, RegistryState state, Duration timeout) {
        this.partition = new TopicPartition(topic, 0);
        this.state = state;
        this.timeout = timeout;
        String clientId = "routeplane-registry-" + UUID.randomUUID().toString().substring(0, 8);
        Properties adminProps = new Properties();
        adminProps.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        adminProps.put(AdminClientConfig.CLIENT_ID_CONFIG, clientId + "-admin");
        this.admin = Admin.create(adminProps);
        Properties producerProps = new Properties();
        producerProps.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        producerProps.put(ProducerConfig.CLIENT_ID_CONFIG, clientId + "-producer");
        producerProps.put(ProducerConfig.ACKS_CONFIG, "all");
        producerProps.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        // Kafka requires delivery.timeout >= linger + request.timeout; writes are single records, so no linger.
        int timeoutMs = (int) Math.min(Integer.MAX_VALUE, timeout.toMillis());
        producerProps.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        producerProps.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, Math.min(10_000, timeoutMs));
        producerProps.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, timeoutMs);
        producerProps.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, timeout.toMillis());
        this.producer = new KafkaProducer<>(producerProps, new ByteArraySerializer(), new ByteArraySerializer());
        Properties consumerProps = new Properties();
        consumerProps.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        consumerProps.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId + "-reader");
        consumerProps.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        consumerProps.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        this.consumer = new KafkaConsumer<>(consumerProps, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        this.reader = new Thread(this::readLoop, clientId + "-reader");
        this.reader.setDaemon(true);
    }

    /**
     * Creates the topic if missing, starts reading it and returns once everything already in it is applied.
     *
     * @throws IllegalStateException when the topic cannot be created or read, or is not a compacted
     *                               single-partition topic
     */
    public static KafkaSchemaLog open(String bootstrapServers, String topic, RegistryState state, Duration timeout) {
        KafkaSchemaLog log = new KafkaSchemaLog(bootstrapServers, topic, state, timeout);
        try {
            log.ensureTopic();
            log.consumer.assign(List.of(log.partition));
            log.consumer.seekToBeginning(List.of(log.partition));
            log.reader.start();
            log.catchUp();
            return log;
        } catch (RuntimeException e) {
            log.close();
            throw e;
        }
    }

    private void ensureTopic() {
        String topic = partition.topic();
        NewTopic spec = new NewTopic(topic, Optional.of(1), Optional.empty())
                .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT));
        try {
            admin.createTopics(List.of(spec)).all().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            LOG.info("Created schema registry topic {}", topic);
            awaitTopicMetadata(topic);
            return;
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new IllegalStateException("Cannot create schema topic '" + topic + "': " + e.getCause(), e);
            }
        } catch (InterruptedException | TimeoutException e) {
            throw interruptedOrTimedOut("creating schema topic '" + topic + "'", e);
        }
        verifyExistingTopic(topic);
    }

    /**
     * Right after a topic is created, or after a broker restart, the broker may not serve the topic's metadata
     * yet; describing or reading it then fails with UnknownTopicOrPartition for a moment. Wait it out.
     */
    private void awaitTopicMetadata(String topic) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            try {
                admin.describeTopics(Set.of(topic)).allTopicNames().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
                return;
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof org.apache.kafka.common.errors.UnknownTopicOrPartitionException)
                        || System.nanoTime() > deadline) {
                    throw new IllegalStateException("Cannot describe schema topic '" + topic + "': " + e.getCause(), e);
                }
            } catch (InterruptedException | TimeoutException e) {
                throw interruptedOrTimedOut("waiting for schema topic '" + topic + "'", e);
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw interruptedOrTimedOut("waiting for schema topic '" + topic + "'", e);
            }
        }
    }

    private void verifyExistingTopic(String topic) {
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
        awaitTopicMetadata(topic);
        try {
            TopicDescription description = admin.describeTopics(Set.of(topic))
                    .allTopicNames()
                    .get(timeout.toMillis(), TimeUnit.MILLISECONDS)
                    .get(topic);
            String policy = admin.describeConfigs(Set.of(resource))
                    .all()
                    .get(timeout.toMillis(), TimeUnit.MILLISECONDS)
                    .get(resource)
                    .get(TopicConfig.CLEANUP_POLICY_CONFIG)
                    .value();
            if (description.partitions().size() != 1 || !policy.contains(TopicConfig.CLEANUP_POLICY_COMPACT)) {
                throw new IllegalStateException("Schema topic '" + topic + "' must have 1 partition and cleanup.policy="
                        + "compact, but has " + description.partitions().size() + " partition(s) and cleanup.policy="
                        + policy + ". Use another topic name or recreate it.");
            }
        } catch (ExecutionException e) {
            throw new IllegalStateException("Cannot describe schema topic '" + topic + "': " + e.getCause(), e);
        } catch (InterruptedException | TimeoutException e) {
            throw interruptedOrTimedOut("describing schema topic '" + topic + "'", e);
        }
    }

    private void readLoop() {
        try {
            while (running) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    applyOne(record);
                }
                long next = consumer.position(partition);
                synchronized (progress) {
                    position = next;
                    progress.notifyAll();
                }
            }
        } catch (WakeupException e) {
            if (running) {
                fail(e);
            }
        } catch (RuntimeException e) {
            fail(e);
        } finally {
            consumer.close(CloseOptions.timeout(Duration.ofSeconds(5)));
        }
    }

    private void applyOne(ConsumerRecord<byte[], byte[]> record) {
        try {
            RecordCodec.decode(record.key(), record.value()).ifPresent(state::apply);
        } catch (IllegalArgumentException e) {
            LOG.warn("Skipping unreadable record at offset {} of {}: {}", record.offset(), partition, e.getMessage());
        }
    }

    private void fail(Throwable e) {
        LOG.error("Schema registry stopped reading {}; it can no longer serve writes", partition, e);
        readerFailure = e;
        synchronized (progress) {
            progress.notifyAll();
        }
    }

    @Override
    public void catchUp() {
        long end;
        try {
            end = admin.listOffsets(Map.of(partition, OffsetSpec.latest()))
                    .partitionResult(partition)
                    .get(timeout.toMillis(), TimeUnit.MILLISECONDS)
                    .offset();
        } catch (ExecutionException e) {
            throw RegistryException.storeError(
                    "Cannot read the end of schema topic " + partition + ": " + e.getCause());
        } catch (InterruptedException | TimeoutException e) {
            throw timedOut("reading the end of schema topic " + partition, e);
        }
        awaitPosition(end);
    }

    @Override
    public void append(RegistryRecord record) {
        RecordCodec.Encoded encoded = RecordCodec.encode(record);
        long offset;
        try {
            offset = producer.send(new ProducerRecord<>(
                            partition.topic(), partition.partition(), encoded.key(), encoded.value()))
                    .get(timeout.toMillis(), TimeUnit.MILLISECONDS)
                    .offset();
        } catch (ExecutionException e) {
            throw RegistryException.storeError("Cannot write to schema topic " + partition + ": " + e.getCause());
        } catch (InterruptedException | TimeoutException e) {
            throw timedOut("writing to schema topic " + partition, e);
        }
        awaitPosition(offset + 1);
    }

    private void awaitPosition(long target) {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (progress) {
            while (position < target) {
                if (readerFailure != null) {
                    throw RegistryException.storeError("The schema topic reader failed: " + readerFailure);
                }
                long remainingMs = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                if (remainingMs <= 0) {
                    throw new RegistryException(
                            500,
                            50002,
                            "Timed out after " + timeout.toSeconds() + " s waiting " + "for schema topic " + partition
                                    + " to reach offset " + target + " (at " + position + ")");
                }
                try {
                    progress.wait(remainingMs);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw timedOut("waiting for schema topic " + partition, e);
                }
            }
        }
    }

    private RegistryException timedOut(String what, Exception e) {
        return new RegistryException(500, 50002, explain(what, e));
    }

    private IllegalStateException interruptedOrTimedOut(String what, Exception e) {
        return new IllegalStateException(explain(what, e), e);
    }

    private String explain(String what, Exception e) {
        if (e instanceof InterruptedException) {
            Thread.currentThread().interrupt();
            return "Interrupted while " + what;
        }
        return "Timed out after " + timeout.toMillis() + " ms " + what + "; check that Kafka is reachable";
    }

    /** Stops the reader and closes the clients; waits for the reader thread to finish. */
    @Override
    public void close() {
        running = false;
        consumer.wakeup();
        if (reader.getState() == Thread.State.NEW) {
            consumer.close(
                    CloseOptions.timeout(Duration.ZERO)); // the reader never started, so it will not close the consumer
        } else {
            try {
                reader.join(TimeUnit.SECONDS.toMillis(10));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        producer.close(Duration.ofSeconds(5));
        // Every admin call is awaited with a timeout, so anything still pending has been given up on.
        admin.close(Duration.ZERO);
    }
}
