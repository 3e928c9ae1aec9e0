package dev.routeplane.executors.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.AcknowledgeType;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * The records one {@link ShareLane} holds: delivered and not yet acknowledged, each with its {@link Lease}. A record is
 * either in flight at the consumer (acknowledgeable) or being renewed: acknowledged with RENEW and not yet handed back
 * by a poll. An outcome that arrives while its record is being renewed waits here until the record is back, since
 * the consumer refuses to acknowledge a record it does not hold in flight. Used by the lane's thread only.
 */
final class HeldRecords {
    /** One held record. */
    static final class Held {
        private ConsumerRecord<String, byte[]> record;
        private final Lease lease;
        private boolean renewing;
        private Instant renewSentAt;
        private AcknowledgeType outcome;

        private Held(ConsumerRecord<String, byte[]> record, Lease lease) {
            this.record = record;
            this.lease = lease;
        }

        /** The latest delivery of the record: the one the consumer holds in flight. */
        ConsumerRecord<String, byte[]> record() {
            return record;
        }

        Lease lease() {
            return lease;
        }
    }

    private record Key(String topic, int partition, long offset) {
        static Key of(ConsumerRecord<?, ?> r) {
            return new Key(r.topic(), r.partition(), r.offset());
        }
    }

    private final Map<Key, Held> held = new LinkedHashMap<>();

    int size() {
        return held.size();
    }

    boolean isEmpty() {
        return held.isEmpty();
    }

    /** Whether {@code record} (any delivery of it) is held. */
    boolean contains(ConsumerRecord<?, ?> record) {
        return held.containsKey(Key.of(record));
    }

    void add(ConsumerRecord<String, byte[]> record, Lease lease) {
        held.put(Key.of(record), new Held(record, lease));
    }

    /**
     * The task of {@code record} finished with {@code type}: returns the held record to acknowledge now and forgets
     * it, or null if it is being renewed (the outcome waits for its return) or no longer held (a renewal was lost).
     */
    Held finish(ConsumerRecord<?, ?> record, AcknowledgeType type) {
        Key key = Key.of(record);
        Held h = held.get(key);
        if (h == null) {
            return null;
        }
        if (h.renewing) {
            h.outcome = type;
            return null;
        }
        held.remove(key);
        return h;
    }

    /** Whether a record in flight is due for renewal at {@code now}. */
    boolean renewalDue(Instant now) {
        for (Held h : held.values()) {
            if (!h.renewing && h.lease.renews() && !now.isBefore(h.lease.renewAt())) {
                return true;
            }
        }
        return false;
    }

    /** Whether every held record is being renewed, so a poll may be made to take them back. */
    boolean allRenewing() {
        return !held.isEmpty() && held.values().stream().allMatch(h -> h.renewing);
    }

    /** Marks every record in flight as being renewed from {@code sentAt}; returns them, to acknowledge with RENEW. */
    List<ConsumerRecord<String, byte[]>> startRenewal(Instant sentAt) {
        List<ConsumerRecord<String, byte[]>> renew = new ArrayList<>();
        for (Held h : held.values()) {
            if (!h.renewing) {
                h.renewing = true;
                h.renewSentAt = sentAt;
                renew.add(h.record);
            }
        }
        return renew;
    }

    /**
     * A poll handed {@code record} back after its renewal: its lease runs from the renewal, and it is in flight again.
     * Returns the outcome that arrived meanwhile (the record is then forgotten and must be acknowledged with it), or
     * null if its task still runs.
     */
    AcknowledgeType renewed(ConsumerRecord<String, byte[]> record) {
        Key key = Key.of(record);
        Held h = held.get(key);
        h.record = record;
        h.renewing = false;
        h.lease.renewed(h.renewSentAt);
        AcknowledgeType outcome = h.outcome;
        if (outcome != null) {
            held.remove(key);
        }
        return outcome;
    }

    /**
     * Forgets records whose renewal was not confirmed before their lease lapsed: the broker refused it or the lock ran
     * out first, and the consumer no longer holds them. Returns how many.
     */
    int dropLapsedRenewals() {
        int dropped = 0;
        for (Iterator<Held> it = held.values().iterator(); it.hasNext(); ) {
            Held h = it.next();
            if (h.renewing && !h.lease.held()) {
                it.remove();
                dropped++;
            }
        }
        return dropped;
    }
}
