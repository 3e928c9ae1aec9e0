package dev.routeplane.api;

import java.time.Duration;
import java.util.Objects;

/**
 * How much each tenant may keep in the API's file storage (OpenAI Files: batch inputs, and the output and error
 * files batches write). Every tenant gets the same limits, counted on its own files only.
 *
 * @param maxBytesPerTenant all of a tenant's stored files together, in bytes; an upload that would pass it is
 *     refused while it streams (batch results are always stored, and count)
 * @param maxFilesPerTenant files a tenant may store; an upload beyond it is refused before its body is read
 * @param retention how long a file is kept after it was stored; it then expires (its {@code expires_at}), is
 *     no longer found and is deleted. An upload may ask for less with OpenAI's {@code expires_after}
 */
public record FileLimits(long maxBytesPerTenant, int maxFilesPerTenant, Duration retention) {
    /** 10 GiB per tenant: fifty full-size (200 MB) batch files with their results. */
    public static final long DEFAULT_MAX_BYTES = 10L * 1024 * 1024 * 1024;
    /** 500 files per tenant. */
    public static final int DEFAULT_MAX_FILES = 500;
    /** 30 days, the longest expiry OpenAI's {@code expires_after} accepts. */
    public static final Duration DEFAULT_RETENTION = Duration.ofDays(30);

    public FileLimits {
        if (maxBytesPerTenant < 1) {
            throw new IllegalArgumentException("maxBytesPerTenant must be positive, got " + maxBytesPerTenant);
        }
        if (maxFilesPerTenant < 1) {
            throw new IllegalArgumentException("maxFilesPerTenant must be positive, got " + maxFilesPerTenant);
        }
        Objects.requireNonNull(retention, "retention");
        if (retention.compareTo(Duration.ofHours(1)) < 0) {
            throw new IllegalArgumentException("retention must be at least 1 hour, got " + retention);
        }
    }

    /** 10 GiB, 500 files and 30 days per tenant. */
    public static FileLimits ofDefaults() {
        return new FileLimits(DEFAULT_MAX_BYTES, DEFAULT_MAX_FILES, DEFAULT_RETENTION);
    }
}
