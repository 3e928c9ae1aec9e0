package dev.routeplane.executors.internal;

import dev.routeplane.config.KeyProfile;
import dev.routeplane.config.LatencyClass;
import dev.routeplane.executors.RateLimitSnapshot;
import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.retry.Retry;
import java.time.Instant;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;

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
    /** Requests and tokens booked from this key's limiters over the last minute, for utilization figures. */
    final RollingMinute booked = new RollingMinute();
    /** Calls waiting for a slot: interactive and background work first, batch work after it. */
    private final Queue<Runnable> waiting = new ConcurrentLinkedQueue<>();

    private final Queue<Runnable> waitingBatch = new ConcurrentLinkedQueue<>();
    private final AtomicInteger queued = new AtomicInteger();
    private final Executor executor;
    private volatile RateLimitSnapshot snapshot;
    /** Recent means, for the admission's estimate of how soon a task would start (exponentially weighted). */
    private volatile double meanLatencyMs = 1_000;

    private volatile double meanTokens = 1_000;

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

    /** The key's configured limits (rpm, tpm, maxInFlight) as routeplane.yaml declares them. */
    public KeyProfile keyProfile() {
        return profile;
    }

    /** Requests and tokens this key booked from its limiters in the 60 seconds up to {@code nowMs}. */
    public RollingMinute.Usage bookedLastMinute(long nowMs) {
        return booked.usage(nowMs);
    }

    /** Requests this key booked from its limiter since the worker started. */
    public long bookedRequests() {
        return booked.totalRequests();
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

    /** Whether calls of this class may use this key ({@code latencyClasses} in routeplane.yaml). */
    public boolean serves(LatencyClass latencyClass) {
        return profile.serves(latencyClass);
    }

    /** Whether a call of {@code callTokens} finds its request and token permits in the limiters' current periods. */
    boolean startsNow(int callTokens) {
        return requests.getMetrics().getAvailablePermissions() >= 1
                && tokens.getMetrics().getAvailablePermissions() >= callTokens;
    }

    /** Calls waiting for a bulkhead slot now. */
    public int waitingForSlot() {
        return queued.get();
    }

    /** The most calls this key may have in flight. */
    int maxInFlight() {
        return bulkhead.getBulkheadConfig().getMaxConcurrentCalls();
    }

    /** Records a finished call's latency. */
    void recordLatency(long millis) {
        latency.record(millis);
        meanLatencyMs = meanLatencyMs * 0.95 + millis * 0.05;
    }

    /** Records the tokens a call booked from the token limiter. */
    void recordTokens(int tokens) {
        meanTokens = meanTokens * 0.95 + tokens * 0.05;
    }

    double meanLatencyMs() {
        return meanLatencyMs;
    }

    double meanTokens() {
        return meanTokens;
    }

    /**
     * Runs {@code call} holding a bulkhead slot, now or as soon as one frees; the call must {@link #release()}. Batch
     * calls take a free slot only when no other call is waiting for one.
     */
    void whenSlotFree(Runnable call, boolean batch) {
        queued.incrementAndGet();
        (batch ? waitingBatch : waiting).add(call);
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
        while ((!waiting.isEmpty() || !waitingBatch.isEmpty()) && bulkhead.tryAcquirePermission()) {
            Runnable next = waiting.poll();
            if (next == null) {
                next = waitingBatch.poll();
            }
            if (next == null) {
                bulkhead.onComplete();
                return;
            }
            queued.decrementAndGet();
            executor.execute(next);
        }
    }
}
