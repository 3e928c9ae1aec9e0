package dev.routeplane.executors;

/**
 * How a failed provider call is classified. Each adapter maps its provider's statuses and error bodies onto these;
 * the worker's error policy (which kinds retry, which trip the circuit breaker, which trigger a fallback) is declared
 * over them, so core code never looks at provider specifics.
 */
public enum ErrorKind {
    /** Worth trying again: 5xx, 529 overloaded, timeouts, connection resets, a 200 with an error body, a cut-off body. */
    RETRYABLE,
    /** 429: the provider (or the local limiter) refused for rate; honour the Retry-After. */
    RATE_LIMITED,
    /** The request itself is wrong or unauthorized (400, 401, 403, 404, 422); repeating it cannot help. */
    PERMANENT,
    /** The prompt plus the output cap exceed the model's context window. */
    CONTEXT_OVERFLOW,
    /** The provider's content filter stopped or refused the answer. */
    CONTENT_FILTER
}
