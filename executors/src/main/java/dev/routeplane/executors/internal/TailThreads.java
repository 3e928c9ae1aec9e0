package dev.routeplane.executors.internal;

import java.time.Duration;
import org.apache.kafka.clients.consumer.Consumer;

/** The end of a thread that tails topics with its own consumer. */
public final class TailThreads {
    private TailThreads() {}

    /**
     * Wakes {@code consumer} out of its poll and waits up to {@code wait} for {@code tail} to end; the caller has
     * told the thread's loop to stop first. The thread closes its consumer itself, which only it may use.
     */
    public static void stop(Consumer<?, ?> consumer, Thread tail, Duration wait) {
        consumer.wakeup();
        try {
            tail.join(wait.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
