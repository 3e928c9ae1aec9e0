package dev.routeplane.router.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.routeplane.contract.SuccessModelSnapshot;
import dev.routeplane.learning.SparseVector;
import dev.routeplane.router.LearnedRouting;
import dev.routeplane.router.LearnerTopology;
import dev.routeplane.router.LearnerTopologyConfig;
import dev.routeplane.router.testing.RouterDriver;
import dev.routeplane.router.testing.TestConfigs;
import dev.routeplane.schemas.RouteplaneSerdes;
import dev.routeplane.schemas.Topics;
import dev.routeplane.schemas.testing.InMemorySchemaRegistryClient;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The trainer keeps its models in memory between publishes while its input offsets are committed far more often; a
 * task reset in between must neither lose the examples already committed nor learn them twice.
 */
class ModelTrainerProcessorTest {
    private static final String MODEL = "gpt-4o-mini";

    private final LearnerTopologyConfig cfg = LearnerTopologyConfig.of(
            TestConfigs.bundled(),
            Topics.defaults(),
            new RouteplaneSerdes(
                    Map.of("schema.registry.url", "http://in-memory:8081"), new InMemorySchemaRegistryClient()),
            RouterDriver.CLASSIFIER,
            LearnedRouting.ofDefaults(),
            Clock.fixed(RouterDriver.NOW, ZoneOffset.UTC));
    private MockProcessorContext<String, SuccessModelSnapshot> context;

    @BeforeEach
    void stores() {
        context = new MockProcessorContext<>();
        for (String name : new String[] {LearnerTopology.MODELS_STORE, LearnerTopology.UNPUBLISHED_STORE}) {
            KeyValueStore<String, byte[]> store = Stores.keyValueStoreBuilder(
                            Stores.inMemoryKeyValueStore(name), Serdes.String(), Serdes.ByteArray())
                    .withLoggingDisabled()
                    .build();
            store.init(context.getStateStoreContext(), store);
            context.addStateStore(store);
        }
    }

    @Test
    void examplesLearnedSinceTheLastPublishSurviveATaskResetExactlyOnce() {
        ModelTrainerProcessor trainer = new ModelTrainerProcessor(cfg);
        trainer.init(context);
        learn(trainer, 3);
        assertThat(publish()).containsEntry(MODEL, 3L);
        learn(trainer, 2); // processed (their offsets committed), not yet published

        // Streams initialises a revived task's processors again, on the same instances
        trainer.init(context);
        assertThat(publish()).as("3 persisted + 2 replayed").containsEntry(MODEL, 5L);

        ModelTrainerProcessor next = new ModelTrainerProcessor(cfg); // another instance, after a rebalance
        next.init(context);
        learn(next, 1);
        assertThat(publish())
                .as("the replayed examples were dropped once persisted")
                .containsEntry(MODEL, 6L);
    }

    @Test
    void skippedExamplesAreNotKeptForReplay() {
        ModelTrainerProcessor trainer = new ModelTrainerProcessor(cfg);
        trainer.init(context);
        trainer.process(new Record<>(MODEL, new TrainingExample(MODEL, Double.NaN, SparseVector.empty()), 0L));
        trainer.process(new Record<>(
                MODEL,
                new TrainingExample(MODEL, 1, SparseVector.of(new int[] {Integer.MAX_VALUE}, new float[] {1})),
                0L));

        KeyValueStore<String, byte[]> unpublished = context.getStateStore(LearnerTopology.UNPUBLISHED_STORE);
        assertThat(unpublished.approximateNumEntries()).isZero();
    }

    private static void learn(ModelTrainerProcessor trainer, int examples) {
        for (int i = 0; i < examples; i++) {
            trainer.process(new Record<>(
                    MODEL, new TrainingExample(MODEL, i % 2, SparseVector.empty()), RouterDriver.NOW.toEpochMilli()));
        }
    }

    /** Runs the latest scheduled publish; the evidence of each route it published. */
    private Map<String, Long> publish() {
        context.resetForwards();
        var punctuators = context.scheduledPunctuators();
        punctuators.get(punctuators.size() - 1).getPunctuator().punctuate(RouterDriver.NOW.toEpochMilli());
        Map<String, Long> evidence = new HashMap<>();
        context.forwarded()
                .forEach(f -> evidence.put(f.record().key(), f.record().value().getEvidence()));
        return evidence;
    }
}
