package dev.routeplane.bench.e2e;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeMap;
import javax.management.MBeanServer;
import javax.management.ObjectName;

/**
 * How each Kafka Streams thread of this JVM (router, ledger, alias guard) spends its time, from Streams' own thread
 * metrics (published over JMX by Kafka's default reporter): commits per second and their mean time per committed task,
 * and the shares of time spent committing, processing and polling. Under exactly-once a thread blocks while it
 * commits, so a thread that falls behind with little CPU of its own shows here where its time went. Streams averages
 * these over its metric window (two samples of 30 s), so they describe the last half minute or so, not one step alone.
 */
final class StreamThreadTimes {
    private static final String[] ATTRIBUTES = {
        "commit-rate", "commit-latency-avg", "commit-ratio", "process-ratio", "poll-ratio", "process-rate"
    };

    private StreamThreadTimes() {}

    /** A line per stream thread, by its name with numbers and ids replaced; empty when none is published. */
    static List<String> describe() {
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        TreeMap<String, String> lines = new TreeMap<>();
        try {
            Set<ObjectName> names =
                    server.queryNames(new ObjectName("kafka.streams:type=stream-thread-metrics,*"), null);
            for (ObjectName name : names) {
                String thread = name.getKeyProperty("thread-id");
                double[] v = new double[ATTRIBUTES.length];
                for (int i = 0; i < ATTRIBUTES.length; i++) {
                    v[i] = attribute(server, name, ATTRIBUTES[i]);
                }
                if (Double.isNaN(v[0])) {
                    continue; // not a processing thread (e.g. a global store's thread has no commits)
                }
                lines.put(
                        thread,
                        String.format(
                                Locale.ROOT,
                                "      %s: %.0f records/s; %.1f commits/s of %.1f ms per task; time committing %.0f%%,"
                                        + " processing %.0f%%, polling %.0f%%",
                                ThreadCpu.group(thread),
                                v[5],
                                v[0],
                                v[1],
                                100 * v[2],
                                100 * v[3],
                                100 * v[4]));
            }
        } catch (Exception e) {
            return List.of("      stream thread metrics unreadable: " + e);
        }
        return new ArrayList<>(lines.values());
    }

    private static double attribute(MBeanServer server, ObjectName name, String attribute) {
        try {
            return server.getAttribute(name, attribute) instanceof Number n ? n.doubleValue() : Double.NaN;
        } catch (javax.management.JMException e) {
            return Double.NaN;
        }
    }
}
