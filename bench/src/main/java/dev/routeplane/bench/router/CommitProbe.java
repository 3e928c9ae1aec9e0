package dev.routeplane.bench.router;

import java.io.PrintStream;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * Watches a Kafka Streams application's committed input offsets. Under exactly_once_v2 the input offsets are
 * committed in the same transaction as the output, so "all input offsets committed" is the moment the Nth
 * output is visible to read_committed consumers. Polling the group coordinator costs the same for every
 * topology and, unlike a consumer of the output, reads no payload.
 */
final class CommitProbe {
    /** How often committed offsets are read; bounds the error of the end time. */
    static final Duration POLL = Duration.ofMillis(10);

    private static final Duration PROGRESS_EVERY = Duration.ofSeconds(2);

    private final Admin admin;
    private final PrintStream out;

    CommitProbe(Admin admin, PrintStream out) {
        this.admin = admin;
        this.out = out;
    }

    /**
     * When the run was observed complete and when its first commit was seen ({@link System#nanoTime}), and the CPU
     * used between the first record processed and completion.
     */
    record Observed(long firstCommitNanos, long doneNanos, long streamThreadCpuNanos, long processCpuNanos) {}

    /**
     * Blocks until the group has committed {@code targets} (input end offsets) on every partition.
     *
     * @param mark the run's first-record mark, for progress rates
     * @throws TimeoutException if the group has not caught up within {@code timeout}
     */
    Observed awaitCommitted(
            String label,
            String groupId,
            Map<TopicPartition, Long> targets,
            long total,
            FirstRecordMark mark,
            CpuMeter cpu,
            Duration timeout)
            throws TimeoutException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        long nextProgress = System.nanoTime() + PROGRESS_EVERY.toNanos();
        long firstCommit = 0;
        while (true) {
            long committed = committed(groupId, targets);
            long now = System.nanoTime();
            if (committed > 0 && firstCommit == 0) {
                firstCommit = now;
            }
            if (committed >= total) {
                CpuMeter.Sample end = cpu.sample();
                return new Observed(
                        firstCommit,
                        now,
                        end.streamThreadNanos() - mark.threadCpuNanos(),
                        end.processNanos() - mark.processCpuNanos());
            }
            if (now > deadline) {
                throw new TimeoutException(label + ": only " + committed + " of " + total + " records committed after "
                        + timeout.toSeconds() + " s");
            }
            if (now >= nextProgress) {
                long since = mark.nanos();
                String rate = since == 0
                        ? ""
                        : String.format(", %,d req/s so far", (long) (committed / ((now - since) / 1e9)));
                out.printf("  %s: %,d / %,d committed%s%n", label, committed, total, rate);
                nextProgress = now + PROGRESS_EVERY.toNanos();
            }
            TimeUnit.NANOSECONDS.sleep(POLL.toNanos());
        }
    }

    /** Committed records over all partitions, each capped at its target. */
    private long committed(String groupId, Map<TopicPartition, Long> targets) throws InterruptedException {
        Map<TopicPartition, OffsetAndMetadata> offsets;
        try {
            offsets = admin.listConsumerGroupOffsets(groupId)
                    .partitionsToOffsetAndMetadata()
                    .get(5, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            return 0; // the group may not exist until its first commit
        }
        long sum = 0;
        for (Map.Entry<TopicPartition, Long> t : targets.entrySet()) {
            OffsetAndMetadata o = offsets.get(t.getKey());
            if (o != null) {
                sum += Math.min(o.offset(), t.getValue());
            }
        }
        return sum;
    }
}
