package dev.routeplane.schemas;

import dev.routeplane.contract.ExecutionTask;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.utils.Utils;

/**
 * The one place that decides which partition a record goes to, where Routeplane needs to know it: the partition Kafka's
 * default partitioner gives a key (to read one tenant's partition), and the partition of an exec task, which every
 * producer of tasks (the router's exec sink, the executors' fallbacks and cascade steps) asks here. Tasks stay keyed by
 * tenantId.
 *
 * <p>Every task is written to the partition of its request id, whatever its class. A share group hands a partition to
 * only about lanes / partitions of its consumers (one, when a worker runs fewer lanes than the topic has partitions),
 * and a lane polls again only once its whole batch is acknowledged; so tasks placed by tenant would put all of one
 * tenant's work behind the batch cycle of those few lanes: a 20,000-line batch on one or two batch lanes while the rest
 * stood idle, and an interactive call waiting for the slowest call of its partition's last batch (in {@code bench
 * e2e}'s synchronous phase, one tenant's calls started in bursts about 110 ms apart). Nothing downstream
 * needs a tenant's tasks together: a share group keeps no order, done markers and cancellations are looked up by
 * request and batch id, and results, cost events and spend are written keyed (and so partitioned) by tenant as
 * before. The request id, not a random pick, so that a task written again (a retried send, a re-routed request, a
 * fallback) lands where the first one did.
 */
public final class Partitions {
    private Partitions() {}

    /**
     * The partition of {@code task} in an exec topic of {@code partitions} partitions: its request id's.
     *
     * @throws IllegalArgumentException if {@code partitions} is below 1
     */
    public static int ofTask(ExecutionTask task, int partitions) {
        return ofKey(task.getRequest().getRequestId(), partitions);
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
