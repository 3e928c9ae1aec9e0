package dev.routeplane.cli;

import dev.routeplane.client.BatchStates;
import dev.routeplane.client.TopicFollower;
import dev.routeplane.contract.BatchPhase;
import dev.routeplane.contract.BatchState;
import dev.routeplane.contract.ExecutionResult;
import dev.routeplane.contract.ResultStatus;
import dev.routeplane.schemas.RouteplaneSerdes;
import dev.routeplane.schemas.Topics;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * The open batches part of {@code status}: every batch on {@code rp.batches.v1} that is still submitting, in progress
 * or cancelling, with its requests, how many finished and failed (counted from {@code rp.results.v1}, read from the
 * oldest open batch's creation on), the rate over the last minute and the time left at that rate.
 */
final class StatusBatches {
    private static final Duration RATE_WINDOW = Duration.ofSeconds(60);
    private static final Duration CLOCK_SKEW = Duration.ofMinutes(5);
    private static final DateTimeFormatter CREATED =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(ZoneOffset.UTC);

    /** Finished requests of one batch. */
    private static final class Counts {
        final Set<String> done = new HashSet<>();
        long failed;
        long lastMinute;
    }

    private StatusBatches() {}

    static void print(Map<String, Object> kafka, Topics topics, RouteplaneSerdes serdes, Clock clock, PrintWriter out)
            throws InterruptedException {
        List<BatchState> open;
        try (BatchStates states = new BatchStates(kafka, topics, serdes, "routeplane-status")) {
            open = states.all().stream()
                    .filter(s -> s.getPhase() == BatchPhase.SUBMITTING
                            || s.getPhase() == BatchPhase.IN_PROGRESS
                            || s.getPhase() == BatchPhase.CANCELLING)
                    .sorted(Comparator.comparing(BatchState::getCreatedAt))
                    .toList();
        }
        if (open.isEmpty()) {
            out.println("no open batches on " + topics.batches().name());
            return;
        }
        Instant now = clock.instant();
        Map<String, Counts> counts = count(kafka, topics, serdes, open, now);
        List<String[]> rows = new ArrayList<>();
        for (BatchState batch : open) {
            Counts c = counts.get(batch.getBatchId());
            long done = c.done.size();
            long total = batch.getAcceptedRequests();
            double perSecond = c.lastMinute / (double) RATE_WINDOW.toSeconds();
            long remaining = Math.max(0, total - done);
            String eta = remaining == 0
                    ? "0s"
                    : perSecond > 0
                            ? BatchProgressDisplay.duration(Duration.ofSeconds((long) (remaining / perSecond)))
                            : "-";
            rows.add(new String[] {
                batch.getTenantId(),
                batch.getBatchId(),
                batch.getPhase().name().toLowerCase(Locale.ROOT),
                batch.getSource(),
                String.valueOf(total),
                String.valueOf(batch.getSubmittedRequests()),
                String.valueOf(done),
                String.valueOf(c.failed),
                String.format(Locale.ROOT, "%.1f", perSecond),
                eta,
                CREATED.format(batch.getCreatedAt())
            });
        }
        StatusCommand.table(
                out,
                new String[] {
                    "TENANT",
                    "BATCH",
                    "PHASE",
                    "SOURCE",
                    "REQUESTS",
                    "SUBMITTED",
                    "DONE",
                    "FAILED",
                    "PER-SEC",
                    "ETA",
                    "CREATED"
                },
                rows);
        out.println("(DONE and FAILED: terminal results so far; PER-SEC: results in the last minute; ETA: the rest"
                + " at that rate)");
    }

    /** Results of the open batches, read from the oldest one's creation to where the topic ends now. */
    private static Map<String, Counts> count(
            Map<String, Object> kafka, Topics topics, RouteplaneSerdes serdes, List<BatchState> open, Instant now)
            throws InterruptedException {
        Map<String, Counts> counts = new HashMap<>();
        Map<String, String> tenantOf = new HashMap<>();
        for (BatchState batch : open) {
            counts.put(batch.getBatchId(), new Counts());
            tenantOf.put(batch.getBatchId(), batch.getTenantId());
        }
        Instant recent = now.minus(RATE_WINDOW);
        try (TopicFollower results = TopicFollower.builder(kafka, "routeplane-status-batches")
                .follow(topics.results().name(), serdes.decoder(topics.results()), (ExecutionResult r) -> {
                    Counts c = r.getBatchId() == null ? null : counts.get(r.getBatchId());
                    String owner = c == null ? null : tenantOf.get(r.getBatchId());
                    boolean ours = c != null
                            && (SubmitCommand.LINES_NAME_TENANTS.equals(owner) || owner.equals(r.getTenantId()));
                    if (ours) {
                        synchronized (counts) {
                            if (c.done.add(r.getTenantId() + "/" + r.getRequestId())) {
                                c.failed += r.getStatus() == ResultStatus.SUCCEEDED ? 0 : 1;
                                c.lastMinute += r.getCompletedAt().isAfter(recent) ? 1 : 0;
                            }
                        }
                    }
                })
                .from(open.get(0).getCreatedAt().minus(CLOCK_SKEW))
                .build()
                .start()) {
            results.awaitAssigned(Duration.ofSeconds(StatusCommand.TIMEOUT_SECONDS));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (!results.caughtUp() && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
        }
        synchronized (counts) {
            return counts;
        }
    }
}
