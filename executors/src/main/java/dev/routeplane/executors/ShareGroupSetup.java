package dev.routeplane.executors;

import dev.routeplane.config.RouteplaneConfig;
import dev.routeplane.executors.internal.DoneMarkers;
import dev.routeplane.schemas.TopicBootstrapper;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * What must exist before a worker consumes: every Routeplane topic (exec topics of all providers, since fallbacks
 * write to them), the compacted done-marker topic, and the share group's configs. Share-group settings are group
 * configs, not consumer properties: {@code share.auto.offset.reset=earliest} (tasks produced before the first worker
 * started must not be skipped), {@code share.isolation.level=read_committed} (the router writes tasks in
 * transactions), the record lock duration, lock renewal ({@code share.renew.acknowledge.enable}: a task may outlive
 * one lock), the record-lock window per partition, and a broker delivery-count limit one above the worker's so the
 * worker always gets the delivery on which it writes the poison-task result.
 */
final class ShareGroupSetup {
    private ShareGroupSetup() {}

    /** The topics alone (a pool's shared clients need the done-marker topic before any worker starts). */
    static void ensureTopics(Map<String, Object> kafka, RouteplaneConfig config, WorkerSettings s) {
        try (Admin admin = Admin.create(kafka)) {
            ensureTopics(admin, config, s);
        } catch (ExecutionException e) {
            throw new IllegalStateException(
                    "cannot create the executors' topics on " + kafka.get("bootstrap.servers") + ": "
                            + e.getCause().getMessage(),
                    e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating the executors' topics", e);
        }
    }

    private static void ensureTopics(Admin admin, RouteplaneConfig config, WorkerSettings s)
            throws ExecutionException, InterruptedException {
        new TopicBootstrapper(admin).ensure(s.topics().all(config.providers().keySet()));
        NewTopic doneTopic = new NewTopic(
                        DoneMarkers.topicName(s.topics()), s.topics().partitions(), (short) -1)
                .configs(Map.of("cleanup.policy", "compact"));
        try {
            admin.createTopics(List.of(doneTopic)).all().get();
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw e;
            }
        }
    }

    /**
     * The share groups' configs of {@code providerId}, and the topics first unless {@code topicsReady} (a pool ensured
     * them once for all its workers).
     */
    static void prepare(
            Map<String, Object> kafka,
            RouteplaneConfig config,
            WorkerSettings s,
            String providerId,
            boolean topicsReady) {
        try (Admin admin = Admin.create(kafka)) {
            if (!topicsReady) {
                ensureTopics(admin, config, s);
            }
            List<AlterConfigOp> ops = new ArrayList<>();
            ops.add(set("share.auto.offset.reset", "earliest"));
            ops.add(set("share.isolation.level", "read_committed"));
            ops.add(set("share.delivery.count.limit", Integer.toString(s.deliveryLimit() + 1)));
            // The lanes renew the locks of records whose tasks still run (ShareLane), so a long call runs once.
            ops.add(set("share.renew.acknowledge.enable", "true"));
            if (s.recordLockDuration() != null) {
                ops.add(set(
                        "share.record.lock.duration.ms",
                        Long.toString(s.recordLockDuration().toMillis())));
            }
            if (s.partitionRecordLocks() != null) {
                ops.add(set("share.partition.max.record.locks", Integer.toString(s.partitionRecordLocks())));
            }
            if (s.shareHeartbeat() != null) {
                ops.add(set(
                        "share.heartbeat.interval.ms",
                        Long.toString(s.shareHeartbeat().toMillis())));
            }
            Map<ConfigResource, java.util.Collection<AlterConfigOp>> groups = new java.util.HashMap<>();
            for (String id : List.of(s.groupId(providerId), s.batchGroupId(providerId))) {
                groups.put(new ConfigResource(ConfigResource.Type.GROUP, id), ops);
            }
            admin.incrementalAlterConfigs(groups).all().get();
        } catch (ExecutionException e) {
            throw new IllegalStateException(
                    "cannot prepare topics and share group " + s.groupId(providerId) + " on "
                            + kafka.get("bootstrap.servers") + ": "
                            + e.getCause().getMessage(),
                    e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while preparing share group " + s.groupId(providerId), e);
        }
    }

    private static AlterConfigOp set(String name, String value) {
        return new AlterConfigOp(new ConfigEntry(name, value), AlterConfigOp.OpType.SET);
    }
}
