package dev.routeplane.simulator;

/**
 * A provider's RPM and TPM limits over a rolling 60-second window, kept as 60 one-second buckets. A call is
 * admitted only if both one more request and its tokens fit; admitted calls count, refused ones do not.
 * Thread-safe.
 */
final class RateWindow {

    static final int WINDOW_SECONDS = 60;

    private final int rpm;
    private final long tpm;
    private final long[] bucketSecond = new long[WINDOW_SECONDS];
    private final long[] bucketRequests = new long[WINDOW_SECONDS];
    private final long[] bucketTokens = new long[WINDOW_SECONDS];

    RateWindow(int rpm, long tpm) {
        this.rpm = rpm;
        this.tpm = tpm;
        java.util.Arrays.fill(bucketSecond, Long.MIN_VALUE);
    }

    /**
     * The outcome of asking for one request.
     *
     * @param allowed           whether the request was admitted (and counted)
     * @param limitedBy         "requests" or "tokens" when refused, null when admitted
     * @param requestsResetMs   ms until the request usage now in the window has fully expired
     * @param tokensResetMs     ms until the token usage now in the window has fully expired
     * @param retryAfterSeconds when refused: whole seconds until enough usage expires for this request to fit
     */
    record Decision(
            boolean allowed,
            String limitedBy,
            int requestLimit,
            long requestsRemaining,
            long requestsResetMs,
            long tokenLimit,
            long tokensRemaining,
            long tokensResetMs,
            long retryAfterSeconds) {}

    /** Requests and tokens admitted in the 60 seconds up to {@code nowMs}: what counts against the limits now. */
    synchronized RateUsage usage(long nowMs) {
        long nowSecond = Math.floorDiv(nowMs, 1000);
        long requests = 0;
        long tokens = 0;
        for (int i = 0; i < WINDOW_SECONDS; i++) {
            if (bucketSecond[i] > nowSecond - WINDOW_SECONDS && bucketSecond[i] <= nowSecond) {
                requests += bucketRequests[i];
                tokens += bucketTokens[i];
            }
        }
        return new RateUsage(requests, tokens, rpm, tpm);
    }

    synchronized Decision tryAcquire(long tokens, long nowMs) {
        long nowSecond = Math.floorDiv(nowMs, 1000);
        long usedRequests = 0;
        long usedTokens = 0;
        for (int i = 0; i < WINDOW_SECONDS; i++) {
            if (bucketSecond[i] <= nowSecond - WINDOW_SECONDS) {
                bucketSecond[i] = Long.MIN_VALUE;
                bucketRequests[i] = 0;
                bucketTokens[i] = 0;
            }
            usedRequests += bucketRequests[i];
            usedTokens += bucketTokens[i];
        }
        boolean requestsFit = usedRequests + 1 <= rpm;
        boolean tokensFit = usedTokens + tokens <= tpm;
        boolean allowed = requestsFit && tokensFit;
        long retryAfter = 0;
        if (allowed) {
            int slot = Math.floorMod(nowSecond, WINDOW_SECONDS);
            bucketSecond[slot] = nowSecond;
            bucketRequests[slot]++;
            bucketTokens[slot] += tokens;
            usedRequests++;
            usedTokens += tokens;
        } else {
            retryAfter = retryAfterSeconds(usedRequests, usedTokens, tokens, nowMs);
        }
        String limitedBy = allowed ? null : (requestsFit ? "tokens" : "requests");
        return new Decision(
                allowed,
                limitedBy,
                rpm,
                Math.max(0, rpm - usedRequests),
                resetMs(bucketRequests, nowMs),
                tpm,
                Math.max(0, tpm - usedTokens),
                resetMs(bucketTokens, nowMs),
                retryAfter);
    }

    /** Walks buckets oldest first until enough usage has expired for the refused request to fit. */
    private long retryAfterSeconds(long usedRequests, long usedTokens, long tokens, long nowMs) {
        long nowSecond = Math.floorDiv(nowMs, 1000);
        long requests = usedRequests;
        long toks = usedTokens;
        for (long s = nowSecond - WINDOW_SECONDS + 1; s <= nowSecond; s++) {
            int slot = Math.floorMod(s, WINDOW_SECONDS);
            if (bucketSecond[slot] != s) {
                continue;
            }
            requests -= bucketRequests[slot];
            toks -= bucketTokens[slot];
            if (requests + 1 <= rpm && toks + tokens <= tpm) {
                long waitMs = (s + WINDOW_SECONDS) * 1000 - nowMs;
                return Math.max(1, (waitMs + 999) / 1000);
            }
        }
        // Only a request larger than the whole TPM gets here; it can never fit, so say "a full window".
        return WINDOW_SECONDS;
    }

    private long resetMs(long[] usage, long nowMs) {
        long newest = Long.MIN_VALUE;
        for (int i = 0; i < WINDOW_SECONDS; i++) {
            if (usage[i] > 0) {
                newest = Math.max(newest, bucketSecond[i]);
            }
        }
        return newest == Long.MIN_VALUE ? 0 : Math.max(0, (newest + WINDOW_SECONDS) * 1000 - nowMs);
    }
}
