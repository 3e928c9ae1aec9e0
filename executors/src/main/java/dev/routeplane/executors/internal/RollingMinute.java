package dev.routeplane.executors.internal;

/**
 * Requests and tokens one key booked from its local limiters over a rolling 60-second window, kept as 60 one-second
 * buckets: what counts against the key's rpm and tpm as a provider counts them. For the figures that show how much
 * of a key's configured limits is in use (e.g. {@code bench batch}); the limiters themselves decide admission.
 * Thread-safe.
 */
public final class RollingMinute {
    private static final int SECONDS = 60;

    /** Requests and tokens booked in the 60 seconds up to a moment. */
    public record Usage(long requests, long tokens) {}

    private final long[] second = new long[SECONDS];
    private final long[] requests = new long[SECONDS];
    private final long[] tokens = new long[SECONDS];
    private long totalRequests;

    RollingMinute() {
        java.util.Arrays.fill(second, Long.MIN_VALUE);
    }

    /** Counts {@code requestCount} requests and {@code tokenCount} tokens booked at {@code nowMs}. */
    synchronized void add(long nowMs, int requestCount, long tokenCount) {
        long now = Math.floorDiv(nowMs, 1000);
        int slot = (int) Math.floorMod(now, SECONDS);
        if (second[slot] != now) {
            second[slot] = now;
            requests[slot] = 0;
            tokens[slot] = 0;
        }
        requests[slot] += requestCount;
        tokens[slot] += tokenCount;
        totalRequests += requestCount;
    }

    /** Requests booked since this key's worker started. */
    public synchronized long totalRequests() {
        return totalRequests;
    }

    /** What was booked in the 60 seconds up to {@code nowMs} (the current second included). */
    public synchronized Usage usage(long nowMs) {
        long now = Math.floorDiv(nowMs, 1000);
        long r = 0;
        long t = 0;
        for (int i = 0; i < SECONDS; i++) {
            if (second[i] > now - SECONDS && second[i] <= now) {
                r += requests[i];
                t += tokens[i];
            }
        }
        return new Usage(r, t);
    }
}
