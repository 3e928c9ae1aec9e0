package dev.routeplane.cli.demo;

import dev.routeplane.client.TopicFollower;
import dev.routeplane.contract.AttemptRecord;
import dev.routeplane.contract.CostEvent;
import dev.routeplane.contract.ExecutionResult;
import dev.routeplane.contract.RejectedRequest;
import dev.routeplane.contract.ResultStatus;
import dev.routeplane.contract.RoutingDecision;
import dev.routeplane.router.Shadows;
import dev.routeplane.schemas.RouteplaneSerdes;
import dev.routeplane.schemas.Topics;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Follows the pipeline's output topics (decisions, results, rejections, cost events) from the beginning, as
 * any analytics consumer would, and keeps the figures a person watching a run wants: how many were routed,
 * finished, failed, fell back, what was spent, by lane and model. Committed records only.
 *
 * <p>Threading: the follower's thread records; {@link #snapshot} may be called from any thread.
 */
final class PipelineWatcher implements AutoCloseable {

    /** Cost and count of one lane × model. */
    record LaneModel(String lane, String model) {}

    private final TopicFollower follower;
    private final String batchId;

    // guarded by this
    private final Set<String> decided = new HashSet<>();
    private final Map<String, ResultStatus> terminal = new HashMap<>();
    private long duplicateResults;
    private final Map<String, Long> resultsByStatusReason = new TreeMap<>();
    private final Map<String, Long> rejectionsByReason = new TreeMap<>();
    private static final Comparator<LaneModel> BY_LANE_MODEL =
            Comparator.comparing(LaneModel::lane).thenComparing(LaneModel::model);
    private final Map<LaneModel, long[]> chosen = new TreeMap<>(BY_LANE_MODEL);
    private final Map<String, String> laneOfRequest = new HashMap<>();
    private final List<Long> latencies = new ArrayList<>();
    private final List<long[]> succeededUsage = new ArrayList<>();
    private final Map<String, Long> failedAttempts = new TreeMap<>();
    private long fallbacks;
    private long spentMicros;
    private long costEvents;
    private long shadowCalls;

    PipelineWatcher(Map<String, Object> consumerConfig, Topics topics, RouteplaneSerdes serdes, String batchId) {
        this.batchId = batchId;
        this.follower = TopicFollower.builder(consumerConfig, "routeplane-watcher")
                .follow(topics.decisions().name(), serdes.decoder(topics.decisions()), this::onDecision)
                .follow(topics.results().name(), serdes.decoder(topics.results()), this::onResult)
                .follow(topics.requestsRejected().name(), serdes.decoder(topics.requestsRejected()), this::onRejection)
                .follow(topics.ledger().name(), serdes.decoder(topics.ledger()), this::onCost)
                .build()
                .start();
    }

    private synchronized void onDecision(RoutingDecision d) {
        if (mine(d.getBatchId())) {
            decided.add(d.getRequestId());
            laneOfRequest.put(d.getRequestId(), d.getLane());
        }
    }

    private synchronized void onRejection(RejectedRequest r) {
        rejectionsByReason.merge(r.getReasonCode(), 1L, Long::sum);
    }

    private synchronized void onCost(CostEvent c) {
        if (mine(c.getBatchId())) {
            costEvents++;
            if (Shadows.isShadowId(c.getRequestId())) {
                shadowCalls++;
            }
            spentMicros += c.getCostMicros();
            long[] laneModel = chosen.computeIfAbsent(new LaneModel(c.getLane(), c.getModel()), k -> new long[2]);
            laneModel[1] += c.getCostMicros();
        }
    }

    private synchronized void onResult(ExecutionResult result) {
        if (!mine(result.getBatchId())) {
            return;
        }
        if (terminal.putIfAbsent(result.getRequestId(), result.getStatus()) != null) {
            duplicateResults++;
            return;
        }
        String key = result.getStatus() + (result.getReason() == null ? "" : "/" + result.getReason());
        resultsByStatusReason.merge(key, 1L, Long::sum);
        String lane = laneOfRequest.get(result.getRequestId());
        if (lane != null && result.getModel() != null && result.getStatus() == ResultStatus.SUCCEEDED) {
            chosen.computeIfAbsent(new LaneModel(lane, result.getModel()), k -> new long[2])[0]++;
        }
        if (result.getStatus() == ResultStatus.SUCCEEDED) {
            latencies.add(result.getLatencyMs());
            succeededUsage.add(new long[] {
                result.getUsage().getInputTokens(), result.getUsage().getOutputTokens()
            });
        }
        Set<String> routes = new HashSet<>();
        for (AttemptRecord attempt : result.getAttempts()) {
            routes.add(attempt.getProvider() + "/" + attempt.getModel());
            if (!"SUCCEEDED".equals(attempt.getOutcome())) {
                String kind = attempt.getErrorKind() == null ? "" : " (" + attempt.getErrorKind() + ")";
                failedAttempts.merge(
                        attempt.getProvider() + "/" + attempt.getModel() + " " + attempt.getOutcome() + kind,
                        1L,
                        Long::sum);
            }
        }
        if (routes.size() > 1) {
            fallbacks++;
        }
    }

    private boolean mine(String recordBatchId) {
        return batchId == null || batchId.equals(recordBatchId);
    }

    /** A consistent copy of the figures so far. */
    synchronized WatchSnapshot snapshot() {
        long failed = terminal.values().stream()
                .filter(s -> s != ResultStatus.SUCCEEDED)
                .count();
        Map<LaneModel, long[]> chosenCopy = new TreeMap<>(BY_LANE_MODEL);
        chosen.forEach((k, v) -> chosenCopy.put(k, v.clone()));
        return new WatchSnapshot(
                decided.size(),
                terminal.size(),
                failed,
                duplicateResults,
                fallbacks,
                spentMicros,
                costEvents,
                shadowCalls,
                new TreeMap<>(resultsByStatusReason),
                new TreeMap<>(rejectionsByReason),
                chosenCopy,
                List.copyOf(latencies),
                List.copyOf(succeededUsage),
                Set.copyOf(terminal.keySet()),
                new TreeMap<>(failedAttempts));
    }

    @Override
    public void close() {
        follower.close();
    }
}
