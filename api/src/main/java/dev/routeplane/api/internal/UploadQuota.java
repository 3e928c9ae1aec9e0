package dev.routeplane.api.internal;

import dev.routeplane.api.FileLimits;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Holds uploads to their tenant's {@link FileLimits}: an upload is refused before its body is read when the
 * tenant already stores its maximum number of files or bytes, and stopped while it streams as soon as it would
 * pass the byte limit. Uploads still streaming count as if stored, so parallel uploads cannot overshoot
 * together. Thread-safe.
 */
final class UploadQuota {
    private final FileStore files;
    private final FileLimits limits;
    private final Map<String, Inflight> inflight = new ConcurrentHashMap<>();

    /** Bytes and uploads of one tenant still streaming; also the lock for that tenant's checks. */
    private static final class Inflight {
        long bytes;
        int uploads;
    }

    UploadQuota(FileStore files) {
        this.files = files;
        this.limits = files.limits();
    }

    /** Admits one upload, or throws the quota error to answer. Close the reservation when the upload ends. */
    Reservation open(String tenant) throws IOException {
        Inflight running = inflight.computeIfAbsent(tenant, t -> new Inflight());
        synchronized (running) {
            FileStore.Usage stored = files.usage(tenant);
            if (stored.files() + running.uploads >= limits.maxFilesPerTenant()) {
                throw new ApiException(
                        400,
                        "invalid_request_error",
                        "file_count_quota_exceeded",
                        "file",
                        "This tenant already stores " + stored.files() + " files"
                                + (running.uploads > 0 ? " with " + running.uploads + " more uploading" : "")
                                + ", its limit of " + limits.maxFilesPerTenant() + " files per tenant"
                                + " (api --tenant-file-count); delete files (DELETE /v1/files/{id}) or let them"
                                + " expire (" + limits.retention().toDays() + " days after upload)");
            }
            checkBytes(stored, running, 1);
            running.uploads++;
        }
        return new Reservation(tenant, running);
    }

    private void checkBytes(FileStore.Usage stored, Inflight running, long more) {
        if (stored.bytes() + running.bytes + more > limits.maxBytesPerTenant()) {
            throw new ApiException(
                    400,
                    "invalid_request_error",
                    "storage_quota_exceeded",
                    "file",
                    "This upload would take the tenant's stored files past its limit of "
                            + limits.maxBytesPerTenant()
                            + " bytes per tenant (api --tenant-file-storage-mb); it stores "
                            + stored.bytes() + " bytes"
                            + (running.bytes > 0 ? " and is uploading " + running.bytes : "")
                            + ". Delete files (DELETE /v1/files/{id}) or let them expire ("
                            + limits.retention().toDays() + " days after upload)");
        }
    }

    /** One admitted upload: grows as its bytes arrive, released when closed. */
    final class Reservation implements AutoCloseable {
        private final String tenant;
        private final Inflight running;
        private long mine;
        private boolean closed;

        private Reservation(String tenant, Inflight running) {
            this.tenant = tenant;
            this.running = running;
        }

        /** Counts {@code n} more bytes of this upload, or throws the quota error if they do not fit. */
        void add(long n) throws IOException {
            synchronized (running) {
                checkBytes(files.usage(tenant), running, n);
                running.bytes += n;
                mine += n;
            }
        }

        @Override
        public void close() {
            synchronized (running) {
                if (!closed) {
                    closed = true;
                    running.bytes -= mine;
                    running.uploads--;
                }
            }
        }
    }
}
