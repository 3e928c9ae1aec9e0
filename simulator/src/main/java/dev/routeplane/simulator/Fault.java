package dev.routeplane.simulator;

/** What goes wrong with one simulated call, if anything. */
public enum Fault {
    /** No injected fault: the call is answered normally (it may still be refused by validation or rate limits). */
    NONE,
    /** HTTP 500 in the provider's error shape. */
    SERVER_ERROR,
    /** HTTP 429 in the provider's error shape, with retry-after, although the real RPM/TPM window has room. */
    RATE_LIMITED,
    /** No response: the connection is held for {@link FaultMix#timeoutHoldMs()} and then dropped. */
    TIMEOUT,
    /** HTTP 200 whose body is the provider's error object instead of a completion. */
    ERROR_IN_200,
    /** HTTP 200 whose body stops mid-JSON (the response framing is complete, the JSON is not). */
    CUT_OFF,
    /** A completion stopped by the content filter (OpenAI {@code content_filter}, Anthropic {@code refusal}). */
    CONTENT_FILTER,
    /**
     * A normal answer that takes {@link FaultMix#longCallMs()} instead of the sampled latency: a long generation, e.g.
     * longer than the client's queue lock.
     */
    LONG_CALL
}
