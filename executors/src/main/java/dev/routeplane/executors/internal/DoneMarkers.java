package dev.routeplane.executors.internal;

import dev.routeplane.schemas.Topics;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
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
 * Which requests already have their terminal result, and which delivery owns the writing of it: the guard that keeps
 * a redelivered task from producing a second one. On the compacted topic {@code <prefix>.exec-done.v1} (key
 * {@code tenantId/requestId}, so every record of one request lands in one partition, in one order) a delivery about to
 * write a terminal result first writes a <em>claim</em> ({@code CLAIM <owner>}); once the result is durable it writes
 * the result's status (the done marker). The first claim of a request in the log owns its terminal result: every
 * reader of the partition sees the same first claim, so two deliveries racing (one whose writes waited out a broker
 * restart, the other a redelivery of the same record) agree on one writer ({@link TerminalWriter}). A later claim
 * naming the current owner ({@code CLAIM <owner> <previous>}) takes over an owner that never confirmed (a delivery
 * killed between its claim and its result); the first such takeover wins.
 *
 * <p>This class tails that topic from {@code now - lookback} into memory, records this worker's own done markers the
 * moment they are durable (read-your-writes), and tells when it has read past a given offset.
 *
 * <p><b>Limits, honestly:</b> it forgets requests older than the lookback; and a takeover is a judgement (the owner's
 * claim is older than the takeover age, or the task reached its delivery limit): an owner that is alive but whose
 * result write stays pending longer than that still writes its result after the taker's. Thread-safe; one tail
 * thread per instance.
 */
public final class DoneMarkers implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DoneMarkers.class);

    private static final Duration STARTUP_PATIENCE = Duration.ofMinutes(5);
    /** How finely the done requests are grouped by time, and so how exactly the lookback is kept. */
    private static final Duration GENERATION = Duration.ofMinutes(1);

    private final KafkaConsumer<String, String> consumer;
    private static final String CLAIM = "CLAIM ";

    /** What the markers say about one request: who owns its terminal result (null if unknown) and whether it is done. */
    record Marker(String owner, long since, boolean done) {}

    private record Waiter(int partition, long offset, CompletableFuture<Void> read) {}

    /** Requests claimed and not yet done: the few in flight. */
    private final Map<String, Marker> claims = new ConcurrentHashMap<>();
    /** Requests done: every request of the lookback, so kept compactly. */
    private final DoneSet done = new DoneSet(GENERATION.toMillis());
    /** Partition to the next offset the tail reads: everything before it is absorbed. */
    private final Map<Integer, Long> readUpTo = new ConcurrentHashMap<>();

    private final Queue<Waiter> waiters = new ConcurrentLinkedQueue<>();
    private final Clock clock;
    private final Duration lookback;
    private final Thread tail;
    private final List<TopicPartition> partitions;
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
        this.partitions = partitions;
        advance();
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

    /** A claim's value: {@code owner} claims the request's terminal result, taking it over from {@code previous}. */
    public static String claim(String owner, String previous) {
        return previous == null ? CLAIM + owner : CLAIM + owner + " " + previous;
    }

    /** Whether the request's terminal result is known to be written. */
    public boolean isDone(String tenantId, String requestId) {
        return done.contains(key(tenantId, requestId));
    }

    /**
     * The delivery that owns the request's terminal result (its first claim, or the first takeover), or null; null
     * too once the request is done (callers ask {@link #isDone} first: a done request's owner no longer matters).
     */
    public String owner(String tenantId, String requestId) {
        Marker m = claims.get(key(tenantId, requestId));
        return m == null ? null : m.owner();
    }

    /** When the owner's claim was written (epoch ms), or -1 if there is none (or the request is done). */
    public long claimedAt(String tenantId, String requestId) {
        Marker m = claims.get(key(tenantId, requestId));
        return m == null || m.owner() == null ? -1 : m.since();
    }

    /** Records a done marker this worker just wrote (read-your-writes, before the tail sees it). */
    public void markDone(String tenantId, String requestId) {
        String key = key(tenantId, requestId);
        done.add(key, clock.millis());
        claims.remove(key);
    }

    /**
     * Completes once the tail has read {@code offset} of {@code partition} (so what it says about a key reflects every
     * record up to that one). Never completes if the tail has stopped; callers bound the wait.
     */
    public CompletableFuture<Void> awaitRead(int partition, long offset) {
        CompletableFuture<Void> read = new CompletableFuture<>();
        waiters.add(new Waiter(partition, offset, read));
        releaseWaiters();
        return read;
    }

    private void run() {
        long lastEviction = clock.millis();
        try {
            while (running) {
                absorb(consumer.poll(Duration.ofMillis(200)));
                advance();
                if (clock.millis() - lastEviction > 60_000) {
                    long cutoff = clock.millis() - lookback.toMillis();
                    claims.values().removeIf(m -> m.since() < cutoff);
                    done.forgetBefore(cutoff);
                    lastEviction = clock.millis();
                }
            }
        } catch (WakeupException stopping) {
            // close() woke us
        } catch (RuntimeException e) {
            LOG.error(
                    "done-marker tail stopped; claims are no longer read back, so no result is written (health: DOWN)",
                    e);
        } finally {
            // The thread ends here: an interrupt that stopped it must not also fail the consumer's close.
            Thread.interrupted();
            consumer.close();
        }
    }

    private void absorb(Iterable<ConsumerRecord<String, String>> records) {
        for (ConsumerRecord<String, String> r : records) {
            if (r.key() != null && r.value() != null && !done.contains(r.key())) {
                // Done is final (next() keeps it whatever follows), so a done request leaves the claims for good.
                Marker m = next(claims.get(r.key()), r.value(), r.timestamp());
                if (m.done()) {
                    done.add(r.key(), r.timestamp());
                    claims.remove(r.key());
                } else {
                    claims.put(r.key(), m);
                }
            }
        }
    }

    /** The marker after one more record of its key: the rules every reader applies in log order. */
    static Marker next(Marker old, String value, long at) {
        if (!value.startsWith(CLAIM)) {
            return new Marker(old == null ? null : old.owner(), old == null ? at : old.since(), true);
        }
        String[] claim = value.substring(CLAIM.length()).split(" ", 2);
        if (old == null) {
            return new Marker(claim[0], at, false);
        }
        boolean takesOver = claim.length == 2 && !old.done() && claim[1].equals(old.owner());
        return takesOver ? new Marker(claim[0], at, false) : old;
    }

    /** Notes how far the tail has read (tail thread only) and completes the waits that ends. */
    private void advance() {
        for (TopicPartition p : partitions) {
            readUpTo.put(p.partition(), consumer.position(p));
        }
        releaseWaiters();
    }

    private void releaseWaiters() {
        for (Waiter w : waiters) {
            if (readUpTo.getOrDefault(w.partition(), -1L) > w.offset() && waiters.remove(w)) {
                w.read().complete(null);
            }
        }
    }

    /**
     * Whether the tail still reads: false once it stopped on an error (or was closed). A worker whose tail stopped
     * cannot read its claims back, so it writes no more results; its health says so.
     */
    public boolean reading() {
        return tail.isAlive();
    }

    @Override
    public void close() {
        running = false;
        TailThreads.stop(consumer, tail, Duration.ofSeconds(5));
    }
}
