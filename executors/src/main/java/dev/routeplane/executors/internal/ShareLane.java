package dev.routeplane.executors.internal;

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
 * every record of the previous one is acknowledged, so a lane polls a batch, hands each record to the dispatcher,
 * and then only acknowledges: completions come back on a queue from any thread and are acknowledged here (the
 * consumer is not thread-safe) and committed asynchronously straight away, so a crash later cannot undo them.
 * When the batch is fully acknowledged it polls again. A worker runs several lanes so that one slow record holds
 * up only its own lane's batch, and the lanes together keep up to {@code maxInFlight} calls going.
 */
public final class ShareLane implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(ShareLane.class);
    /** Outcomes are published only this long before the lock lapses, leaving time for the produce and the ack. */
    private static final long LOCK_MARGIN_MS = 5_000;
    /**
     * Acknowledgements are committed at most this often per lane. Each commit is a request to the broker; with 40
     * lanes a 50 ms interval cost 800 requests a second. A crash inside the interval only means a redelivery, which
     * the done markers turn into an ACCEPT without a second call.
     */
    private static final long COMMIT_EVERY_MS = 500;

    /** Receives each delivered record; must not block. */
    public interface Dispatcher {
        void dispatch(ConsumerRecord<String, byte[]> record, ShareLane lane, Lease lease);
    }

    private record Ack(ConsumerRecord<String, byte[]> record, AcknowledgeType type) {
    }

    private final String name;
    private final Map<String, Object> props;
    private final String topic;
    private final Dispatcher dispatcher;
    private final Duration drainTimeout;
    private final LinkedBlockingQueue<Ack> acks = new LinkedBlockingQueue<>();
    private volatile boolean running = true;
    private volatile boolean abandoned;
    private volatile boolean open;
    private volatile long lockMs;
    /** Records polled and not yet acknowledged; written by the lane thread only. */
    private volatile int pending;

    public ShareLane(String name, Map<String, Object> props, String topic, Dispatcher dispatcher, long defaultLockMs,
                     Duration drainTimeout) {
        this.name = name;
        this.props = props;
        this.topic = topic;
        this.dispatcher = dispatcher;
        this.lockMs = defaultLockMs;
        this.drainTimeout = drainTimeout;
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
        try (KafkaShareConsumer<String, byte[]> consumer = new KafkaShareConsumer<>(props, new StringDeserializer(),
                new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topic));
            open = true;
            long lastCommit = 0;
            while (running) {
                if (pending == 0) {
                    ConsumerRecords<String, byte[]> records = consumer.poll(Duration.ofMillis(100));
                    lockMs = consumer.acquisitionLockTimeoutMs().map(Integer::longValue).orElse(lockMs);
                    long acquired = System.nanoTime();
                    for (ConsumerRecord<String, byte[]> record : records) {
                        pending++;
                        dispatcher.dispatch(record, this, lease(acquired));
                    }
                    continue;
                }
                Ack first = acks.poll(20, TimeUnit.MILLISECONDS);
                if (first != null && apply(consumer, first) + drainAcks(consumer) > 0
                        && System.currentTimeMillis() - lastCommit >= COMMIT_EVERY_MS) {
                    consumer.commitAsync();
                    lastCommit = System.currentTimeMillis();
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

    private void finishBatch(KafkaShareConsumer<String, byte[]> consumer) throws InterruptedException {
        long end = System.nanoTime() + drainTimeout.toNanos();
        while (pending > 0 && !abandoned && System.nanoTime() < end) {
            Ack ack = acks.poll(20, TimeUnit.MILLISECONDS);
            if (ack != null) {
                apply(consumer, ack);
                drainAcks(consumer);
            }
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
        consumer.acknowledge(ack.record(), ack.type());
        pending--;
        return 1;
    }

    private Lease lease(long acquiredNanos) {
        long validNanos = TimeUnit.MILLISECONDS.toNanos(Math.max(0, lockMs - LOCK_MARGIN_MS));
        return new Lease() {
            @Override
            public boolean held() {
                return open && !abandoned && System.nanoTime() - acquiredNanos < validNanos;
            }

            @Override
            public Instant expiresAt() {
                long leftNanos = validNanos - (System.nanoTime() - acquiredNanos);
                return Instant.now().plusNanos(Math.max(0, leftNanos));
            }
        };
    }
}
