package dev.routeplane.api.internal;

import dev.routeplane.contract.ExecutionResult;
import dev.routeplane.contract.RejectedRequest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The in-memory state behind {@code ResultIndex}, free of Kafka so it can be tested alone: per (tenant,
 * request) the latest terminal result, the latest rejection record, or the fact that this API submitted it,
 * plus waiters and listeners.
 *
 * <p>Bounded: at most {@code maxEntries} entries, and entries older than {@code maxAge} (by completion or
 * submission time) are dropped, oldest first in arrival order. Waiters are bounded by their timeouts.
 * Thread-safe; futures and listeners are run outside the lock, on the recording thread.
 */
public final class ResultStore {
    private static final Logger LOG = LoggerFactory.getLogger(ResultStore.class);

    /** A request's identity: request ids are unique per tenant only. */
    public record Key(String tenantId, String requestId) {}

    /** What is known of one request; {@code result} null means still pending. */
    public record Entry(Instant submittedAt, ExecutionResult result, RejectedRequest rejection, Instant at) {}

    private final int maxEntries;
    private final Duration maxAge;
    private final Clock clock;
    private final LinkedHashMap<Key, Entry> entries = new LinkedHashMap<>();
    private final Map<Key, List<CompletableFuture<ExecutionResult>>> waiters = new HashMap<>();
    private final List<Consumer<ExecutionResult>> listeners = new CopyOnWriteArrayList<>();

    public ResultStore(int maxEntries, Duration maxAge, Clock clock) {
        if (maxEntries < 1) {
            throw new IllegalArgumentException("maxEntries must be at least 1, got " + maxEntries);
        }
        this.maxEntries = maxEntries;
        this.maxAge = maxAge;
        this.clock = clock;
    }

    /** Records that this API submitted the request, so a lookup says "pending" rather than "unknown". */
    public synchronized void markSubmitted(String tenantId, String requestId) {
        Key key = new Key(tenantId, requestId);
        Entry old = entries.get(key);
        if (old == null) {
            Instant now = clock.instant();
            put(key, new Entry(now, null, null, now));
        }
    }

    /** Indexes a terminal result (the latest one wins), completes its waiters and tells the listeners. */
    public void record(ExecutionResult result) {
        Key key = new Key(result.getTenantId(), result.getRequestId());
        List<CompletableFuture<ExecutionResult>> done;
        synchronized (this) {
            Entry old = entries.remove(key);
            Instant at = result.getCompletedAt();
            put(
                    key,
                    new Entry(
                            old == null ? null : old.submittedAt(), result, old == null ? null : old.rejection(), at));
            done = waiters.remove(key);
        }
        if (done != null) {
            done.forEach(future -> future.complete(result));
        }
        for (Consumer<ExecutionResult> listener : listeners) {
            try {
                listener.accept(result);
            } catch (RuntimeException e) {
                LOG.error(
                        "Result listener failed on request {} of tenant {}: {}",
                        result.getRequestId(),
                        result.getTenantId(),
                        e.toString());
            }
        }
    }

    /**
     * Remembers a rejection record. It never completes a waiter: every refusal that has a tenant and request
     * id also gets a REJECTED result on the results topic, except a duplicate, whose original result is the
     * answer.
     */
    public synchronized void recordRejection(RejectedRequest rejected) {
        if (rejected.getTenantId() == null || rejected.getRequestId() == null) {
            return; // undecodable input: nobody can ask for it by id
        }
        Key key = new Key(rejected.getTenantId(), rejected.getRequestId());
        Entry old = entries.remove(key);
        put(
                key,
                old == null
                        ? new Entry(null, null, rejected, rejected.getRejectedAt())
                        : new Entry(old.submittedAt(), old.result(), rejected, old.at()));
    }

    public synchronized Optional<Entry> lookup(String tenantId, String requestId) {
        return Optional.ofNullable(entries.get(new Key(tenantId, requestId)));
    }

    /** The latest result, if indexed. */
    public Optional<ExecutionResult> result(String tenantId, String requestId) {
        return lookup(tenantId, requestId).map(Entry::result);
    }

    /**
     * Completes with the request's result: at once if it is indexed, else when it arrives; exceptionally with
     * {@link java.util.concurrent.TimeoutException} after {@code timeout}.
     */
    public CompletableFuture<ExecutionResult> await(String tenantId, String requestId, Duration timeout) {
        Key key = new Key(tenantId, requestId);
        CompletableFuture<ExecutionResult> future = new CompletableFuture<>();
        synchronized (this) {
            Entry entry = entries.get(key);
            if (entry != null && entry.result() != null) {
                return CompletableFuture.completedFuture(entry.result());
            }
            waiters.computeIfAbsent(key, k -> new ArrayList<>()).add(future);
        }
        future.whenComplete((result, error) -> {
            if (error != null) {
                forget(key, future);
            }
        });
        return future.orTimeout(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
    }

    private synchronized void forget(Key key, CompletableFuture<ExecutionResult> future) {
        List<CompletableFuture<ExecutionResult>> list = waiters.get(key);
        if (list != null && list.remove(future) && list.isEmpty()) {
            waiters.remove(key);
        }
    }

    /** Waiters not yet completed, for tests and metrics. */
    public synchronized int waiting() {
        return waiters.values().stream().mapToInt(List::size).sum();
    }

    public synchronized int size() {
        return entries.size();
    }

    /**
     * Adds a listener for every result recorded from now on; if {@code replay}, it first gets the results
     * currently indexed (so a listener added after the consumer started misses only what was evicted).
     */
    public void addListener(Consumer<ExecutionResult> listener, boolean replay) {
        List<ExecutionResult> snapshot = new ArrayList<>();
        synchronized (this) {
            if (replay) {
                entries.values().stream()
                        .map(Entry::result)
                        .filter(r -> r != null)
                        .forEach(snapshot::add);
            }
            listeners.add(listener);
        }
        snapshot.forEach(listener);
    }

    private void put(Key key, Entry entry) {
        entries.put(key, entry);
        Instant oldest = maxAge == null ? null : clock.instant().minus(maxAge);
        for (Iterator<Entry> it = entries.values().iterator(); it.hasNext(); ) {
            Entry head = it.next();
            boolean expired = oldest != null && head.at() != null && head.at().isBefore(oldest);
            if (entries.size() <= maxEntries && !expired) {
                break;
            }
            it.remove();
        }
    }
}
