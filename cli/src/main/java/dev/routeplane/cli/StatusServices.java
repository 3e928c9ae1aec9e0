package dev.routeplane.cli;

import dev.routeplane.runtime.RouteplaneRuntime;
import dev.routeplane.runtime.ServiceStatusReports;
import dev.routeplane.runtime.ServiceStatusReports.Report;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The services section of {@code status}: every running process's services as they report themselves
 * ({@link ServiceStatusReports}), so a service that stopped while its process runs (a Kafka Streams client in ERROR)
 * shows even when another instance keeps its group running.
 */
final class StatusServices {
    /** Three missed reports: the process died or hangs. */
    static final Duration SILENT_AFTER = RouteplaneRuntime.STATUS_INTERVAL.multipliedBy(3);

    private static final DateTimeFormatter REPORTED =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);

    private StatusServices() {}

    static void print(Map<String, Object> kafka, String prefix, Duration timeout, Clock clock, PrintWriter out) {
        Map<String, Report> reports = ServiceStatusReports.read(kafka, prefix, timeout);
        if (reports.isEmpty()) {
            out.println("no service has reported its status on " + ServiceStatusReports.topicName(prefix)
                    + " (every Routeplane process reports while it runs)");
            return;
        }
        List<String[]> rows = new ArrayList<>();
        for (Report r : reports.values()) {
            String state = ServiceStatusReports.silent(r, clock, SILENT_AFTER) ? "SILENT" : r.status();
            rows.add(new String[] {r.service(), r.instance(), state, REPORTED.format(r.at())});
        }
        StatusCommand.table(out, new String[] {"SERVICE", "INSTANCE", "STATE", "REPORTED-AT"}, rows);
        out.println("(STATE: DOWN when the service stopped while its process keeps running, e.g. a Kafka Streams"
                + " client in ERROR: see that process's log and restart it; SILENT when its process has not reported"
                + " for " + SILENT_AFTER.toSeconds() + " s: it died or hangs)");
    }
}
