package dev.routeplane.api.internal;

import dev.routeplane.client.ResultWaiters;
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
 * The in-memory state behind {@code ResultIndex}, free of Kafka so it can be tested alone: per (tenant, request) the
 * latest terminal result, the latest rejection record, or the fact that this API submitted it, plus waiters and
 * listeners. What {@code GET /v1/requests/{id}} and a waiting chat completion read.
 *
 * <p>Bounded per tenant: at most {@code maxPerTenant} entries of each tenant, and entries older than {@code maxAge}
 * (by completion or submission time) are dropped, oldest first in arrival order, so one tenant's traffic never evicts
 * another tenant's results. Results of batch requests (a {@code batchId} is set) are not kept here at all: listeners
 * get them (a batch spools its own results to disk) and nobody looks them up by id, so a 50,000-request batch costs
 * this store nothing. Waiters are bounded by their timeouts.
 *
 * <p>Thread-safe; futures and listeners are run outside the lock, on the recording thread.
 */
public final class ResultStore {
    private static final Logger LOG = LoggerFactory.getLogger(ResultStore.class);

    /** What is known of one request; {@code result} null means still pending. */
    public record Entry(Instant submittedAt, ExecutionResult result, RejectedRequest rejection, Instant at) {}

    private final int maxPerTenant;
    private final Duration maxAge;
    private final Clock clock;
    private final Map<String, LinkedHashMap<String, Entry>> tenants = new HashMap<>();
    private final ResultWaiters waiters = new ResultWaiters();
    private final List<Consumer<ExecutionResult>> listeners = new CopyOnWriteArrayList<>();
    private int size;

    public ResultStore(int maxPerTenant, Duration maxAge, Clock clock) {
        if (maxPerTenant < 1) {
            throw new IllegalArgumentException("maxPerTenant must be at least 1, got " + maxPerTenant);
        }
        this.maxPerTenant = maxPerTenant;
        this.maxAge = maxAge;
        this.clock = clock;
    }

    /** Records that this API submitted the request, so a lookup says "pending" rather than "unknown". */
    public synchronized void markSubmitted(String tenantId, String requestId) {
        if (entries(tenantId).get(requestId) == null) {
            Instant now = clock.instant();
            put(tenantId, requestId, new Entry(now, null, null, now));
        }
    }

    /** Indexes a terminal result (the latest one wins), completes its waiters and tells the listeners. */
    public void record(ExecutionResult result) {
        String tenantId = result.getTenantId();
        String requestId = result.getRequestId();
        List<CompletableFuture<ExecutionResult>> done;
        synchronized (this) {
            // Settled under the lock, so an await() either sees the entry or registers in time to be completed.
            if (result.getBatchId() == null) {
                Entry old = remove(tenantId, requestId);
                put(
                        tenantId,
                        requestId,
                        new Entry(
                                old == null ? null : old.submittedAt(),
                                result,
                                old == null ? null : old.rejection(),
                                result.getCompletedAt()));
            }
            done = waiters.take(tenantId, requestId);
        }
        done.forEach(future -> future.complete(result));
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
     * Remembers a rejection record. It never completes a waiter: every refusal that has a tenant and request id also
     * gets a REJECTED result on the results topic, except a duplicate, whose original result is the answer.
     */
    public synchronized void recordRejection(RejectedRequest rejected) {
        if (rejected.getTenantId() == null || rejected.getRequestId() == null) {
            return; // undecodable input: nobody can ask for it by id
        }
        Entry old = remove(rejected.getTenantId(), rejected.getRequestId());
        put(
                rejected.getTenantId(),
                rejected.getRequestId(),
                old == null
                        ? new Entry(null, null, rejected, rejected.getRejectedAt())
                        : new Entry(old.submittedAt(), old.result(), rejected, old.at()));
    }

    public synchronized Optional<Entry> lookup(String tenantId, String requestId) {
        LinkedHashMap<String, Entry> entries = tenants.get(tenantId);
        return Optional.ofNullable(entries == null ? null : entries.get(requestId));
    }

    /** The latest result, if indexed. */
    public Optional<ExecutionResult> result(String tenantId, String requestId) {
        return lookup(tenantId, requestId).map(Entry::result);
    }

    /**
     * Completes with the request's result: at once if it is indexed, else when it arrives; exceptionally with
     * {@link java.util.concurrent.TimeoutException} after {@code timeout}.
     */
    public synchronized CompletableFuture<ExecutionResult> await(String tenantId, String requestId, Duration timeout) {
        Optional<ExecutionResult> known = result(tenantId, requestId);
        return known.isPresent()
                ? CompletableFuture.completedFuture(known.get())
                : waiters.await(tenantId, requestId, timeout);
    }

    /** Waiters not yet completed, for tests and metrics. */
    public int waiting() {
        return waiters.waiting();
    }

    /** Entries kept, over all tenants. */
    public synchronized int size() {
        return size;
    }

    /**
     * Adds a listener for every result recorded from now on; if {@code replay}, it first gets the results currently
     * indexed (so a listener added after the consumer started misses only what was evicted).
     */
    public void addListener(Consumer<ExecutionResult> listener, boolean replay) {
        List<ExecutionResult> snapshot = new ArrayList<>();
        synchronized (this) {
            if (replay) {
                tenants.values()
                        .forEach(entries -> entries.values().stream()
                                .map(Entry::result)
                                .filter(r -> r != null)
                                .forEach(snapshot::add));
            }
            listeners.add(listener);
        }
        snapshot.forEach(listener);
    }

    private LinkedHashMap<String, Entry> entries(String tenantId) {
        return tenants.computeIfAbsent(tenantId, t -> new LinkedHashMap<>());
    }

    private Entry remove(String tenantId, String requestId) {
        LinkedHashMap<String, Entry> entries = tenants.get(tenantId);
        Entry old = entries == null ? null : entries.remove(requestId);
        size -= old == null ? 0 : 1;
        return old;
    }

    private void put(String tenantId, String requestId, Entry entry) {
        LinkedHashMap<String, Entry> entries = entries(tenantId);
        if (entries.put(requestId, entry) == null) {
            size++;
        }
        Instant oldest = maxAge == null ? null : clock.instant().minus(maxAge);
        for (Iterator<Entry> it = entries.values().iterator(); it.hasNext(); ) {
            Entry head = it.next();
            boolean expired = oldest != null && head.at() != null && head.at().isBefore(oldest);
            if (entries.size() <= maxPerTenant && !expired) {
                break;
            }
            it.remove();
            size--;
        }
    }
}
