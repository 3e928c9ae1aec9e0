package dev.routeplane.router.internal;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Batch requests waiting for budget that other requests' reservations hold: a batch reserves the worst case of every
 * request it has in flight, so near a tenant's limit its later requests would be refused although the spend they would
 * add fits. They wait here instead, in the task's changelogged store, in arrival order per tenant, as their raw
 * record value (key: tenant, 0, partition, offset), and are routed again as reservations settle. A tenant's later
 * batch requests queue behind them, so the first to wait is the first to go.
 *
 * <p>Not thread-safe: one instance per stream task, used from its processor and punctuator.
 */
final class ParkedRequests {
    /** Handles one parked request on a retry. */
    @FunctionalInterface
    interface Retry {
        /** @return true when the request is settled (routed or refused), false when it must keep waiting */
        boolean handle(String tenantId, int partition, long offset, byte[] value);
    }

    private final KeyValueStore<Bytes, byte[]> store;
    private final Map<String, Integer> waiting = new HashMap<>();

    ParkedRequests(KeyValueStore<Bytes, byte[]> store) {
        this.store = store;
        try (KeyValueIterator<Bytes, byte[]> all = store.all()) {
            while (all.hasNext()) {
                waiting.merge(tenantOf(all.next().key.get()), 1, Integer::sum);
            }
        }
    }

    /** Whether the tenant has requests waiting; a new batch request of it then waits behind them. */
    boolean any(String tenantId) {
        return waiting.getOrDefault(tenantId, 0) > 0;
    }

    /** Requests waiting, over all tenants of this task. */
    int size() {
        return waiting.values().stream().mapToInt(Integer::intValue).sum();
    }

    void park(String tenantId, int partition, long offset, byte[] value) {
        store.put(key(tenantId, partition, offset), value);
        waiting.merge(tenantId, 1, Integer::sum);
    }

    /**
     * Retries each tenant's waiting requests in arrival order, at most {@code limit} in all, stopping at a tenant's
     * first one that must keep waiting.
     */
    void retry(int limit, Retry retry) {
        if (waiting.isEmpty()) {
            return;
        }
        List<KeyValue<Bytes, byte[]>> batch = new ArrayList<>();
        try (KeyValueIterator<Bytes, byte[]> all = store.all()) {
            while (all.hasNext() && batch.size() < limit) {
                batch.add(all.next());
            }
        }
        String blocked = null;
        for (KeyValue<Bytes, byte[]> entry : batch) {
            byte[] key = entry.key.get();
            String tenant = tenantOf(key);
            if (tenant.equals(blocked)) {
                continue;
            }
            ByteBuffer coordinates = ByteBuffer.wrap(key, key.length - 12, 12);
            if (retry.handle(tenant, coordinates.getInt(), coordinates.getLong(), entry.value)) {
                store.delete(entry.key);
                waiting.computeIfPresent(tenant, (t, n) -> n > 1 ? n - 1 : null);
            } else {
                blocked = tenant;
            }
        }
    }

    private static Bytes key(String tenantId, int partition, long offset) {
        byte[] tenant = tenantId.getBytes(StandardCharsets.UTF_8);
        return Bytes.wrap(ByteBuffer.allocate(tenant.length + 13)
                .put(tenant)
                .put((byte) 0)
                .putInt(partition)
                .putLong(offset)
                .array());
    }

    private static String tenantOf(byte[] key) {
        return new String(key, 0, key.length - 13, StandardCharsets.UTF_8);
    }
}
