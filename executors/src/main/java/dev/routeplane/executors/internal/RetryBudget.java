package dev.routeplane.executors.internal;

/**
 * A token bucket bounding retries to a share of first tries, so an outage cannot multiply load: every first try
 * deposits {@code ratio} tokens (up to {@code burst}), every retry takes one. Starts full. Kept in thousandths of a
 * token so the arithmetic is exact. Thread-safe.
 */
public final class RetryBudget {
    private static final long ONE = 1_000;

    private final long deposit;
    private final long capacity;
    private long tokens;
    private long firstTries;
    private long retries;
    private long denied;

    public RetryBudget(double ratio, int burst) {
        this.deposit = Math.round(ratio * ONE);
        this.capacity = burst * ONE;
        this.tokens = capacity;
    }

    /** Records a first try. */
    public synchronized void onFirstTry() {
        firstTries++;
        tokens = Math.min(capacity, tokens + deposit);
    }

    /** Takes a token for a retry; false (and nothing taken) when the budget is spent. */
    public synchronized boolean tryRetry() {
        if (tokens >= ONE) {
            tokens -= ONE;
            retries++;
            return true;
        }
        denied++;
        return false;
    }

    public synchronized long firstTries() {
        return firstTries;
    }

    public synchronized long retries() {
        return retries;
    }

    public synchronized long denied() {
        return denied;
    }

    /** The most retries this budget can ever have granted after {@code firstTries} first tries. */
    public static long maxRetries(long firstTries, double ratio, int burst) {
        return burst + (firstTries * Math.round(ratio * ONE)) / ONE;
    }
}
