package dev.routeplane.executors.internal;

import dev.routeplane.contract.ProviderBatch;
import dev.routeplane.executors.ExecutorMeters;
import dev.routeplane.schemas.RecordDecoder;
import dev.routeplane.schemas.TransientFailures;
import dev.routeplane.schemas.UndecodableRecordException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads one record of {@code rp.provider-batches.v1} for one provider: its open batch, its close (a tombstone), a
 * record to read again later (the registry unreachable: an outage, not poison), or one to skip. A record that cannot be
 * decoded for good is skipped, logged with its coordinates and counted ({@code
 * routeplane.executor.provider.batch.undecodable}), so it never stops the reader from the records after it. One per
 * consumer, used from its thread.
 */
final class OwnershipRecords {
    private static final Logger LOG = LoggerFactory.getLogger(OwnershipRecords.class);
    static final long RETRY_AFTER_MS = 1_000;

    /** What one record says. */
    sealed interface Read {
        /** An open batch of this provider. */
        record Open(ProviderBatch batch) implements Read {}

        /** The batch under this key is closed (tombstone). */
        record Closed() implements Read {}

        /** Another provider's batch, or bytes that are not an ownership record (skipped for good). */
        record Skip() implements Read {}

        /** Not decodable now (the registry unreachable): read it again later. */
        record Retry() implements Read {}
    }

    private final String providerId;
    private final RecordDecoder<ProviderBatch> decoder;
    private final ExecutorMeters meters;
    private final Clock clock;
    private final Map<TopicPartition, Long> pausedUntil = new HashMap<>();

    OwnershipRecords(String providerId, RecordDecoder<ProviderBatch> decoder, ExecutorMeters meters, Clock clock) {
        this.providerId = providerId;
        this.decoder = decoder;
        this.meters = meters;
        this.clock = clock;
    }

    /**
     * Polls {@code consumer} once and hands each record it can read to {@code sink}, in order. A partition whose record
     * is to be read again is rewound to it and paused for {@link #RETRY_AFTER_MS}, so an outage is not a busy loop.
     */
    void poll(
            Consumer<String, byte[]> consumer,
            Duration timeout,
            BiConsumer<ConsumerRecord<String, byte[]>, Read> sink) {
        long now = clock.millis();
        List<TopicPartition> due = new ArrayList<>();
        pausedUntil.entrySet().removeIf(e -> {
            if (e.getValue() <= now) {
                due.add(e.getKey());
                return true;
            }
            return false;
        });
        due.retainAll(consumer.assignment());
        consumer.resume(due);
        Set<TopicPartition> rewound = new HashSet<>();
        for (ConsumerRecord<String, byte[]> r : consumer.poll(timeout)) {
            TopicPartition tp = new TopicPartition(r.topic(), r.partition());
            if (rewound.contains(tp)) {
                continue;
            }
            Read read = read(r);
            if (read instanceof Read.Retry) {
                LOG.warn(
                        "ownership record at {}-{}@{} cannot be decoded yet (registry unreachable); reading it again in"
                                + " {} ms",
                        r.topic(),
                        r.partition(),
                        r.offset(),
                        RETRY_AFTER_MS);
                consumer.seek(tp, r.offset());
                consumer.pause(List.of(tp));
                pausedUntil.put(tp, now + RETRY_AFTER_MS);
                rewound.add(tp);
            } else {
                sink.accept(r, read);
            }
        }
    }

    /** Forgets the pauses of partitions no longer assigned. */
    void forget(Collection<TopicPartition> partitions) {
        partitions.forEach(pausedUntil::remove);
    }

    Read read(ConsumerRecord<String, byte[]> r) {
        if (r.value() == null) {
            return new Read.Closed();
        }
        ProviderBatch batch;
        try {
            batch = decoder.decode(r.topic(), r.partition(), r.offset(), r.value());
        } catch (UndecodableRecordException e) {
            if (TransientFailures.isTransient(e)) {
                return new Read.Retry();
            }
            LOG.error(
                    "ownership record {} at {}-{}@{} cannot be decoded ({}: {}); skipping it",
                    r.key(),
                    r.topic(),
                    r.partition(),
                    r.offset(),
                    e.kind(),
                    e.getMessage());
            meters.undecodableOwnershipRecord();
            return new Read.Skip();
        }
        return batch != null && batch.getProvider().equals(providerId) ? new Read.Open(batch) : new Read.Skip();
    }
}
