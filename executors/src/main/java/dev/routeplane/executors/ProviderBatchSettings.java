package dev.routeplane.executors;

import java.time.Duration;
import java.util.Objects;

/**
 * How provider-batch work is gathered and polled (tasks whose decision says {@code PROVIDER_BATCH}).
 *
 * @param maxRequests  most requests in one provider batch (also capped by the provider's {@code batchApi} limit)
 * @param maxBytes     most bytes of tasks in one provider batch; bounds its ownership record on
 *                     {@code rp.provider-batches.v1}, which carries the tasks, under Kafka's 1 MB message size
 * @param maxGather    longest a task waits for its provider batch to fill before the batch is submitted anyway; its
 *                     share-group record lock is held meanwhile, so this stays well below the lock duration
 * @param pollInterval how often the poller asks the provider how each open provider batch stands
 */
public record ProviderBatchSettings(int maxRequests, long maxBytes, Duration maxGather, Duration pollInterval) {

    public ProviderBatchSettings {
        Objects.requireNonNull(maxGather, "maxGather");
        Objects.requireNonNull(pollInterval, "pollInterval");
        if (maxRequests < 1
                || maxBytes < 1
                || maxGather.isNegative()
                || pollInterval.isNegative()
                || pollInterval.isZero()) {
            throw new IllegalArgumentException("provider-batch settings must be positive, got " + maxRequests
                    + " requests, " + maxBytes + " bytes, gather " + maxGather + ", poll " + pollInterval);
        }
    }

    /** 500 requests or 800,000 bytes per provider batch, gathered for at most 2 s, polled every 30 s. */
    public static ProviderBatchSettings defaults() {
        return new ProviderBatchSettings(500, 800_000, Duration.ofSeconds(2), Duration.ofSeconds(30));
    }
}
