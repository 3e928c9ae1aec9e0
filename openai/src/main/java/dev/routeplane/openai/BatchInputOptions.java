package dev.routeplane.openai;

import dev.routeplane.contract.LatencyClass;
import java.util.Objects;

/**
 * How {@link BatchInputParser} reads one file.
 *
 * @param tenantId the submitting tenant ({@code --tenant}, or the API key's tenant); null means every line must
 *     name its own tenant, which only Routeplane-format lines can
 * @param batchId the batch every request belongs to, or null
 * @param defaultLatencyClass for lines that give none; batch files default to {@code BATCH}
 * @param maxLineChars longer lines are refused with {@code LINE_TOO_LONG} without being held in memory
 */
public record BatchInputOptions(String tenantId, String batchId, LatencyClass defaultLatencyClass, int maxLineChars) {

    /** 8 Mi characters: well above the router's 1 MiB prompt limit plus JSON overhead. */
    public static final int DEFAULT_MAX_LINE_CHARS = 8 * 1024 * 1024;

    public BatchInputOptions {
        Objects.requireNonNull(defaultLatencyClass, "defaultLatencyClass");
        if (maxLineChars < 1) {
            throw new IllegalArgumentException("maxLineChars must be at least 1, got " + maxLineChars);
        }
    }

    /** Options for a batch file: latency class {@code BATCH}, the default line limit. */
    public static BatchInputOptions of(String tenantId, String batchId) {
        return new BatchInputOptions(tenantId, batchId, LatencyClass.BATCH, DEFAULT_MAX_LINE_CHARS);
    }
}
