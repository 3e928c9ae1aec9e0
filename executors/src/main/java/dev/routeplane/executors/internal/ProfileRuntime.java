package dev.routeplane.executors.internal;

import dev.routeplane.config.KeyProfile;
import dev.routeplane.executors.RateLimitSnapshot;
import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.retry.Retry;
import java.time.Instant;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;

/**
 * One key profile's live state: its Resilience4j instances (all named {@code <provider>/<profile>}), the latest
 * quota headers, recent latencies, and the calls waiting for a bulkhead slot. Waiting never blocks a thread: a call
 * that finds the bulkhead full parks a continuation here, run when a slot frees. Thread-safe.
 */
public final class ProfileRuntime {
    final String name;
    final KeyProfile profile;
    final RateLimiter requests;
    final RateLimiter tokens;
    final Bulkhead bulkhead;
    final CircuitBreaker breaker;
    final Retry retry;
    final LatencyWindow latency = new LatencyWindow(1024);
    private final Queue<Runnable> waiting = new ConcurrentLinkedQueue<>();
    private final Executor executor;
    private volatile RateLimitSnapshot snapshot;

    ProfileRuntime(
            String name,
            KeyProfile profile,
            RateLimiter requests,
            RateLimiter tokens,
            Bulkhead bulkhead,
            CircuitBreaker breaker,
            Retry retry,
            Executor executor,
            Instant now) {
        this.name = name;
        this.profile = profile;
        this.requests = requests;
        this.tokens = tokens;
        this.bulkhead = bulkhead;
        this.breaker = breaker;
        this.retry = retry;
        this.executor = executor;
        this.snapshot = RateLimitSnapshot.unknown(now);
    }

    /** {@code <provider>/<profile>}: the name of every Resilience4j instance of this profile. */
    public String name() {
        return name;
    }

    public String profileId() {
        return profile.id();
    }

    public CircuitBreaker breaker() {
        return breaker;
    }

    /** Calls holding a bulkhead slot now. */
    public int inFlight() {
        return bulkhead.getBulkheadConfig().getMaxConcurrentCalls()
                - bulkhead.getMetrics().getAvailableConcurrentCalls();
    }

    RateLimitSnapshot snapshot() {
        return snapshot;
    }

    void observe(RateLimitSnapshot s) {
        if (s != null) {
            snapshot = s;
        }
    }

    /** Runs {@code call} holding a bulkhead slot, now or as soon as one frees; the call must {@link #release()}. */
    void whenSlotFree(Runnable call) {
        waiting.add(call);
        drain();
    }

    /** Frees the slot of a finished call and hands it to the next waiting call. */
    void release() {
        bulkhead.onComplete();
        drain();
    }

    private void drain() {
        // Re-checked after every enqueue and every release, so a continuation queued just after the last release
        // still runs: whoever adds or frees last finds the other's work.
        while (!waiting.isEmpty() && bulkhead.tryAcquirePermission()) {
            Runnable next = waiting.poll();
            if (next == null) {
                bulkhead.onComplete();
                return;
            }
            executor.execute(next);
        }
    }
}
