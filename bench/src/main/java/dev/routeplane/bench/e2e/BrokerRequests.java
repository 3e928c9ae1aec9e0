package dev.routeplane.bench.e2e;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;

/**
 * How many requests of each type the broker in this JVM handled over an interval, read from its own request metrics
 * ({@code kafka.network:type=RequestMetrics,name=RequestsPerSec,request=<type>,version=<v>}, the counters Kafka
 * registers in the platform MBean server), summed over versions ({@code FetchConsumer} and {@code FetchFollower}, which
 * count the same fetches again by sender, left out). Over a ramp step, divided by the requests
 * completed, this says which clients keep the broker's request handlers busy: share fetches and acknowledgements of
 * the executors' lanes, the stream threads' fetches and transactions, the producers' writes.
 */
final class BrokerRequests {
    private static final int SHOWN = 8;

    private final Map<String, Long> start;

    private BrokerRequests(Map<String, Long> start) {
        this.start = start;
    }

    /** Starts an interval now; {@code null} when no broker's request metrics are registered in this JVM. */
    static BrokerRequests start() {
        Map<String, Long> counts = counts();
        return counts.isEmpty() ? null : new BrokerRequests(counts);
    }

    /** One request type's count over the interval. */
    record Count(String type, long requests) {}

    /** The interval's counts, largest first. */
    List<Count> end() {
        Map<String, Long> now = counts();
        List<Count> out = new ArrayList<>();
        now.forEach((type, n) -> {
            long d = n - start.getOrDefault(type, 0L);
            if (d > 0) {
                out.add(new Count(type, d));
            }
        });
        out.sort((a, b) -> Long.compare(b.requests(), a.requests()));
        return out;
    }

    /** A line of the largest types, per completed request (per second when none completed), over {@code seconds}. */
    static String describe(List<Count> counts, long completed, double seconds) {
        long total = counts.stream().mapToLong(Count::requests).sum();
        StringBuilder b = new StringBuilder(String.format(
                Locale.ROOT,
                "    broker requests: %.0f/s%s:",
                total / Math.max(seconds, 1e-9),
                completed > 0
                        ? String.format(Locale.ROOT, ", %.2f per completed request", total / (double) completed)
                        : ""));
        for (Count c : counts.subList(0, Math.min(SHOWN, counts.size()))) {
            b.append(String.format(
                    Locale.ROOT,
                    " %s %s",
                    c.type(),
                    completed > 0
                            ? String.format(Locale.ROOT, "%.2f", c.requests() / (double) completed)
                            : String.format(Locale.ROOT, "%.0f/s", c.requests() / Math.max(seconds, 1e-9))));
        }
        return b.toString();
    }

    private static Map<String, Long> counts() {
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        Map<String, Long> byType = new HashMap<>();
        try {
            for (ObjectName name : server.queryNames(
                    new ObjectName("kafka.network:type=RequestMetrics,name=RequestsPerSec,*"), null)) {
                String type = name.getKeyProperty("request");
                if (type == null || type.equals("FetchConsumer") || type.equals("FetchFollower")) {
                    continue; // those two are Fetch again, split by who sent it
                }
                Object count = server.getAttribute(name, "Count");
                if (count instanceof Number n) {
                    byType.merge(type, n.longValue(), Long::sum);
                }
            }
        } catch (JMException e) {
            return Map.of();
        }
        return byType;
    }
}
