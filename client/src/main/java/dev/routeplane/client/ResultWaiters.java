package dev.routeplane.client;

import dev.routeplane.contract.ExecutionResult;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Callers waiting for the terminal result of a request: {@link #await} registers a future, {@link #complete} settles
 * every future of the result's (tenant, request). A waiter that times out is forgotten, so waiters are bounded by
 * their timeouts. Request ids are unique per tenant only, hence the pair as the key.
 *
 * <p>Thread-safe. Futures complete on the thread calling {@link #complete} (or a timer thread on timeout): callers
 * doing slow work move it elsewhere ({@code whenCompleteAsync}).
 */
public final class ResultWaiters {
    private record Key(String tenantId, String requestId) {}

    private final Map<Key, List<CompletableFuture<ExecutionResult>>> waiting = new HashMap<>();

    /**
     * A future completed with the request's result when {@link #complete} is called with it, or exceptionally with
     * {@link java.util.concurrent.TimeoutException} after {@code timeout}.
     */
    public CompletableFuture<ExecutionResult> await(String tenantId, String requestId, Duration timeout) {
        Key key = new Key(tenantId, requestId);
        CompletableFuture<ExecutionResult> future = new CompletableFuture<>();
        synchronized (this) {
            waiting.computeIfAbsent(key, k -> new ArrayList<>()).add(future);
        }
        future.whenComplete((result, error) -> {
            if (error != null) {
                forget(key, future);
            }
        });
        return future.orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Completes every waiter of the result's request; returns how many there were. */
    public int complete(ExecutionResult result) {
        List<CompletableFuture<ExecutionResult>> done = take(result.getTenantId(), result.getRequestId());
        done.forEach(future -> future.complete(result));
        return done.size();
    }

    /**
     * Removes and returns the waiters of a request, for a caller that completes them itself (outside its own lock,
     * since completing runs their callbacks).
     */
    public synchronized List<CompletableFuture<ExecutionResult>> take(String tenantId, String requestId) {
        List<CompletableFuture<ExecutionResult>> done = waiting.remove(new Key(tenantId, requestId));
        return done == null ? List.of() : done;
    }

    /** Waiters not yet completed. */
    public synchronized int waiting() {
        return waiting.values().stream().mapToInt(List::size).sum();
    }

    private synchronized void forget(Key key, CompletableFuture<ExecutionResult> future) {
        List<CompletableFuture<ExecutionResult>> list = waiting.get(key);
        if (list != null && list.remove(future) && list.isEmpty()) {
            waiting.remove(key);
        }
    }
}
