package dev.routeplane.router.internal;

import dev.routeplane.contract.SuccessModelSnapshot;
import dev.routeplane.learning.AnswerScorer;
import dev.routeplane.learning.OnlineSuccessEstimator;
import dev.routeplane.learning.SparseVector;
import dev.routeplane.router.LearnerTopology;
import dev.routeplane.router.LearnerTopologyConfig;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Trains the success models of the routes its task owns (examples arrive partitioned by route, so each route has
 * exactly one writer) and, every publish interval, persists and publishes those that changed. A route
 * {@code answer:<model>} is that model's answer scorer ({@link AnswerScorer}): it learns over the answer featurizer's
 * vectors with the answer scoring settings, and its snapshots name that featurizer. Starts from the models persisted
 * in its store.
 *
 * <p>Models live in memory between publishes, but the input offsets are committed far more often (every exactly-once
 * commit). So that a task reset between two publishes (a rebalance, or a task closed dirty after a producer error) does
 * not drop the examples whose offsets are already committed, each example is also kept in a changelogged store, in the
 * same transaction as its offset, until the publish that persists its model; {@link #init} replays them over the
 * persisted models. Without this the bench's train sweep once ended with every route about one publish interval of
 * examples short.
 */
public final class ModelTrainerProcessor implements Processor<String, TrainingExample, String, SuccessModelSnapshot> {
    private static final Logger LOG = LoggerFactory.getLogger(ModelTrainerProcessor.class);

    private final LearnerTopologyConfig cfg;
    private final Clock clock;
    private final Set<String> changed = new LinkedHashSet<>();
    private OnlineSuccessEstimator estimator;
    private OnlineSuccessEstimator answerScorers;
    private ProcessorContext<String, SuccessModelSnapshot> context;
    private KeyValueStore<String, byte[]> models;
    private KeyValueStore<String, byte[]> unpublished;
    private long sequence;

    public ModelTrainerProcessor(LearnerTopologyConfig cfg) {
        this.cfg = cfg;
        this.clock = cfg.clock();
    }

    private OnlineSuccessEstimator estimatorOf(String route) {
        return AnswerScorer.modelOf(route).isPresent() ? answerScorers : estimator;
    }

    @Override
    public void init(ProcessorContext<String, SuccessModelSnapshot> context) {
        this.context = context;
        this.models = context.getStateStore(LearnerTopology.MODELS_STORE);
        this.unpublished = context.getStateStore(LearnerTopology.UNPUBLISHED_STORE);
        // Fresh estimators: a revived task is initialised again on the same instance, and what it learned in memory
        // since the last publish is replayed from the unpublished examples below.
        this.estimator = cfg.learned().newEstimator(cfg.config());
        this.answerScorers = new OnlineSuccessEstimator(cfg.learned().answers().estimator());
        changed.clear();
        try (KeyValueIterator<String, byte[]> all = models.all()) {
            while (all.hasNext()) {
                KeyValue<String, byte[]> e = all.next();
                try {
                    estimatorOf(e.key).load(e.value);
                } catch (IllegalArgumentException bad) {
                    LOG.warn("Learner drops unreadable stored model of {}: {}", e.key, bad.getMessage());
                }
            }
        }
        sequence = 0;
        int replayed = 0;
        try (KeyValueIterator<String, byte[]> all = unpublished.all()) {
            while (all.hasNext()) {
                KeyValue<String, byte[]> e = all.next();
                sequence = Math.max(sequence, Long.parseLong(e.key) + 1);
                learn(TrainingExample.fromBytes(e.value));
                replayed++;
            }
        }
        if (replayed > 0) {
            LOG.info("Learner replayed {} examples it had not yet published before a restart", replayed);
        }
        context.schedule(cfg.publishInterval(), PunctuationType.WALL_CLOCK_TIME, now -> publish());
    }

    @Override
    public void process(Record<String, TrainingExample> record) {
        TrainingExample e = record.value();
        if (e == null || !(e.outcome() >= 0 && e.outcome() <= 1)) {
            return;
        }
        if (learn(e)) {
            // Zero-padded, so that the store's key order is arrival order when the examples are replayed.
            unpublished.put(String.format(Locale.ROOT, "%019d", sequence++), e.toBytes());
        }
    }

    /** Trains on one example; false if it does not fit its route's featurizer (skipped). */
    private boolean learn(TrainingExample e) {
        OnlineSuccessEstimator target = estimatorOf(e.route());
        if (e.features().size() > 0
                && e.features().index(e.features().size() - 1)
                        >= target.config().dimension()) {
            LOG.warn("Learner skips an example for {} from another featurizer", e.route());
            return false;
        }
        target.update(e.features(), e.route(), e.outcome());
        changed.add(e.route());
        return true;
    }

    private void publish() {
        if (changed.isEmpty()) {
            return;
        }
        Instant now = clock.instant();
        for (String route : changed) {
            OnlineSuccessEstimator source = estimatorOf(route);
            byte[] state = source.snapshot(route);
            models.put(route, state);
            long evidence = source.estimate(SparseVector.empty(), route).evidence();
            context.forward(new Record<>(
                    route,
                    SuccessModelSnapshot.newBuilder()
                            .setRoute(route)
                            .setFeaturizer(
                                    source == answerScorers
                                            ? cfg.learned().answers().featurizerId()
                                            : cfg.learned().featurizerId())
                            .setEvidence(evidence)
                            .setState(ByteBuffer.wrap(state))
                            .setUpdatedAt(now)
                            .build(),
                    now.toEpochMilli()));
        }
        changed.clear();
        // Every unpublished example belongs to a route just persisted: none is needed for a replay any more.
        List<String> keys = new ArrayList<>();
        try (KeyValueIterator<String, byte[]> all = unpublished.all()) {
            all.forEachRemaining(e -> keys.add(e.key));
        }
        keys.forEach(unpublished::delete);
    }
}
