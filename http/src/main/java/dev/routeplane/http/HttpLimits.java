package dev.routeplane.http;

import java.time.Duration;
import java.util.Objects;

/**
 * What one HTTP server lets a client hold, so that slow, idle or oversized clients cannot stall the others.
 *
 * @param idleTimeout a connection with no bytes moving for this long is closed (between requests, or while a
 *     request's headers or body are being read); a handler waiting for its own reasons (a chat completion
 *     waiting for its routed result) opts out with {@code Request.addIdleTimeoutListener(t -> false)}
 * @param requestTimeout the longest a request may take from its headers to its last response byte; it is then
 *     answered 408 if nothing was sent yet, else its connection is closed
 * @param maxConnections open connections at most; beyond it the server stops accepting until one closes
 * @param maxRequestHeaderBytes the request line and headers together at most; more is answered 431
 * @param maxRequestBodyBytes a request body at most; more is answered 413 (at once when Content-Length says so)
 * @param minRequestBytesPerSecond a request body arriving slower than this, on average since its first byte was
 *     asked for, fails the read; a client dripping its body cannot hold a thread
 * @param maxThreads the server's thread pool at most (acceptor and selector threads included)
 */
public record HttpLimits(
        Duration idleTimeout,
        Duration requestTimeout,
        int maxConnections,
        int maxRequestHeaderBytes,
        long maxRequestBodyBytes,
        long minRequestBytesPerSecond,
        int maxThreads) {

    /** Connections idle for 30 s close. */
    public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofSeconds(30);
    /** Ten minutes: a 200 MB upload at 1 MB/s fits with room to spare. */
    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofMinutes(10);

    public HttpLimits {
        positive(idleTimeout, "idleTimeout");
        positive(requestTimeout, "requestTimeout");
        atLeast(maxConnections, 1, "maxConnections");
        atLeast(maxRequestHeaderBytes, 1024, "maxRequestHeaderBytes");
        atLeast(maxRequestBodyBytes, 0, "maxRequestBodyBytes");
        atLeast(minRequestBytesPerSecond, 0, "minRequestBytesPerSecond");
        atLeast(maxThreads, 8, "maxThreads");
    }

    /**
     * 30 s idle, 10 min per request, 1,024 connections, 16 KiB of headers, 8 MiB of body, bodies at no less
     * than 1 KiB/s, 200 threads.
     */
    public static HttpLimits ofDefaults() {
        return new HttpLimits(
                DEFAULT_IDLE_TIMEOUT, DEFAULT_REQUEST_TIMEOUT, 1024, 16 * 1024, 8L * 1024 * 1024, 1024, 200);
    }

    public HttpLimits withIdleTimeout(Duration value) {
        return new HttpLimits(
                value,
                requestTimeout,
                maxConnections,
                maxRequestHeaderBytes,
                maxRequestBodyBytes,
                minRequestBytesPerSecond,
                maxThreads);
    }

    public HttpLimits withRequestTimeout(Duration value) {
        return new HttpLimits(
                idleTimeout,
                value,
                maxConnections,
                maxRequestHeaderBytes,
                maxRequestBodyBytes,
                minRequestBytesPerSecond,
                maxThreads);
    }

    public HttpLimits withMaxConnections(int value) {
        return new HttpLimits(
                idleTimeout,
                requestTimeout,
                value,
                maxRequestHeaderBytes,
                maxRequestBodyBytes,
                minRequestBytesPerSecond,
                maxThreads);
    }

    public HttpLimits withMaxRequestHeaderBytes(int value) {
        return new HttpLimits(
                idleTimeout,
                requestTimeout,
                maxConnections,
                value,
                maxRequestBodyBytes,
                minRequestBytesPerSecond,
                maxThreads);
    }

    public HttpLimits withMaxRequestBodyBytes(long value) {
        return new HttpLimits(
                idleTimeout,
                requestTimeout,
                maxConnections,
                maxRequestHeaderBytes,
                value,
                minRequestBytesPerSecond,
                maxThreads);
    }

    public HttpLimits withMinRequestBytesPerSecond(long value) {
        return new HttpLimits(
                idleTimeout,
                requestTimeout,
                maxConnections,
                maxRequestHeaderBytes,
                maxRequestBodyBytes,
                value,
                maxThreads);
    }

    public HttpLimits withMaxThreads(int value) {
        return new HttpLimits(
                idleTimeout,
                requestTimeout,
                maxConnections,
                maxRequestHeaderBytes,
                maxRequestBodyBytes,
                minRequestBytesPerSecond,
                value);
    }

    private static void positive(Duration value, String name) {
        Objects.requireNonNull(value, name);
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(name + " must be positive, got " + value);
        }
    }

    private static void atLeast(long value, long min, String name) {
        if (value < min) {
            throw new IllegalArgumentException(name + " must be at least " + min + ", got " + value);
        }
    }
}
