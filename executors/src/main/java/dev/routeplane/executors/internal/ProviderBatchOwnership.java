package dev.routeplane.executors.internal;

import dev.routeplane.contract.ExecutionTask;
import dev.routeplane.contract.ProviderBatch;
import dev.routeplane.executors.ExecutorMeters;
import dev.routeplane.schemas.RecordDecoder;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which requests one provider's batches already own, across every partition of {@code rp.provider-batches.v1}: the
 * guard that keeps a task whose ownership record was written but whose share-group record was not acknowledged (the
 * executor crashed in between) from being gathered into a second provider batch when it is delivered again.
 *
 * <p>A request stays owned after its batch is closed (the tombstone), for {@code lookback}: a line that went back to
 * synchronous calls is not done yet, and its original provider-batch record may still come back. {@link #caughtUp()}
 * completes once the view holds every record written before the call, so a check after it sees any ownership record
 * that was durable before the task was delivered again. Thread-safe; one tail thread per instance.
 */
public final class ProviderBatchOwnership implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ProviderBatchOwnership.class);

    private final String providerId;
    private final KafkaConsumer<String, byte[]> consumer;
    private final OwnershipRecords records;
    private final Clock clock;
    private final long lookbackMs;
    /** Request key ({@link DoneMarkers#key}) to the batch key that owns it. */
    private final Map<String, String> owner = new ConcurrentHashMap<>();
    /** Batch key to its requests, for batches still open. */
    private final Map<String, List<String>> open = new HashMap<>();
    /** Request key to when its batch was closed. */
    private final Map<String, Long> closedAt = new ConcurrentHashMap<>();

    private final ConcurrentLinkedQueue<CompletableFuture<Void>> waiting = new ConcurrentLinkedQueue<>();
    private final Thread tail;
    private final List<TopicPartition> partitions;
    private volatile boolean running = true;

    /** Starts tailing {@code topic} from its beginning (it is compacted: what is left is every batch not long closed). */
    public ProviderBatchOwnership(
            Map<String, Object> kafka,
            String topic,
            String providerId,
            RecordDecoder<ProviderBatch> decoder,
            ExecutorMeters meters,
            Clock clock,
            Duration lookback) {
        this.providerId = providerId;
        this.records = new OwnershipRecords(providerId, decoder, meters, clock);
        this.clock = clock;
        this.lookbackMs = lookback.toMillis();
        Map<String, Object> props = new HashMap<>(kafka);
        props.put("enable.auto.commit", false);
        props.put("auto.offset.reset", "earliest");
        props.put("allow.auto.create.topics", false);
        props.remove("group.id");
        this.consumer = new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer());
        this.partitions = DoneMarkers.partitions(consumer, topic);
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        this.tail = new Thread(this::run, "provider-batch-ownership-" + providerId);
        tail.setDaemon(true);
        tail.start();
    }

    /** Completes once every ownership record written before this call has been read. */
    public CompletableFuture<Void> caughtUp() {
        CompletableFuture<Void> f = new CompletableFuture<>();
        if (!running) {
            f.completeExceptionally(
                    new IllegalStateException("provider-batch ownership view of " + providerId + " is closed"));
            return f;
        }
        waiting.add(f);
        return f;
    }

    /** The key ({@code <provider>/<provider batch id>}) of the provider batch that owns the request, if any. */
    public String ownerOf(String tenantId, String requestId) {
        return owner.get(DoneMarkers.key(tenantId, requestId));
    }

    private void run() {
        long lastEviction = clock.millis();
        try {
            while (running) {
                List<CompletableFuture<Void>> now = new ArrayList<>();
                for (CompletableFuture<Void> f; (f = waiting.poll()) != null; ) {
                    now.add(f);
                }
                Map<TopicPartition, Long> ends = now.isEmpty() ? Map.of() : consumer.endOffsets(partitions);
                do {
                    records.poll(consumer, Duration.ofMillis(100), this::apply);
                } while (running
                        && ends.entrySet().stream().anyMatch(e -> consumer.position(e.getKey()) < e.getValue()));
                if (running) {
                    now.forEach(f -> f.complete(null));
                } else {
                    waiting.addAll(now); // failed below: closing before caught up
                }
                if (clock.millis() - lastEviction > 60_000) {
                    evict();
                    lastEviction = clock.millis();
                }
            }
        } catch (WakeupException stopping) {
            // close() woke us
        } catch (RuntimeException e) {
            LOG.error(
                    "provider-batch ownership view of {} stopped; its provider-batch tasks are released for another worker",
                    providerId,
                    e);
        } finally {
            running = false;
            RuntimeException closed =
                    new IllegalStateException("provider-batch ownership view of " + providerId + " is closed");
            for (CompletableFuture<Void> f; (f = waiting.poll()) != null; ) {
                f.completeExceptionally(closed);
            }
            consumer.close(Duration.ofSeconds(5));
        }
    }

    private void apply(ConsumerRecord<String, byte[]> r, OwnershipRecords.Read read) {
        if (r.key() == null) {
            return;
        }
        if (read instanceof OwnershipRecords.Read.Closed) {
            List<String> requests = open.remove(r.key());
            if (requests != null) {
                long at = clock.millis();
                requests.forEach(k -> closedAt.put(k, at));
            }
        } else if (read instanceof OwnershipRecords.Read.Open o) {
            List<String> requests = new ArrayList<>(o.batch().getTasks().size());
            for (ExecutionTask t : o.batch().getTasks()) {
                String k = DoneMarkers.key(
                        t.getRequest().getTenantId(), t.getRequest().getRequestId());
                requests.add(k);
                owner.put(k, r.key());
                closedAt.remove(k);
            }
            open.put(r.key(), requests);
        }
    }

    private void evict() {
        long cutoff = clock.millis() - lookbackMs;
        closedAt.entrySet().removeIf(e -> {
            if (e.getValue() < cutoff) {
                owner.remove(e.getKey());
                return true;
            }
            return false;
        });
    }

    @Override
    public void close() {
        running = false;
        TailThreads.stop(consumer, tail, Duration.ofSeconds(5));
    }
}
