package dev.routeplane.executors.internal;

import dev.routeplane.client.TopicFollower;
import dev.routeplane.contract.BatchPhase;
import dev.routeplane.contract.BatchState;
import dev.routeplane.contract.ExecutionTask;
import dev.routeplane.schemas.RouteplaneSerdes;
import dev.routeplane.schemas.Topics;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which batches were cancelled, read from {@code rp.batches.v1} (compacted: read from its beginning, then followed).
 * A task of a cancelled batch that has not started (its first delivery: no earlier attempt, no cascade answer) ends
 * {@code CANCELLED} without a call; a request already under way (a fallback, a later cascade stage) finishes and is
 * billed. A cancel published while a task is being taken may miss it: that task runs, as a call already in flight
 * would. Thread-safe.
 */
public final class BatchCancellations implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(BatchCancellations.class);
    private static final Duration CATCH_UP = Duration.ofSeconds(15);

    private final Set<String> cancelled = ConcurrentHashMap.newKeySet();
    private final TopicFollower follower;

    private BatchCancellations(Map<String, Object> kafka, Topics topics, RouteplaneSerdes serdes, String clientId) {
        this.follower = TopicFollower.builder(kafka, clientId)
                .follow(topics.batches().name(), serdes.decoder(topics.batches()), this::apply)
                .build()
                .start();
    }

    /** Starts following; returns once caught up (or after a short wait, logging that cancels may be late). */
    public static BatchCancellations start(
            Map<String, Object> kafka, Topics topics, RouteplaneSerdes serdes, String clientId) {
        BatchCancellations cancellations = new BatchCancellations(kafka, topics, serdes, clientId);
        long end = System.nanoTime() + CATCH_UP.toNanos();
        while (!cancellations.follower.caughtUp() && System.nanoTime() < end) {
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        if (!cancellations.follower.caughtUp()) {
            LOG.warn("batch states not read within {} s; cancels are applied once they are", CATCH_UP.toSeconds());
        }
        return cancellations;
    }

    /** Whether {@code task} is the untouched first delivery of a request whose batch was cancelled. */
    public boolean stops(ExecutionTask task) {
        String batchId = task.getRequest().getBatchId();
        return batchId != null
                && task.getAttempt() == 1
                && task.getPreviousAttempts().isEmpty()
                && task.getCascadeAnswers().isEmpty()
                && cancelled.contains(Topics.batchKey(task.getRequest().getTenantId(), batchId));
    }

    /** Whether a cancel of the tenant's batch was asked for. */
    public boolean cancelled(String tenantId, String batchId) {
        return batchId != null && cancelled.contains(Topics.batchKey(tenantId, batchId));
    }

    private void apply(BatchState state) {
        String key = Topics.batchKey(state.getTenantId(), state.getBatchId());
        if (state.getPhase() == BatchPhase.CANCELLING || state.getPhase() == BatchPhase.CANCELLED) {
            cancelled.add(key);
        } else {
            cancelled.remove(key);
        }
    }

    /** Whether the follower still reads: false once it stopped on an error (or was closed). */
    public boolean reading() {
        return follower.running();
    }

    @Override
    public void close() {
        follower.close();
    }
}
