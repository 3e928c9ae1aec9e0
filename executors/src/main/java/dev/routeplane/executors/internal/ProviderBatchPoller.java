package dev.routeplane.executors.internal;

import dev.routeplane.contract.ProviderBatch;
import dev.routeplane.executors.ProviderBatchAdapter;
import dev.routeplane.executors.ProviderBatchStatus;
import dev.routeplane.schemas.RecordDecoder;
import dev.routeplane.schemas.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Owns the open provider batches of one provider whose ownership records ({@code rp.provider-batches.v1}) are in the
 * partitions Kafka assigned it: every provider's pollers form one consumer group, so each partition, and each open
 * provider batch, has exactly one poller. On every assignment it reads its new partitions from the beginning (the
 * topic is compacted: what is left is every open batch), and only once it has caught up with them does it poll: a
 * batch closed by the previous owner is then known to be closed. A poller that stops (a crash, or an executor closed
 * abruptly) leaves the group and its partitions go to another poller, which resumes polling its batches where the
 * provider has them. Each ended batch is settled by {@link ProviderBatchSettlement}, then closed with a tombstone.
 * One thread; {@link #stop} from any.
 */
public final class ProviderBatchPoller implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(ProviderBatchPoller.class);

    private final WorkerContext ctx;
    private final ProviderBatchAdapter adapter;
    private final ProviderBatchSettlement settlement;
    private final BatchCancellations cancellations;
    /** Provider batches this poller asked the provider to cancel. */
    private final Set<String> cancelSent = new HashSet<>();

    private final KafkaConsumer<String, byte[]> consumer;
    private final OwnershipRecords records;
    private final String topic;
    private final long pollIntervalMs;
    private final Map<String, Owned> owned = new HashMap<>();
    private final Map<TopicPartition, Long> catchUp = new HashMap<>();
    private final Map<String, String> openView = new ConcurrentHashMap<>();
    private volatile boolean running = true;
    private long nextPollAt;

    private record Owned(ProviderBatch batch, TopicPartition partition) {}

    public ProviderBatchPoller(
            WorkerContext ctx,
            ProviderBatchAdapter adapter,
            ProviderBatchSettlement settlement,
            BatchCancellations cancellations,
            Map<String, Object> kafka,
            String groupId,
            Topics topics,
            RecordDecoder<ProviderBatch> decoder,
            Duration pollInterval) {
        this.ctx = ctx;
        this.adapter = adapter;
        this.settlement = settlement;
        this.cancellations = cancellations;
        this.records = new OwnershipRecords(ctx.provider.id(), decoder, ctx.meters, ctx.clock);
        this.topic = topics.providerBatches().name();
        this.pollIntervalMs = pollInterval.toMillis();
        Map<String, Object> props = new HashMap<>(kafka);
        props.put("group.id", groupId);
        props.put("enable.auto.commit", false);
        props.put("auto.offset.reset", "earliest");
        props.put("allow.auto.create.topics", false);
        props.put("client.id", groupId + "-" + System.identityHashCode(this));
        this.consumer = new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer());
    }

    /** Open provider batches this poller owns now: provider batch id to model, for inspection. */
    public Map<String, String> owned() {
        return Map.copyOf(openView);
    }

    @Override
    public void run() {
        consumer.subscribe(List.of(topic), new ConsumerRebalanceListener() {
            @Override
            public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
                forget(partitions);
            }

            @Override
            public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
                // Compacted: from the beginning, what is left is every batch still open in these partitions.
                consumer.seekToBeginning(partitions);
                catchUp.putAll(consumer.endOffsets(partitions));
            }

            @Override
            public void onPartitionsLost(Collection<TopicPartition> partitions) {
                forget(partitions);
            }
        });
        try {
            while (running) {
                records.poll(consumer, Duration.ofMillis(200), this::apply);
                if (caughtUp() && ctx.clock.millis() >= nextPollAt) {
                    pollOwned();
                    nextPollAt = ctx.clock.millis() + pollIntervalMs;
                }
            }
        } catch (WakeupException e) {
            // stopping
        } catch (RuntimeException e) {
            LOG.error("provider-batch poller of {} failed; its batches go to another poller", ctx.provider.id(), e);
        } finally {
            consumer.close(Duration.ofSeconds(5));
        }
    }

    /** Stops polling and leaves the group; open batches stay open for the next owner. */
    public void stop() {
        running = false;
        consumer.wakeup();
    }

    private void forget(Collection<TopicPartition> partitions) {
        owned.values().removeIf(o -> partitions.contains(o.partition()));
        cancelSent.clear();
        partitions.forEach(catchUp::remove);
        records.forget(partitions);
        refreshView();
    }

    private boolean caughtUp() {
        catchUp.entrySet().removeIf(e -> consumer.position(e.getKey()) >= e.getValue());
        return catchUp.isEmpty();
    }

    private void apply(ConsumerRecord<String, byte[]> r, OwnershipRecords.Read read) {
        if (read instanceof OwnershipRecords.Read.Closed) {
            owned.remove(r.key());
        } else if (read instanceof OwnershipRecords.Read.Open open) {
            owned.put(r.key(), new Owned(open.batch(), new TopicPartition(r.topic(), r.partition())));
        }
        refreshView();
    }

    private void pollOwned() {
        for (Map.Entry<String, Owned> e : new ArrayList<>(owned.entrySet())) {
            if (!running) {
                return;
            }
            ProviderBatch batch = e.getValue().batch();
            cancelIfItsBatchWas(batch);
            ProviderBatchStatus status;
            try {
                status = adapter.poll(batch.getProviderBatchId(), ProviderBatchTasks.key(ctx, batch.getKeyProfile()));
            } catch (RuntimeException ex) {
                LOG.warn(
                        "polling provider batch {} failed ({}); trying again",
                        batch.getProviderBatchId(),
                        ex.toString());
                continue;
            }
            if (!status.ended()) {
                continue;
            }
            try {
                settlement.settle(batch, status);
                ctx.out.providerBatch(e.getKey(), null).join();
                owned.remove(e.getKey());
                refreshView();
            } catch (RuntimeException ex) {
                LOG.warn(
                        "settling provider batch {} failed ({}); trying again at the next poll",
                        batch.getProviderBatchId(),
                        ex.toString());
            }
        }
    }

    /**
     * Cancels the provider batch when it serves one Routeplane batch only and that batch was cancelled: its finished
     * lines are still billed and answered, the rest end CANCELLED ({@link ProviderBatchSettlement}). A provider batch
     * that mixes batches keeps running: the requests of the batches not cancelled need it.
     */
    private void cancelIfItsBatchWas(ProviderBatch batch) {
        if (cancelSent.contains(batch.getProviderBatchId())) {
            return;
        }
        Set<String> served = new HashSet<>();
        for (var t : batch.getTasks()) {
            served.add(Topics.batchKey(
                    t.getRequest().getTenantId(), String.valueOf(t.getRequest().getBatchId())));
        }
        var first = batch.getTasks().get(0).getRequest();
        if (served.size() != 1 || !cancellations.cancelled(first.getTenantId(), first.getBatchId())) {
            return;
        }
        try {
            adapter.cancel(batch.getProviderBatchId(), ProviderBatchTasks.key(ctx, batch.getKeyProfile()));
            cancelSent.add(batch.getProviderBatchId());
            LOG.info(
                    "provider batch {} of {} cancelled: batch {} of tenant {} was",
                    batch.getProviderBatchId(),
                    ctx.provider.id(),
                    first.getBatchId(),
                    first.getTenantId());
        } catch (RuntimeException ex) {
            LOG.warn(
                    "cancelling provider batch {} failed ({}); trying again at the next poll",
                    batch.getProviderBatchId(),
                    ex.toString());
        }
    }

    private void refreshView() {
        openView.clear();
        owned.values()
                .forEach(o ->
                        openView.put(o.batch().getProviderBatchId(), o.batch().getModel()));
    }
}
