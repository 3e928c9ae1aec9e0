package dev.routeplane.simulator;

import java.time.Duration;
import java.util.Objects;

/**
 * How a simulated provider's batch API behaves (OpenAI {@code /v1/files} + {@code /v1/batches}, Anthropic
 * {@code /v1/messages/batches}, by the provider's wire format).
 *
 * <p>A batch's lines finish evenly spread over {@code processingTime}: line i of n is done at
 * {@code created + processingTime × (i + 1) / n}. A batch still unfinished at {@code created + expiresAfter} expires
 * with the lines done by then; a cancelled one keeps the lines done before the cancel. Finished lines are billed at
 * the model's batch prices when they finish, whether or not anyone polls.
 *
 * @param enabled        whether the provider offers a batch API at all (404 on its endpoints otherwise)
 * @param processingTime from creation until the last line is done; seconds in tests and the demo, hours possible
 * @param expiresAfter   the completion window the provider enforces (both real APIs: 24 h)
 * @param finalizingTime OpenAI only: how long a batch whose lines are all done stays {@code finalizing}
 * @param cancellingTime how long a cancelled batch stays {@code cancelling} / {@code canceling} before it ends
 * @param maxRequests    most requests per batch (OpenAI 50,000; Anthropic 100,000)
 * @param maxBytes       most bytes per input file (OpenAI 200 MB) or create request (Anthropic 256 MB)
 */
public record BatchApi(
        boolean enabled,
        Duration processingTime,
        Duration expiresAfter,
        Duration finalizingTime,
        Duration cancellingTime,
        int maxRequests,
        long maxBytes) {

    public BatchApi {
        Objects.requireNonNull(processingTime, "processingTime");
        Objects.requireNonNull(expiresAfter, "expiresAfter");
        Objects.requireNonNull(finalizingTime, "finalizingTime");
        Objects.requireNonNull(cancellingTime, "cancellingTime");
        if (processingTime.isNegative()
                || finalizingTime.isNegative()
                || cancellingTime.isNegative()
                || expiresAfter.isNegative()
                || expiresAfter.isZero()) {
            throw new IllegalArgumentException("batch API durations must be >= 0 and expiresAfter > 0, got processing "
                    + processingTime + ", expiresAfter " + expiresAfter + ", finalizing " + finalizingTime
                    + ", cancelling " + cancellingTime);
        }
        if (maxRequests <= 0 || maxBytes <= 0) {
            throw new IllegalArgumentException(
                    "batch API needs maxRequests > 0 and maxBytes > 0, got " + maxRequests + " / " + maxBytes);
        }
    }

    /** The real provider's limits and a 24 h window, with batches that finish in 5 seconds. */
    public static BatchApi ofDefaults(WireFormat format) {
        return format == WireFormat.ANTHROPIC
                ? new BatchApi(
                        true,
                        Duration.ofSeconds(5),
                        Duration.ofHours(24),
                        Duration.ZERO,
                        Duration.ZERO,
                        100_000,
                        256L * 1024 * 1024)
                : new BatchApi(
                        true,
                        Duration.ofSeconds(5),
                        Duration.ofHours(24),
                        Duration.ZERO,
                        Duration.ZERO,
                        50_000,
                        200L * 1024 * 1024);
    }

    /** No batch API: its endpoints answer 404. */
    public static BatchApi disabled() {
        return new BatchApi(false, Duration.ZERO, Duration.ofHours(24), Duration.ZERO, Duration.ZERO, 1, 1);
    }

    public BatchApi withProcessingTime(Duration time) {
        return new BatchApi(enabled, time, expiresAfter, finalizingTime, cancellingTime, maxRequests, maxBytes);
    }

    public BatchApi withExpiresAfter(Duration window) {
        return new BatchApi(enabled, processingTime, window, finalizingTime, cancellingTime, maxRequests, maxBytes);
    }

    public BatchApi withLimits(int requests, long bytes) {
        return new BatchApi(enabled, processingTime, expiresAfter, finalizingTime, cancellingTime, requests, bytes);
    }

    public BatchApi withFinalizingTime(Duration time) {
        return new BatchApi(enabled, processingTime, expiresAfter, time, cancellingTime, maxRequests, maxBytes);
    }

    public BatchApi withCancellingTime(Duration time) {
        return new BatchApi(enabled, processingTime, expiresAfter, finalizingTime, time, maxRequests, maxBytes);
    }
}
