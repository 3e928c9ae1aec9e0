package dev.routeplane.cli;

import dev.routeplane.api.FileLimits;
import java.time.Duration;
import picocli.CommandLine.Option;

/** Each tenant's file storage on the API ({@code api} and {@code up}): bytes, files, retention. */
public final class FileLimitOptions {

    @Option(
            names = "--tenant-file-storage-mb",
            paramLabel = "MB",
            defaultValue = "10240",
            description = "Most megabytes (MiB) of files one tenant may store: uploads and batch results"
                    + " (default: ${DEFAULT-VALUE}).")
    long storageMb;

    @Option(
            names = "--tenant-file-count",
            paramLabel = "N",
            defaultValue = "500",
            description = "Most files one tenant may store (default: ${DEFAULT-VALUE}).")
    int files;

    @Option(
            names = "--file-retention-days",
            paramLabel = "DAYS",
            defaultValue = "30",
            description = "Days a file is kept after it was stored; it then expires and is deleted"
                    + " (default: ${DEFAULT-VALUE}).")
    int retentionDays;

    FileLimits limits() {
        if (storageMb < 1 || files < 1 || retentionDays < 1) {
            throw new IllegalArgumentException("--tenant-file-storage-mb, --tenant-file-count and"
                    + " --file-retention-days must be at least 1 (got " + storageMb + ", " + files + ", "
                    + retentionDays + ")");
        }
        return new FileLimits(storageMb * 1024 * 1024, files, Duration.ofDays(retentionDays));
    }
}
