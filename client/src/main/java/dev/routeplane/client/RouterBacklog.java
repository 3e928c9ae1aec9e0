package dev.routeplane.client;

import dev.routeplane.schemas.Partitions;
import dev.routeplane.schemas.Topics;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListConsumerGroupOffsetsSpec;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * How many requests wait for the router on a tenant's partition of {@code rp.requests.v1}: the partition's end offset
 * minus the router's committed offset there (its log start when the router never committed). The router takes a
 * partition's records in order, so a request written now waits behind exactly these. Read with the Admin API; the
 * router's group id is its Kafka Streams {@code application.id}.
 *
 * <p>Thread-safe.
 */
public final class RouterBacklog implements AutoCloseable {
    /** The router's application id when not configured otherwise. */
    public static final String DEFAULT_ROUTER_GROUP = "routeplane-router";

    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final Admin admin;
    private final String topic;
    private final String routerGroup;
    private volatile int partitions;

    /**
     * @param kafkaConfig client properties ({@code bootstrap.servers}, security settings)
     * @param routerGroup the router's application id
     */
    public RouterBacklog(Map<String, ?> kafkaConfig, Topics topics, String routerGroup) {
        Map<String, Object> config = new HashMap<>(kafkaConfig);
        config.putIfAbsent(AdminClientConfig.CLIENT_ID_CONFIG, "routeplane-router-backlog");
        config.putIfAbsent(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) TIMEOUT.toMillis());
        config.putIfAbsent(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) TIMEOUT.toMillis());
        this.admin = Admin.create(config);
        this.topic = topics.requests().name();
        this.routerGroup = routerGroup;
    }

    /**
     * Requests on the tenant's partition the router has not yet taken.
     *
     * @throws IllegalStateException when Kafka does not answer in time
     */
    public long backlog(String tenantId) throws InterruptedException {
        try {
            TopicPartition partition = new TopicPartition(topic, partitionOf(tenantId));
            long end = admin.listOffsets(Map.of(partition, OffsetSpec.latest()))
                    .partitionResult(partition)
                    .get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
                    .offset();
            ListConsumerGroupOffsetsSpec spec = new ListConsumerGroupOffsetsSpec().topicPartitions(List.of(partition));
            OffsetAndMetadata committed = admin.listConsumerGroupOffsets(Map.of(routerGroup, spec))
                    .partitionsToOffsetAndMetadata(routerGroup)
                    .get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
                    .get(partition);
            long taken = committed != null
                    ? committed.offset()
                    : admin.listOffsets(Map.of(partition, OffsetSpec.earliest()))
                            .partitionResult(partition)
                            .get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
                            .offset();
            return Math.max(0, end - taken);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException(
                    "cannot read the router's backlog on " + topic + ": "
                            + (e.getCause() == null
                                    ? e.toString()
                                    : e.getCause().toString()),
                    e);
        }
    }

    /** The partition the default partitioner gives a tenant's records (murmur2 of the key). */
    private int partitionOf(String tenantId) throws ExecutionException, InterruptedException, TimeoutException {
        if (partitions == 0) {
            partitions = admin.describeTopics(List.of(topic))
                    .allTopicNames()
                    .get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
                    .get(topic)
                    .partitions()
                    .size();
        }
        return Partitions.ofKey(tenantId, partitions);
    }

    @Override
    public void close() {
        admin.close(Duration.ofSeconds(5));
    }
}
