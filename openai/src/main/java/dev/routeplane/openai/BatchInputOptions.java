package dev.routeplane.openai;

import dev.routeplane.config.RouterSettings;
import dev.routeplane.contract.LatencyClass;
import dev.routeplane.schemas.RequestSize;
import java.time.Duration;
import java.util.Objects;

/**
 * How {@link BatchInputParser} reads one file.
 *
 * @param tenantId the submitting tenant ({@code --tenant}, or the API key's tenant); null means every line must
 *     name its own tenant, which only Routeplane-format lines can
 * @param batchId the batch every request belongs to, or null
 * @param defaultLatencyClass for lines that give none; batch files default to {@code BATCH}
 * @param maxLineChars longer lines are refused with {@code LINE_TOO_LONG} without being held in memory
 * @param completionWindow when set, each request's deadline ({@code hints.deadlineMs}, counted from its
 *     {@code submittedAt}, the batch's creation): a line's own shorter deadline is kept, a longer one is cut to it
 * @param maxRequestBytes a line whose request is larger, counted as {@link RequestSize} counts it, is refused with
 *     {@code REQUEST_TOO_LARGE}: the router's {@code router.maxRequestBytes}, its default unless set
 */
public record BatchInputOptions(
        String tenantId,
        String batchId,
        LatencyClass defaultLatencyClass,
        int maxLineChars,
        Duration completionWindow,
        long maxRequestBytes) {

    /** 8 Mi characters: well above the router's 1 MiB prompt limit plus JSON overhead. */
    public static final int DEFAULT_MAX_LINE_CHARS = 8 * 1024 * 1024;

    /** The router's default {@code router.maxRequestBytes}. */
    public static final long DEFAULT_MAX_REQUEST_BYTES =
            RouterSettings.defaults().maxRequestBytes();

    public BatchInputOptions {
        Objects.requireNonNull(defaultLatencyClass, "defaultLatencyClass");
        if (maxLineChars < 1) {
            throw new IllegalArgumentException("maxLineChars must be at least 1, got " + maxLineChars);
        }
        if (maxRequestBytes < 1) {
            throw new IllegalArgumentException("maxRequestBytes must be at least 1, got " + maxRequestBytes);
        }
    }

    /** Options with the router's default request size limit. */
    public BatchInputOptions(
            String tenantId,
            String batchId,
            LatencyClass defaultLatencyClass,
            int maxLineChars,
            Duration completionWindow) {
        this(tenantId, batchId, defaultLatencyClass, maxLineChars, completionWindow, DEFAULT_MAX_REQUEST_BYTES);
    }

    /** Options without a completion window. */
    public BatchInputOptions(String tenantId, String batchId, LatencyClass defaultLatencyClass, int maxLineChars) {
        this(tenantId, batchId, defaultLatencyClass, maxLineChars, null);
    }

    /** Options for a batch file: latency class {@code BATCH}, the default line limit, no completion window. */
    public static BatchInputOptions of(String tenantId, String batchId) {
        return new BatchInputOptions(tenantId, batchId, LatencyClass.BATCH, DEFAULT_MAX_LINE_CHARS, null);
    }

    /** Options for a batch file whose requests are due within {@code completionWindow}. */
    public static BatchInputOptions of(String tenantId, String batchId, Duration completionWindow) {
        return new BatchInputOptions(tenantId, batchId, LatencyClass.BATCH, DEFAULT_MAX_LINE_CHARS, completionWindow);
    }

    /** These options with another request size limit (the deployment's {@code router.maxRequestBytes}). */
    public BatchInputOptions withMaxRequestBytes(long bytes) {
        return new BatchInputOptions(tenantId, batchId, defaultLatencyClass, maxLineChars, completionWindow, bytes);
    }
}
