package dev.routeplane.openai;

import dev.routeplane.contract.LatencyClass;
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
 */
public record BatchInputOptions(
        String tenantId,
        String batchId,
        LatencyClass defaultLatencyClass,
        int maxLineChars,
        Duration completionWindow) {

    /** 8 Mi characters: well above the router's 1 MiB prompt limit plus JSON overhead. */
    public static final int DEFAULT_MAX_LINE_CHARS = 8 * 1024 * 1024;

    public BatchInputOptions {
        Objects.requireNonNull(defaultLatencyClass, "defaultLatencyClass");
        if (maxLineChars < 1) {
            throw new IllegalArgumentException("maxLineChars must be at least 1, got " + maxLineChars);
        }
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
}
