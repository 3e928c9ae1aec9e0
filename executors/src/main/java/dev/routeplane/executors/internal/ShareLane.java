package dev.routeplane.executors.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.AcknowledgeType;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaShareConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One share consumer and the thread that owns it. In explicit acknowledgement mode Kafka refuses a new poll until
 * every record of the previous one is acknowledged (a renewed record would come back instead of new ones), so a lane
 * polls a batch, hands each record to the dispatcher, and then only acknowledges: completions come back on a queue
 * from any thread and are acknowledged here (the consumer is not thread-safe) and committed asynchronously soon
 * after, so a crash later cannot undo them and the share partition can move its start offset past them. When the
 * batch is fully acknowledged the lane polls again, but only once the {@link Admission} says the tasks already taken
 * will start soon: records taken earlier would only wait for a rate permit while holding locks. A worker runs several
 * lanes so that one slow record holds up only its own lane's batch, and the lanes together keep a steady stream of
 * up to {@code maxInFlight} tasks going.
 *
 * <p>A task may run longer than the record lock (a long provider call). Halfway through a lease the lane renews the
 * lock of every record it still holds ({@code AcknowledgeType.RENEW}, KIP-1222, allowed by the group config
 * {@code share.renew.acknowledge.enable}): the consumer accepts a poll once every record is acknowledged, a RENEW
 * counts, and that poll brings no new records but hands the renewed ones back once the broker confirmed the renewal;
 * their leases then run from when the renewal was sent ({@link HeldRecords}). So a call runs once, up to its deadline.
 * An outcome that arrives while its record is being renewed is acknowledged when the record is back.
 */
public final class ShareLane implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(ShareLane.class);
    /**
     * Outcomes are published only this long before the lock lapses, leaving time for the produce and the ack; at most
     * a third of the lock, so that a short lock leaves most of it for the work.
     */
    private static final long LOCK_MARGIN_MS = 5_000;
    /**
     * Acknowledgements are committed at most this often per lane while its batch is still running. Each commit is a
     * request to the broker; with 40 lanes a 50 ms interval cost 800 requests a second. A crash inside the interval
     * only means a redelivery, which the done markers turn into an ACCEPT without a second call. The batch's last
     * acknowledgements ride on the next poll, or are committed at once if the admission holds that poll back.
     */
    private static final long COMMIT_EVERY_MS = 250;
    /** Records a lane expects from a poll however little its last one brought. */
    private static final int MIN_EXPECTED = 10;
    /** Longest a lane waits for its admission turn before it looks at its own state (stop, acks to commit) again. */
    private static final long ADMISSION_WAIT_MS = 500;

    /** Receives each delivered record; must not block. */
    public interface Dispatcher {
        void dispatch(ConsumerRecord<String, byte[]> record, ShareLane lane, Lease lease);
    }

    private record Ack(ConsumerRecord<String, byte[]> record, AcknowledgeType type) {}

    private final String name;
    private final Map<String, Object> props;
    private final String topic;
    private final Dispatcher dispatcher;
    private final Admission admission;
    private final Admission.Kind kind;
    private final int batchSize;
    private final Duration drainTimeout;
    private final Clock clock;
    private final LinkedBlockingQueue<Ack> acks = new LinkedBlockingQueue<>();
    /** Written and read by the lane thread only. */
    private final HeldRecords records = new HeldRecords();

    private volatile boolean running = true;
    private volatile boolean abandoned;
    private volatile boolean open;
    private volatile long lockMs;
    /** Records this lane holds, for other threads to read; written by the lane thread only. */
    private volatile int pending;

    /** {@code props} must set {@code max.poll.records} to {@code batchSize}; the admission is asked for that many. */
    public ShareLane(
            String name,
            Map<String, Object> props,
            String topic,
            Dispatcher dispatcher,
            Admission admission,
            Admission.Kind kind,
            int batchSize,
            long defaultLockMs,
            Duration drainTimeout,
            Clock clock) {
        this.name = name;
        this.props = props;
        this.topic = topic;
        this.dispatcher = dispatcher;
        this.admission = admission;
        this.kind = kind;
        this.batchSize = batchSize;
        this.lockMs = defaultLockMs;
        this.drainTimeout = drainTimeout;
        this.clock = clock;
    }

    /** Records this lane holds: delivered and not yet acknowledged. */
    public int held() {
        return pending;
    }

    /** Queues the acknowledgement of a record of this lane; callable from any thread. */
    public void acknowledge(ConsumerRecord<String, byte[]> record, AcknowledgeType type) {
        acks.add(new Ack(record, type));
    }

    /** Stops polling; {@code now} also stops acknowledging, leaving unfinished records to be redelivered. */
    public void stop(boolean now) {
        abandoned = abandoned || now;
        running = false;
    }

    @Override
    public void run() {
        try (KafkaShareConsumer<String, byte[]> consumer =
                new KafkaShareConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topic));
            open = true;
            long lastCommit = 0;
            int uncommitted = 0;
            int expect = batchSize;
            long heldBackSince = 0;
            while (running) {
                if (records.isEmpty()) {
                    // A poll would carry the batch's last acknowledgements; if the admission holds it back, they
                    // are committed at once instead of waiting for it.
                    if (!admission.claim(kind, batchSize, expect, uncommitted > 0 ? 0 : ADMISSION_WAIT_MS)) {
                        if (heldBackSince == 0) {
                            heldBackSince = System.nanoTime();
                        } else if (System.nanoTime() - heldBackSince > TimeUnit.SECONDS.toNanos(10)) {
                            LOG.debug(
                                    "share lane {} held back for 10 s: {}", name, admission.describe(kind, batchSize));
                            heldBackSince = System.nanoTime();
                        }
                        if (uncommitted > 0) {
                            consumer.commitAsync();
                            uncommitted = 0;
                        }
                        continue;
                    }
                    heldBackSince = 0;
                    int got = 0;
                    try {
                        ConsumerRecords<String, byte[]> polled = consumer.poll(Duration.ofMillis(100));
                        got = polled.count();
                        uncommitted = 0; // the poll carried them
                        take(consumer, polled, false);
                    } finally {
                        admission.settle(kind, batchSize, expect);
                    }
                    // What this poll brought is what the next one likely brings; a little is always expected so
                    // that lanes on drained partitions cannot all poll at once when work arrives again.
                    expect = Math.min(batchSize, Math.max(MIN_EXPECTED, got));
                    continue;
                }
                Ack first = acks.poll(20, TimeUnit.MILLISECONDS);
                if (first != null) {
                    uncommitted += apply(consumer, first) + drainAcks(consumer);
                }
                if (renew(consumer, false)) {
                    uncommitted = 0; // the poll carried them
                } else if (uncommitted > 0 && !records.isEmpty() && clock.millis() - lastCommit >= COMMIT_EVERY_MS) {
                    consumer.commitAsync();
                    uncommitted = 0;
                    lastCommit = clock.millis();
                }
            }
            if (!abandoned) {
                finishBatch(consumer);
            }
            open = false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.error("share lane {} on {} stopped; its unacknowledged records will be redelivered", name, topic, e);
        } finally {
            open = false;
        }
    }

    /**
     * Renews the locks of the records still held once one of them is due, and takes renewed records back: every record
     * in flight is acknowledged with RENEW (a poll needs them all acknowledged), then a poll sends the renewals and
     * hands back those the broker confirmed. Returns whether it polled.
     */
    private boolean renew(KafkaShareConsumer<String, byte[]> consumer, boolean stopping) {
        int lost = records.dropLapsedRenewals();
        if (lost > 0) {
            LOG.warn(
                    "share lane {}: {} record lock renewals not confirmed in time; they will be redelivered",
                    name,
                    lost);
            pending = records.size();
        }
        Instant now = clock.instant();
        if (!records.renewalDue(now) && !records.allRenewing()) {
            return false;
        }
        for (ConsumerRecord<String, byte[]> r : records.startRenewal(now)) {
            consumer.acknowledge(r, AcknowledgeType.RENEW);
        }
        take(consumer, consumer.poll(Duration.ofMillis(100)), stopping);
        return true;
    }

    /**
     * Takes what a poll handed over: renewed records back into flight (acknowledged at once if their outcome came
     * meanwhile), new records to the dispatcher, or, when the lane is stopping, back to the queue.
     */
    private void take(
            KafkaShareConsumer<String, byte[]> consumer, ConsumerRecords<String, byte[]> polled, boolean stopping) {
        lockMs = consumer.acquisitionLockTimeoutMs().map(Integer::longValue).orElse(lockMs);
        Instant acquired = clock.instant();
        for (ConsumerRecord<String, byte[]> record : polled) {
            if (records.contains(record)) {
                AcknowledgeType outcome = records.renewed(record);
                if (outcome != null) {
                    consumer.acknowledge(record, outcome);
                }
            } else if (stopping) {
                consumer.acknowledge(record, AcknowledgeType.RELEASE);
            } else {
                Lease lease = lease(acquired);
                records.add(record, lease);
                dispatcher.dispatch(record, this, lease);
            }
        }
        pending = records.size();
    }

    private void finishBatch(KafkaShareConsumer<String, byte[]> consumer) throws InterruptedException {
        Instant end = clock.instant().plus(drainTimeout);
        while (!records.isEmpty() && !abandoned && clock.instant().isBefore(end)) {
            Ack ack = acks.poll(20, TimeUnit.MILLISECONDS);
            if (ack != null) {
                apply(consumer, ack);
                drainAcks(consumer);
            }
            renew(consumer, true);
        }
        consumer.commitSync(Duration.ofSeconds(10));
    }

    private int drainAcks(KafkaShareConsumer<String, byte[]> consumer) {
        int n = 0;
        for (Ack ack = acks.poll(); ack != null; ack = acks.poll()) {
            n += apply(consumer, ack);
        }
        return n;
    }

    private int apply(KafkaShareConsumer<String, byte[]> consumer, Ack ack) {
        if (abandoned) {
            return 0;
        }
        HeldRecords.Held done = records.finish(ack.record(), ack.type());
        pending = records.size();
        if (done == null) {
            return 0; // being renewed: acknowledged when it is back; or its renewal was lost: redelivered
        }
        consumer.acknowledge(done.record(), ack.type());
        return 1;
    }

    private Lease lease(Instant acquired) {
        long margin = Math.min(LOCK_MARGIN_MS, lockMs / 3);
        return new Lease(
                clock, acquired, Duration.ofMillis(Math.max(0, lockMs - margin)), true, () -> open && !abandoned);
    }
}
