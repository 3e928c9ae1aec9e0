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
import java.util.LinkedHashSet;
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
 */
public final class ModelTrainerProcessor implements Processor<String, TrainingExample, String, SuccessModelSnapshot> {
    private static final Logger LOG = LoggerFactory.getLogger(ModelTrainerProcessor.class);

    private final LearnerTopologyConfig cfg;
    private final Clock clock;
    private final OnlineSuccessEstimator estimator;
    private final OnlineSuccessEstimator answerScorers;
    private final Set<String> changed = new LinkedHashSet<>();
    private ProcessorContext<String, SuccessModelSnapshot> context;
    private KeyValueStore<String, byte[]> models;

    public ModelTrainerProcessor(LearnerTopologyConfig cfg) {
        this.cfg = cfg;
        this.clock = cfg.clock();
        this.estimator = cfg.learned().newEstimator(cfg.config());
        this.answerScorers = new OnlineSuccessEstimator(cfg.learned().answers().estimator());
    }

    private OnlineSuccessEstimator estimatorOf(String route) {
        return AnswerScorer.modelOf(route).isPresent() ? answerScorers : estimator;
    }

    @Override
    public void init(ProcessorContext<String, SuccessModelSnapshot> context) {
        this.context = context;
        this.models = context.getStateStore(LearnerTopology.MODELS_STORE);
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
        context.schedule(cfg.publishInterval(), PunctuationType.WALL_CLOCK_TIME, now -> publish());
    }

    @Override
    public void process(Record<String, TrainingExample> record) {
        TrainingExample e = record.value();
        if (e == null || !(e.outcome() >= 0 && e.outcome() <= 1)) {
            return;
        }
        OnlineSuccessEstimator target = estimatorOf(e.route());
        if (e.features().size() > 0
                && e.features().index(e.features().size() - 1)
                        >= target.config().dimension()) {
            LOG.warn("Learner skips an example for {} from another featurizer", e.route());
            return;
        }
        target.update(e.features(), e.route(), e.outcome());
        changed.add(e.route());
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
    }
}
