package dev.routeplane.bench.e2e;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongFunction;

/**
 * Synchronous HTTP calls at a fixed rate, open loop ({@link OpenLoop}): each call's round trip is measured at the
 * client, from just before the request is handed to the HTTP client to the whole answer read. One client (HTTP/1.1,
 * pooled keep-alive connections) serves both the calls through Routeplane's API and the direct calls to the simulator,
 * so the two are measured alike.
 */
final class HttpPhase implements AutoCloseable {
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(60);
    /**
     * Calls waiting for their answer at most; each holds a connection (a file descriptor of this process, which also
     * runs the broker). A system that cannot keep up would otherwise pile up connections until the process runs out
     * of descriptors; a call due while this many wait is shed (not sent) and counted.
     */
    static final int MAX_IN_FLIGHT = 2_000;

    private final ExecutorService pool = Executors.newFixedThreadPool(4, r -> {
        Thread t = new Thread(r, "bench-e2e-http");
        t.setDaemon(true);
        return t;
    });
    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .executor(pool)
            .build();

    /** What one phase saw. */
    record Outcome(
            long sent,
            long shed,
            Map<String, Long> roundTripMs,
            Map<String, Long> sentAtMs,
            long failed,
            String firstFailure) {}

    /**
     * Sends {@code rate} calls per second for {@code duration}; call {@code i} is {@code request.apply(i)}, identified
     * by its {@code Idempotency-Key} header (or its index when it has none). Waits for every answer.
     */
    Outcome run(int rate, Duration duration, LongFunction<HttpRequest> request) throws InterruptedException {
        Map<String, Long> roundTrips = new ConcurrentHashMap<>();
        Map<String, Long> sentAt = new ConcurrentHashMap<>();
        AtomicLong failed = new AtomicLong();
        ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
        ConcurrentLinkedQueue<CompletableFuture<?>> calls = new ConcurrentLinkedQueue<>();
        Semaphore inFlight = new Semaphore(MAX_IN_FLIGHT);
        AtomicLong shed = new AtomicLong();
        long due = OpenLoop.run(rate, duration, i -> {
            if (!inFlight.tryAcquire()) {
                shed.incrementAndGet();
                return;
            }
            HttpRequest r = request.apply(i);
            String id = r.headers().firstValue("Idempotency-Key").orElse(Long.toString(i));
            // Wall-clock too, to line the call up with the record timestamps of its hops (HopBreakdown).
            sentAt.put(id, System.currentTimeMillis());
            long start = System.nanoTime();
            calls.add(http.sendAsync(r, HttpResponse.BodyHandlers.ofByteArray()).whenComplete((answer, error) -> {
                inFlight.release();
                long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
                if (error == null && answer.statusCode() == 200) {
                    roundTrips.put(id, ms);
                } else {
                    failed.incrementAndGet();
                    if (failures.isEmpty()) {
                        failures.add(
                                error != null
                                        ? error.toString()
                                        : answer.statusCode() + " " + new String(answer.body()));
                    }
                }
            }));
        });
        try {
            CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new))
                    .get(CALL_TIMEOUT.toSeconds() + 30, TimeUnit.SECONDS);
        } catch (Exception e) {
            // Counted: every call that failed or did not end is missing from roundTrips.
        }
        return new Outcome(
                due - shed.get(),
                shed.get(),
                Map.copyOf(roundTrips),
                Map.copyOf(sentAt),
                failed.get(),
                failures.peek());
    }

    static HttpRequest.Builder post(URI uri, String auth, String json) {
        return HttpRequest.newBuilder(uri)
                .header("Authorization", auth)
                .header("Content-Type", "application/json")
                .timeout(CALL_TIMEOUT)
                .POST(HttpRequest.BodyPublishers.ofString(json));
    }

    @Override
    public void close() {
        pool.shutdownNow();
    }
}
