package dev.routeplane.bench.e2e;

import com.sun.management.GarbageCollectionNotificationInfo;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.management.ListenerNotFoundException;
import javax.management.Notification;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;

/**
 * The collections of this JVM's collector while it listens, each with its duration as the collector reports it (for
 * the throughput collector and G1's young and full collections, the stop-the-world pause). Everything in the
 * co-located pipeline stops for a pause, so a synchronous call that meets one is late by it: over an interval this
 * says how many pauses a latency percentile could have met and how long the longest was. Only this JVM: the API,
 * run as its own process by the benchmark, has its own collector.
 */
final class GcPauses implements AutoCloseable {
    /** One collection: when it ended (ms since the JVM started), how long it took, and whether it was a full one. */
    record Pause(long endMs, long durationMs, boolean full) {}

    private final List<Pause> pauses = new ArrayList<>();
    private final List<NotificationEmitter> emitters = new ArrayList<>();
    private final NotificationListener listener = this::onNotification;

    private GcPauses() {
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            if (gc instanceof NotificationEmitter emitter) {
                emitter.addNotificationListener(listener, null, null);
                emitters.add(emitter);
            }
        }
    }

    /** Starts listening; the collections from now on are recorded. */
    static GcPauses listen() {
        return new GcPauses();
    }

    private void onNotification(Notification n, Object handback) {
        if (!GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(n.getType())) {
            return;
        }
        GarbageCollectionNotificationInfo info =
                GarbageCollectionNotificationInfo.from((CompositeData) n.getUserData());
        if (info.getGcName().contains("Cycles") || info.getGcName().contains("Concurrent")) {
            return; // a concurrent collector's cycle, not a pause
        }
        synchronized (pauses) {
            pauses.add(new Pause(
                    info.getGcInfo().getEndTime(),
                    info.getGcInfo().getDuration(),
                    info.getGcAction().contains("major")));
        }
    }

    /** Milliseconds since the JVM started, the clock of {@link Pause#endMs()}. */
    static long uptimeMs() {
        return ManagementFactory.getRuntimeMXBean().getUptime();
    }

    /** The pauses that ended at or after {@code fromUptimeMs}. */
    List<Pause> since(long fromUptimeMs) {
        synchronized (pauses) {
            return pauses.stream().filter(p -> p.endMs() >= fromUptimeMs).toList();
        }
    }

    /** A line: how many pauses, their total and longest, and how many were full collections. */
    static String describe(List<Pause> pauses) {
        long total = pauses.stream().mapToLong(Pause::durationMs).sum();
        long longest = pauses.stream().mapToLong(Pause::durationMs).max().orElse(0);
        long full = pauses.stream().filter(Pause::full).count();
        long fullLongest = pauses.stream()
                .filter(Pause::full)
                .mapToLong(Pause::durationMs)
                .max()
                .orElse(0);
        return String.format(
                Locale.ROOT,
                "    collector pauses (this JVM): %d, %d ms in all, longest %d ms; %d full%s",
                pauses.size(),
                total,
                longest,
                full,
                full > 0 ? String.format(Locale.ROOT, " (longest %d ms)", fullLongest) : "");
    }

    @Override
    public void close() {
        for (NotificationEmitter emitter : emitters) {
            try {
                emitter.removeNotificationListener(listener);
            } catch (ListenerNotFoundException e) {
                // already gone
            }
        }
    }
}
