package dev.routeplane.bench.batch;

import dev.routeplane.client.RouterBacklog;
import dev.routeplane.schemas.Partitions;
import dev.routeplane.schemas.Topics;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListShareGroupOffsetsSpec;
import org.apache.kafka.clients.admin.SharePartitionOffsetInfo;
import org.apache.kafka.common.TopicPartition;

/**
 * Where the batch's waiting work is: requests the router has not taken on the tenant's partition, and per provider
 * the tasks of its batch topic its share group has not finished (the group's lag: tasks waiting in Kafka plus those
 * the executors hold).
 */
public final class QueueDepths implements AutoCloseable {
    private final Admin admin;
    private final RouterBacklog router;
    private final Topics topics;
    private final List<String> providers;
    private final Map<String, Integer> partitions = new HashMap<>();

    public QueueDepths(String bootstrapServers, Topics topics, List<String> providers) {
        Map<String, Object> config = Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        this.admin = Admin.create(config);
        this.router = new RouterBacklog(config, topics, RouterBacklog.DEFAULT_ROUTER_GROUP);
        this.topics = topics;
        this.providers = List.copyOf(providers);
    }

    private static String group(String provider) {
        return "routeplane-exec-" + provider + "-batch";
    }

    /**
     * Per provider, the batch topic's share-group lag: tasks not yet finished. All groups in one admin call.
     *
     * @throws Exception when the broker does not answer within 10 s
     */
    public Map<String, Long> batchLags() throws Exception {
        Map<String, ListShareGroupOffsetsSpec> specs = new LinkedHashMap<>();
        for (String provider : providers) {
            String topic = topics.execBatch(provider).name();
            int n = partitions(topic);
            List<TopicPartition> tps = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                tps.add(new TopicPartition(topic, i));
            }
            specs.put(group(provider), new ListShareGroupOffsetsSpec().topicPartitions(tps));
        }
        var result = admin.listShareGroupOffsets(specs);
        Map<String, Long> lags = new TreeMap<>();
        for (String provider : providers) {
            Map<TopicPartition, SharePartitionOffsetInfo> offsets =
                    result.partitionsToOffsetInfo(group(provider)).get(10, TimeUnit.SECONDS);
            lags.put(
                    provider,
                    offsets.values().stream()
                            .filter(o -> o != null)
                            .mapToLong(o -> o.lag().orElse(0L))
                            .sum());
        }
        return lags;
    }

    private int partitions(String topic) throws Exception {
        Integer n = partitions.get(topic);
        if (n == null) {
            n = admin.describeTopics(List.of(topic))
                    .allTopicNames()
                    .get(10, TimeUnit.SECONDS)
                    .get(topic)
                    .partitions()
                    .size();
            partitions.put(topic, n);
        }
        return n;
    }

    /** "router N; batch queues {openai=N, ...}" (providers with nothing unfinished left out). */
    public String describe(String tenant, Map<String, Long> lags) {
        return describe(List.of(tenant), lags);
    }

    /**
     * As {@link #describe(String, Map)}, the router's figure summed over the partitions of {@code tenants} (each
     * partition once, however many of them share it).
     */
    public String describe(Collection<String> tenants, Map<String, Long> lags) {
        List<String> parts = new ArrayList<>();
        try {
            Map<Integer, String> onePerPartition = new TreeMap<>();
            for (String tenant : tenants) {
                onePerPartition.putIfAbsent(
                        Partitions.ofKey(tenant, topics.requests().partitions()), tenant);
            }
            long waiting = 0;
            for (String tenant : onePerPartition.values()) {
                waiting += router.backlog(tenant);
            }
            parts.add("router " + waiting);
        } catch (Exception e) {
            parts.add("router unknown (" + e.getMessage() + ")");
        }
        Map<String, Long> queues = new TreeMap<>(lags);
        queues.values().removeIf(lag -> lag == 0);
        parts.add("batch queues " + queues);
        return String.join("; ", parts);
    }

    @Override
    public void close() {
        router.close();
        admin.close();
    }
}
