package dev.routeplane.executors.internal;

import dev.routeplane.schemas.Topics;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which requests already have their terminal result: the guard that keeps a redelivered task from producing a
 * second one. Every terminal result is followed by a marker on the compacted topic {@code <prefix>.exec-done.v1}
 * (key {@code tenantId/requestId}); this class tails that topic from {@code now - lookback} into memory and also
 * records this worker's own markers the moment they are durable (read-your-writes).
 *
 * <p><b>Limits, honestly:</b> the check is exact for a redelivery that arrives after the marker was written and
 * read, which is the crash case (a record comes back only after its lock expired or its consumer died, seconds
 * later). It cannot stop two deliveries racing when a result was produced but its marker not yet durable and the
 * worker died in between (a window of one produce round-trip), and it forgets requests older than the lookback.
 * Consumers of {@code rp.results.v1} should therefore still treat requestId as an idempotency key.
 * Thread-safe; one tail thread per instance.
 */
public final class DoneMarkers implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DoneMarkers.class);

    private static final Duration STARTUP_PATIENCE = Duration.ofMinutes(5);

    private final KafkaConsumer<String, String> consumer;
    private final Map<String, Long> done = new ConcurrentHashMap<>();
    private final Clock clock;
    private final Duration lookback;
    private final Thread tail;
    private volatile boolean running = true;

    private DoneMarkers(Map<String, Object> kafka, Topics topics, Clock clock, Duration lookback) {
        Map<String, Object> props = new HashMap<>(kafka);
        props.put("enable.auto.commit", false);
        props.put("auto.offset.reset", "earliest");
        props.put("allow.auto.create.topics", false);
        this.consumer = new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer());
        this.clock = clock;
        this.lookback = lookback;
        String topic = topicName(topics);
        List<TopicPartition> partitions = partitions(consumer, topic);
        consumer.assign(partitions);
        long from = clock.millis() - lookback.toMillis();
        Map<TopicPartition, Long> query = new HashMap<>();
        partitions.forEach(p -> query.put(p, from));
        Map<TopicPartition, Long> ends =
                patiently(topic, () -> consumer.endOffsets(partitions, Duration.ofSeconds(30)));
        Map<TopicPartition, OffsetAndTimestamp> starts =
                patiently(topic, () -> consumer.offsetsForTimes(query, Duration.ofSeconds(30)));
        for (TopicPartition p : partitions) {
            OffsetAndTimestamp start = starts.get(p);
            consumer.seek(p, start == null ? ends.get(p) : start.offset());
        }
        // Catch up before the worker takes tasks, so a redelivery right after a restart sees earlier results.
        while (partitions.stream().anyMatch(p -> consumer.position(p) < ends.get(p))) {
            absorb(consumer.poll(Duration.ofMillis(200)));
        }
        this.tail = new Thread(this::run, "done-markers-" + topic);
        tail.setDaemon(true);
        tail.start();
    }

    /**
     * Asks the broker again while it times out, for up to {@link #STARTUP_PATIENCE}: a broker that is slow to answer
     * (restarting, or starved of CPU) must not end the executor process at startup.
     */
    private <T> T patiently(String topic, Supplier<T> lookup) {
        long end = System.nanoTime() + STARTUP_PATIENCE.toNanos();
        while (true) {
            try {
                return lookup.get();
            } catch (TimeoutException e) {
                if (System.nanoTime() > end) {
                    consumer.close();
                    throw e;
                }
                LOG.warn("Looking up the start of {} timed out ({}); asking again", topic, e.getMessage());
            }
        }
    }

    /** A just-created topic may take a moment to show up in metadata; wait for it rather than assign nothing. */
    static List<TopicPartition> partitions(KafkaConsumer<?, ?> consumer, String topic) {
        long end = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (true) {
            List<TopicPartition> partitions = new ArrayList<>();
            consumer.partitionsFor(topic, Duration.ofSeconds(10))
                    .forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
            if (!partitions.isEmpty()) {
                return partitions;
            }
            if (System.nanoTime() > end) {
                consumer.close();
                throw new IllegalStateException("topic " + topic + " has no partitions in metadata after 30 s");
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted waiting for " + topic, e);
            }
        }
    }

    /** Starts tailing; returns once caught up with the topic's end. */
    public static DoneMarkers start(Map<String, Object> kafka, Topics topics, Clock clock, Duration lookback) {
        return new DoneMarkers(kafka, topics, clock, lookback);
    }

    /** {@code <prefix>.exec-done.v1}. */
    public static String topicName(Topics topics) {
        return topics.prefix() + ".exec-done.v1";
    }

    /** The marker key of a request. */
    public static String key(String tenantId, String requestId) {
        return tenantId + "/" + requestId;
    }

    /** Whether the request's terminal result is known to be written. */
    public boolean isDone(String tenantId, String requestId) {
        return done.containsKey(key(tenantId, requestId));
    }

    /** Records a marker this worker just wrote (read-your-writes, before the tail sees it). */
    public void markDone(String tenantId, String requestId) {
        done.put(key(tenantId, requestId), clock.millis());
    }

    private void run() {
        long lastEviction = clock.millis();
        try {
            while (running) {
                absorb(consumer.poll(Duration.ofMillis(200)));
                if (clock.millis() - lastEviction > 60_000) {
                    long cutoff = clock.millis() - lookback.toMillis();
                    done.values().removeIf(at -> at < cutoff);
                    lastEviction = clock.millis();
                }
            }
        } catch (WakeupException stopping) {
            // close() woke us
        } catch (RuntimeException e) {
            LOG.error("done-marker tail stopped; redelivered tasks are no longer checked against earlier results", e);
        } finally {
            consumer.close();
        }
    }

    private void absorb(Iterable<ConsumerRecord<String, String>> records) {
        for (ConsumerRecord<String, String> r : records) {
            if (r.key() != null) {
                done.put(r.key(), r.timestamp());
            }
        }
    }

    @Override
    public void close() {
        running = false;
        TailThreads.stop(consumer, tail, Duration.ofSeconds(5));
    }
}
