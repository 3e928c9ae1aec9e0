package dev.routeplane.bench.batch;

import dev.routeplane.client.RouterBacklog;
import dev.routeplane.schemas.Topics;
import java.util.ArrayList;
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
 * Where the batch's waiting work is, for the progress lines: requests the router has not taken on the tenant's
 * partition, and per provider the tasks of its batch topic its share group has not finished (the group's lag).
 */
final class QueueDepths implements AutoCloseable {
    private final Admin admin;
    private final RouterBacklog router;
    private final Topics topics;
    private final List<String> providers;

    QueueDepths(String bootstrapServers, Topics topics, List<String> providers) {
        Map<String, Object> config = Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        this.admin = Admin.create(config);
        this.router = new RouterBacklog(config, topics, RouterBacklog.DEFAULT_ROUTER_GROUP);
        this.topics = topics;
        this.providers = List.copyOf(providers);
    }

    /** "router N; batch queues: openai N, ..." (providers with nothing waiting left out). */
    String describe(String tenant) {
        List<String> parts = new ArrayList<>();
        try {
            parts.add("router " + router.backlog(tenant));
            Map<String, Long> queues = new TreeMap<>();
            for (String provider : providers) {
                String group = "routeplane-exec-" + provider + "-batch";
                String topic = topics.execBatch(provider).name();
                int partitions = admin.describeTopics(List.of(topic))
                        .allTopicNames()
                        .get(10, TimeUnit.SECONDS)
                        .get(topic)
                        .partitions()
                        .size();
                List<TopicPartition> tps = new ArrayList<>();
                for (int i = 0; i < partitions; i++) {
                    tps.add(new TopicPartition(topic, i));
                }
                Map<TopicPartition, SharePartitionOffsetInfo> offsets = admin.listShareGroupOffsets(
                                Map.of(group, new ListShareGroupOffsetsSpec().topicPartitions(tps)))
                        .partitionsToOffsetInfo(group)
                        .get(10, TimeUnit.SECONDS);
                long lag = offsets.values().stream()
                        .filter(o -> o != null)
                        .mapToLong(o -> o.lag().orElse(0L))
                        .sum();
                if (lag > 0) {
                    queues.put(provider, lag);
                }
            }
            parts.add("batch queues " + queues);
        } catch (Exception e) {
            parts.add("queues unknown (" + e.getMessage() + ")");
        }
        return String.join("; ", parts);
    }

    @Override
    public void close() {
        router.close();
        admin.close();
    }
}
