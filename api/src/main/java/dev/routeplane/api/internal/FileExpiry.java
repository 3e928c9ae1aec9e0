package dev.routeplane.api.internal;

import java.io.IOException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes expired files every ten minutes, so a tenant's expired files give back their disk space even when
 * nobody looks them up (a lookup deletes an expired file at once).
 */
public final class FileExpiry implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(FileExpiry.class);
    private static final long PERIOD_MINUTES = 10;

    private final ScheduledExecutorService scheduler;

    private FileExpiry(ScheduledExecutorService scheduler) {
        this.scheduler = scheduler;
    }

    /** Sweeps {@code files} now and every ten minutes until closed. */
    public static FileExpiry start(FileStore files) {
        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "routeplane-api-file-expiry");
            thread.setDaemon(true);
            return thread;
        });
        scheduler.scheduleWithFixedDelay(() -> sweep(files), 0, PERIOD_MINUTES, TimeUnit.MINUTES);
        return new FileExpiry(scheduler);
    }

    private static void sweep(FileStore files) {
        try {
            int purged = files.purgeExpired();
            if (purged > 0) {
                LOG.info("Deleted {} expired files", purged);
            }
        } catch (IOException | RuntimeException e) {
            LOG.warn("Deleting expired files failed, retrying in {} min: {}", PERIOD_MINUTES, e.toString());
        }
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
    }
}
