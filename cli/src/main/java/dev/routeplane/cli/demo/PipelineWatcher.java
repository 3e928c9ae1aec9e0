package dev.routeplane.cli.demo;

import dev.routeplane.contract.AttemptRecord;
import dev.routeplane.contract.CostEvent;
import dev.routeplane.contract.ExecutionResult;
import dev.routeplane.contract.RejectedRequest;
import dev.routeplane.contract.ResultStatus;
import dev.routeplane.contract.RoutingDecision;
import dev.routeplane.router.Shadows;
import dev.routeplane.schemas.RouteplaneSerdes;
import dev.routeplane.schemas.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Follows the pipeline's output topics (decisions, results, rejections, cost events) from the beginning, as
 * any analytics consumer would, and keeps the figures a person watching a run wants: how many were routed,
 * finished, failed, fell back, what was spent, by lane and model. Committed records only.
 *
 * <p>Threading: one background thread polls; {@link #snapshot} may be called from any thread.
 */
final class PipelineWatcher implements AutoCloseable {

    /** Cost and count of one lane × model. */
    record LaneModel(String lane, String model) {}

    private final KafkaConsumer<String, byte[]> consumer;
    private final Topics topics;
    private final Deserializer<RoutingDecision> decisions;
    private final Deserializer<ExecutionResult> results;
    private final Deserializer<RejectedRequest> rejections;
    private final Deserializer<CostEvent> costs;
    private final Thread thread;
    private final AtomicBoolean running = new AtomicBoolean(true);
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
    private volatile RuntimeException failure;

    PipelineWatcher(Map<String, Object> consumerConfig, Topics topics, RouteplaneSerdes serdes, String batchId) {
        Map<String, Object> config = new HashMap<>(consumerConfig);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 2_000);
        this.consumer = new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer());
        this.topics = topics;
        this.decisions = serdes.valueSerde(topics.decisions()).deserializer();
        this.results = serdes.valueSerde(topics.results()).deserializer();
        this.rejections = serdes.valueSerde(topics.requestsRejected()).deserializer();
        this.costs = serdes.valueSerde(topics.ledger()).deserializer();
        this.batchId = batchId;
        List<TopicPartition> partitions = new ArrayList<>();
        for (String topic : List.of(
                topics.decisions().name(),
                topics.results().name(),
                topics.requestsRejected().name(),
                topics.ledger().name())) {
            for (int p = 0; p < topics.partitions(); p++) {
                partitions.add(new TopicPartition(topic, p));
            }
        }
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        this.thread = new Thread(this::run, "routeplane-watcher");
        thread.setDaemon(true);
        thread.start();
    }

    private void run() {
        try {
            while (running.get()) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    accept(record);
                }
            }
        } catch (org.apache.kafka.common.errors.WakeupException e) {
            // closing
        } catch (RuntimeException e) {
            failure = e;
        } finally {
            consumer.close(Duration.ofSeconds(2));
        }
    }

    private void accept(ConsumerRecord<String, byte[]> record) {
        String topic = record.topic();
        if (topic.equals(topics.decisions().name())) {
            RoutingDecision d = decisions.deserialize(topic, record.value());
            if (mine(d.getBatchId())) {
                synchronized (this) {
                    decided.add(d.getRequestId());
                    laneOfRequest.put(d.getRequestId(), d.getLane());
                }
            }
        } else if (topic.equals(topics.results().name())) {
            onResult(results.deserialize(topic, record.value()));
        } else if (topic.equals(topics.requestsRejected().name())) {
            RejectedRequest r = rejections.deserialize(topic, record.value());
            synchronized (this) {
                rejectionsByReason.merge(r.getReasonCode(), 1L, Long::sum);
            }
        } else if (topic.equals(topics.ledger().name())) {
            CostEvent c = costs.deserialize(topic, record.value());
            if (mine(c.getBatchId())) {
                synchronized (this) {
                    costEvents++;
                    if (Shadows.isShadowId(c.getRequestId())) {
                        shadowCalls++;
                    }
                    spentMicros += c.getCostMicros();
                    long[] laneModel =
                            chosen.computeIfAbsent(new LaneModel(c.getLane(), c.getModel()), k -> new long[2]);
                    laneModel[1] += c.getCostMicros();
                }
            }
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
        if (failure != null) {
            throw new IllegalStateException("watching the pipeline failed: " + failure.getMessage(), failure);
        }
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
        running.set(false);
        consumer.wakeup();
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
