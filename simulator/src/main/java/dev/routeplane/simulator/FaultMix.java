package dev.routeplane.simulator;

/**
 * Probabilities of injected faults for one simulated provider; each call draws at most one fault. The
 * probabilities must each be in [0, 1] and sum to at most 1; the rest is {@link Fault#NONE}.
 *
 * @param serverError5xx probability of {@link Fault#SERVER_ERROR}
 * @param rateLimited429 probability of {@link Fault#RATE_LIMITED}
 * @param timeout        probability of {@link Fault#TIMEOUT}
 * @param errorIn200     probability of {@link Fault#ERROR_IN_200}
 * @param cutOff         probability of {@link Fault#CUT_OFF}
 * @param contentFilter  probability of {@link Fault#CONTENT_FILTER}
 * @param timeoutHoldMs  how long a TIMEOUT call holds the connection before dropping it
 * @param longCall       probability of {@link Fault#LONG_CALL}
 * @param longCallMs     how long a LONG_CALL takes to answer
 */
public record FaultMix(
        double serverError5xx,
        double rateLimited429,
        double timeout,
        double errorIn200,
        double cutOff,
        double contentFilter,
        long timeoutHoldMs,
        double longCall,
        long longCallMs) {

    /** Long enough to exceed any sane client deadline, short enough that a forgotten test does not hang forever. */
    public static final long DEFAULT_TIMEOUT_HOLD_MS = 120_000;
    /** Longer than a share group's default record lock (30 s), so a long call outlives an unrenewed lock. */
    public static final long DEFAULT_LONG_CALL_MS = 40_000;

    public FaultMix {
        double sum = 0;
        double[] all = {serverError5xx, rateLimited429, timeout, errorIn200, cutOff, contentFilter, longCall};
        for (double p : all) {
            if (!(p >= 0 && p <= 1)) {
                throw new IllegalArgumentException("fault probabilities must be in [0, 1], got " + p);
            }
            sum += p;
        }
        if (sum > 1 + 1e-9) {
            throw new IllegalArgumentException("fault probabilities must sum to at most 1, got " + sum);
        }
        if (timeoutHoldMs <= 0) {
            throw new IllegalArgumentException("timeoutHoldMs must be > 0, got " + timeoutHoldMs);
        }
        if (longCallMs <= 0) {
            throw new IllegalArgumentException("longCallMs must be > 0, got " + longCallMs);
        }
    }

    /** No injected faults. */
    public static FaultMix none() {
        return builder().build();
    }

    /** No injected faults: a provider is healthy unless a test or demo says otherwise. */
    public static FaultMix ofDefaults() {
        return none();
    }

    /** Every call gets {@code fault} ({@link Fault#NONE} gives {@link #none()}). */
    public static FaultMix always(Fault fault) {
        Builder b = builder();
        switch (fault) {
            case SERVER_ERROR:
                return b.serverError5xx(1).build();
            case RATE_LIMITED:
                return b.rateLimited429(1).build();
            case TIMEOUT:
                return b.timeout(1).build();
            case ERROR_IN_200:
                return b.errorIn200(1).build();
            case CUT_OFF:
                return b.cutOff(1).build();
            case CONTENT_FILTER:
                return b.contentFilter(1).build();
            case LONG_CALL:
                return b.longCall(1).build();
            default:
                return b.build();
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder starting from this mix. */
    public Builder toBuilder() {
        return new Builder()
                .serverError5xx(serverError5xx)
                .rateLimited429(rateLimited429)
                .timeout(timeout)
                .errorIn200(errorIn200)
                .cutOff(cutOff)
                .contentFilter(contentFilter)
                .timeoutHoldMs(timeoutHoldMs)
                .longCall(longCall)
                .longCallMs(longCallMs);
    }

    /**
     * The fault for a uniform draw {@code u} in [0, 1): the unit interval is cut into consecutive slices in the
     * order of the record components, so the same draw always gives the same fault.
     */
    public Fault pick(double u) {
        double edge = serverError5xx;
        if (u < edge) return Fault.SERVER_ERROR;
        edge += rateLimited429;
        if (u < edge) return Fault.RATE_LIMITED;
        edge += timeout;
        if (u < edge) return Fault.TIMEOUT;
        edge += errorIn200;
        if (u < edge) return Fault.ERROR_IN_200;
        edge += cutOff;
        if (u < edge) return Fault.CUT_OFF;
        edge += contentFilter;
        if (u < edge) return Fault.CONTENT_FILTER;
        edge += longCall;
        if (u < edge) return Fault.LONG_CALL;
        return Fault.NONE;
    }

    /** Builder for {@link FaultMix}; every probability defaults to 0. */
    public static final class Builder {
        private double serverError5xx;
        private double rateLimited429;
        private double timeout;
        private double errorIn200;
        private double cutOff;
        private double contentFilter;
        private long timeoutHoldMs = DEFAULT_TIMEOUT_HOLD_MS;
        private double longCall;
        private long longCallMs = DEFAULT_LONG_CALL_MS;

        private Builder() {}

        public Builder serverError5xx(double p) {
            this.serverError5xx = p;
            return this;
        }

        public Builder rateLimited429(double p) {
            this.rateLimited429 = p;
            return this;
        }

        public Builder timeout(double p) {
            this.timeout = p;
            return this;
        }

        public Builder errorIn200(double p) {
            this.errorIn200 = p;
            return this;
        }

        public Builder cutOff(double p) {
            this.cutOff = p;
            return this;
        }

        public Builder contentFilter(double p) {
            this.contentFilter = p;
            return this;
        }

        public Builder timeoutHoldMs(long ms) {
            this.timeoutHoldMs = ms;
            return this;
        }

        public Builder longCall(double p) {
            this.longCall = p;
            return this;
        }

        public Builder longCallMs(long ms) {
            this.longCallMs = ms;
            return this;
        }

        public FaultMix build() {
            return new FaultMix(
                    serverError5xx,
                    rateLimited429,
                    timeout,
                    errorIn200,
                    cutOff,
                    contentFilter,
                    timeoutHoldMs,
                    longCall,
                    longCallMs);
        }
    }
}
