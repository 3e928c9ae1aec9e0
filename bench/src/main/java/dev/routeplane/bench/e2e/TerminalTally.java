package dev.routeplane.bench.e2e;

import dev.routeplane.client.TopicFollower;
import dev.routeplane.contract.AttemptRecord;
import dev.routeplane.contract.ExecutionResult;
import dev.routeplane.contract.RejectedRequest;
import dev.routeplane.schemas.RouteplaneSerdes;
import dev.routeplane.schemas.Topics;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Counts the terminal outcomes of the run's requests as every reader of the pipeline sees them: committed
 * {@code ExecutionResult}s on {@code rp.results.v1} and refusals on {@code rp.requests.rejected.v1}, per request id,
 * with the summed latency of each result's provider calls (measured by the executor). A request id counted twice
 * is a duplicate terminal outcome.
 */
final class TerminalTally implements AutoCloseable {
    private final String prefix;
    private final Map<String, Long> providerMs = new ConcurrentHashMap<>();
    private final Map<String, Integer> counts = new ConcurrentHashMap<>();
    private final AtomicLong terminal = new AtomicLong();
    private final AtomicLong rejected = new AtomicLong();
    private final TopicFollower follower;

    /** Follows the run's requests, those whose id starts with {@code prefix}, from {@code since}. */
    TerminalTally(Map<String, Object> kafka, Topics topics, RouteplaneSerdes serdes, String prefix, Instant since)
            throws InterruptedException {
        this.prefix = prefix;
        this.follower = TopicFollower.builder(kafka, "bench-e2e-tally-" + prefix)
                .follow(topics.results().name(), serdes.decoder(topics.results()), this::result)
                .follow(
                        topics.requestsRejected().name(),
                        serdes.decoder(topics.requestsRejected()),
                        (RejectedRequest r) -> {
                            if (count(r.getRequestId() == null ? "" : r.getRequestId())) {
                                rejected.incrementAndGet();
                            }
                        })
                .from(since)
                .build()
                .start();
        follower.awaitAssigned(Duration.ofSeconds(60));
    }

    private void result(ExecutionResult result) {
        if (count(result.getRequestId())) {
            long ms = 0;
            for (AttemptRecord attempt : result.getAttempts()) {
                ms += attempt.getLatencyMs();
            }
            providerMs.put(result.getRequestId(), ms);
        }
    }

    private boolean count(String requestId) {
        if (!requestId.startsWith(prefix)) {
            return false;
        }
        counts.merge(requestId, 1, Integer::sum);
        terminal.incrementAndGet();
        return true;
    }

    /** Terminal outcomes read so far, duplicates included. */
    long terminal() {
        return terminal.get();
    }

    /** Request ids with at least one terminal outcome. */
    long distinct() {
        return counts.size();
    }

    /** Request ids with more than one terminal outcome. */
    long duplicated() {
        return counts.values().stream().filter(c -> c > 1).count();
    }

    long rejected() {
        return rejected.get();
    }

    boolean has(String requestId) {
        return counts.containsKey(requestId);
    }

    /** Request id to the summed latency of its provider calls, for the results read so far. */
    Map<String, Long> providerMs() {
        return new HashMap<>(providerMs);
    }

    @Override
    public void close() {
        follower.close();
    }
}
