package dev.routeplane.schemas;

import dev.routeplane.contract.ExecutionTask;
import dev.routeplane.contract.LatencyClass;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.utils.Utils;

/**
 * The one place that decides which partition a record goes to, where Routeplane needs to know it: the partition Kafka's
 * default partitioner gives a key (to read one tenant's partition), and the partition of an exec task, which every
 * producer of tasks (the router's exec sink, the executors' fallbacks and cascade steps) asks here. Tasks stay keyed by
 * tenantId either way.
 *
 * <p>Interactive and background tasks go where their key sends them (Kafka's default partitioner: murmur2 of the
 * tenantId), as every other tenant-keyed record does. Batch tasks are spread over all partitions by their request id:
 * one tenant's 20,000-line batch would otherwise sit in one partition of {@code rp.exec.<p>.batch.v1}, and a share
 * group hands one partition to only about lanes / partitions of its consumers, so one or two lanes would serve the
 * whole batch while the rest stood idle. Nothing downstream needs a tenant's batch tasks together: a share group
 * keeps no order, done markers and cancellations are looked up by request and batch id, and results, cost events and
 * spend are written keyed (and so partitioned) by tenant as before. The request id, not a random pick, so that a task
 * written again (a retried send, a re-routed request) lands where the first one did.
 */
public final class Partitions {
    private Partitions() {}

    /**
     * The partition of {@code task} in an exec topic of {@code partitions} partitions: by request id for batch work, by
     * tenantId (as its key) otherwise.
     *
     * @throws IllegalArgumentException if {@code partitions} is below 1
     */
    public static int ofTask(ExecutionTask task, int partitions) {
        var request = task.getRequest();
        boolean batch = request.getHints().getLatencyClass() == LatencyClass.BATCH;
        return ofKey(batch ? request.getRequestId() : request.getTenantId(), partitions);
    }

    /**
     * The partition Kafka's default partitioner gives a record keyed {@code key} (murmur2 of its UTF-8 bytes) in a topic
     * of {@code partitions} partitions.
     *
     * @throws IllegalArgumentException if {@code partitions} is below 1
     */
    public static int ofKey(String key, int partitions) {
        if (partitions < 1) {
            throw new IllegalArgumentException("a topic has at least 1 partition, got " + partitions);
        }
        return Utils.toPositive(Utils.murmur2(key.getBytes(StandardCharsets.UTF_8))) % partitions;
    }
}
