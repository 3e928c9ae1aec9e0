package dev.routeplane.executors;

import java.util.Objects;

/**
 * A provider call that did not produce a billable completion, classified by the adapter. Messages say what
 * happened (status, the provider's error type) and never contain an API key, a prompt or an output.
 */
public final class ProviderCallException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Outcome: the call never got an answer before its timeout. */
    public static final String TIMEOUT = "TIMEOUT";
    /** Outcome: 5xx / 529 / connection failure. */
    public static final String SERVER_ERROR = "SERVER_ERROR";
    /** Outcome: 429. */
    public static final String RATE_LIMITED = "RATE_LIMITED";
    /** Outcome: a 200 whose body is an error object, or a cut-off / unparseable body. */
    public static final String MALFORMED_RESPONSE = "MALFORMED_RESPONSE";
    /** Outcome: 4xx the request cannot recover from (auth, invalid, not found). */
    public static final String CLIENT_ERROR = "CLIENT_ERROR";
    /** Outcome: the context window is too small for prompt plus output cap. */
    public static final String CONTEXT_OVERFLOW = "CONTEXT_OVERFLOW";
    /** Outcome: the provider's content filter refused or stopped the answer. */
    public static final String CONTENT_FILTER = "CONTENT_FILTER";
    /** Outcome: the key profile's circuit breaker was open; no call was made. */
    public static final String CIRCUIT_OPEN = "CIRCUIT_OPEN";
    /** Outcome: the local rate limiter could not admit the call in time; no call was made. */
    public static final String LOCAL_RATE_LIMIT = "LOCAL_RATE_LIMIT";

    private final ErrorKind kind;
    private final String outcome;
    private final int httpStatus;
    private final transient RateLimitSnapshot rateLimits;

    /**
     * @param kind       classification driving retry, circuit breaker and fallback
     * @param outcome    stable outcome code for AttemptRecord.outcome (one of the constants here)
     * @param httpStatus the status, or 0 when no response arrived
     * @param rateLimits quota headers of the response, or null when none arrived
     * @param message    what happened; must never contain a key or prompt text
     */
    public ProviderCallException(
            ErrorKind kind, String outcome, int httpStatus, RateLimitSnapshot rateLimits, String message) {
        super(message, null, false, false); // stack traces of expected provider failures are noise at 1,000/s
        this.kind = Objects.requireNonNull(kind, "kind");
        this.outcome = Objects.requireNonNull(outcome, "outcome");
        this.httpStatus = httpStatus;
        this.rateLimits = rateLimits;
    }

    public ErrorKind kind() {
        return kind;
    }

    public String outcome() {
        return outcome;
    }

    public int httpStatus() {
        return httpStatus;
    }

    /** Quota headers of the failed response, or null. */
    public RateLimitSnapshot rateLimits() {
        return rateLimits;
    }

    /** The provider's requested wait in milliseconds, or -1. */
    public long retryAfterMillis() {
        return rateLimits == null ? -1 : rateLimits.retryAfterMillis();
    }
}
