package dev.routeplane.router;

import dev.routeplane.contract.AliasBinding;
import dev.routeplane.contract.SuccessModelSnapshot;
import dev.routeplane.router.internal.AliasGuardProcessor;
import dev.routeplane.router.internal.AliasOutcome;
import dev.routeplane.router.internal.GlobalStoreUpdater;
import dev.routeplane.router.internal.GuardJoinProcessor;
import dev.routeplane.router.internal.LearnerJoinProcessor;
import dev.routeplane.router.internal.ModelTrainerProcessor;
import dev.routeplane.router.internal.TrainingExample;
import dev.routeplane.schemas.Topics;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.state.Stores;

/**
 * The learner: turns feedback into per-model success models for {@link LearnedSelector}.
 *
 * <pre>
 * rp.requests.v1 ─┐
 * rp.results.v1 ──┼─► learner-join (tenant partition)            stores: learner-pending (tenant\0requestId →
 * rp.feedback.v1 ─┘     request → hashed prompt vector               vector digest, answering model, time,
 *                                  + the answer scorer's prompt side  answer side), learner-vectors (digest →
 *                       result  → which model answered, its answer's  vector), learner-answer-prompts (digest →
 *                                 features and extracted answer       prompt side), learner-answers (digest →
 *                       feedback → one training example (vector,      models' extracted answers, as hashes)
 *                                  model, outcome in [0,1]) and one for
 *                                  the model's answer scorer (answer:<model>)
 *                            │ repartition by route (learner-examples)
 *                            ▼
 *                  learner-train (one task owns each route: the estimator's single writer)
 *                            │ every publish interval, changed models      stores: learner-models (route → state),
 *                            │                                             learner-unpublished (examples since)
 *                            ▼
 *                  rp.success-models.v1 (compacted, keyed by route) ──► every router's global store, and the
 *                                                                        executors' answer scorers
 * </pre>
 *
 * <p>The same application runs the online guard: for requests routed through an alias it joins decisions to results
 * and feedback, repartitions the outcomes by alias, and when the model an alias was last re-bound to regresses
 * against the model it replaced ({@link AliasGuardSettings}), re-binds the alias to that model on
 * {@code rp.aliases.v1}, the reason in the event:
 *
 * <pre>
 * rp.decisions.v1 ─┐
 * rp.results.v1 ───┼─► guard-join (tenant partition) ─► repartition by alias (guard-outcomes)
 * rp.feedback.v1 ──┘       store: guard-pending           ─► guard-check ─► rp.aliases.v1 (rollback events)
 *                                                             stores: guard-stats, learner-aliases (global)
 * </pre>
 *
 * <p>It learns only from {@code rp.feedback.v1}: a request's own labels never reach it. The prompt vector is
 * computed here from the request, with the router's classifier and featurizer, so it equals the one routed on;
 * identical prompts share one stored vector. Requests, results and feedback are keyed by tenantId and
 * co-partitioned, so the join needs no shuffle; only the small examples are repartitioned.
 *
 * <p>Exactly-once covers the join and the published snapshots. The trainer keeps its models in memory and
 * persists them at each publish; the examples since the last publish are kept in a changelogged store in the same
 * transaction as their input offsets and replayed after a crash or task reset, so none is lost or learned twice.
 */
public final class LearnerTopology {
    // The stores of the joins are "-v2" since their keys lead with a generation (ExpiringStore): entries of the
    // stores before are not carried over.
    public static final String PENDING_STORE = "learner-pending-v2";
    public static final String VECTORS_STORE = "learner-vectors-v2";
    public static final String MODELS_STORE = "learner-models";
    /** The trainer's examples since its last publish, so that a task reset replays them (changelogged). */
    public static final String UNPUBLISHED_STORE = "learner-unpublished";

    public static final String ANSWER_PROMPTS_STORE = "learner-answer-prompts-v2";
    public static final String ANSWERS_STORE = "learner-answers-v2";
    public static final String EXAMPLES_REPARTITION = "learner-examples";
    public static final String GUARD_PENDING_STORE = "guard-pending-v2";
    public static final String GUARD_STATS_STORE = "guard-stats";
    public static final String GUARD_ALIASES_STORE = "learner-aliases";
    public static final String GUARD_OUTCOMES_REPARTITION = "guard-outcomes";

    private LearnerTopology() {}

    /** Builds the topology; a pure function of {@code cfg}. */
    public static Topology build(LearnerTopologyConfig cfg) {
        Topics topics = cfg.topics();
        Serde<String> keys = Serdes.String();
        Serde<byte[]> raw = Serdes.ByteArray();
        StreamsBuilder builder = new StreamsBuilder();
        Serde<Bytes> generationKeys = Serdes.Bytes();
        builder.addStateStore(
                Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(PENDING_STORE), generationKeys, raw)
                        .withCachingDisabled());
        builder.addStateStore(
                Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(VECTORS_STORE), generationKeys, raw)
                        .withCachingEnabled());
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(MODELS_STORE), keys, raw)
                .withCachingDisabled());
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(UNPUBLISHED_STORE), keys, raw)
                .withCachingDisabled());
        builder.addStateStore(
                Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(ANSWER_PROMPTS_STORE), generationKeys, raw)
                        .withCachingEnabled());
        builder.addStateStore(
                Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(ANSWERS_STORE), generationKeys, raw)
                        .withCachingEnabled());

        KStream<String, byte[]> requests = builder.stream(
                topics.requests().name(), Consumed.with(keys, raw).withName("learner-requests-source"));
        KStream<String, byte[]> results =
                builder.stream(topics.results().name(), Consumed.with(keys, raw).withName("learner-results-source"));
        KStream<String, byte[]> feedback = builder.stream(
                topics.feedback().name(), Consumed.with(keys, raw).withName("learner-feedback-source"));

        requests.merge(results, Named.as("learner-merge-results"))
                .merge(feedback, Named.as("learner-merge-feedback"))
                .process(
                        () -> new LearnerJoinProcessor(cfg),
                        Named.as("learner-join"),
                        PENDING_STORE,
                        VECTORS_STORE,
                        ANSWER_PROMPTS_STORE,
                        ANSWERS_STORE)
                .repartition(Repartitioned.with(keys, TrainingExample.serde()).withName(EXAMPLES_REPARTITION))
                .process(
                        () -> new ModelTrainerProcessor(cfg),
                        Named.as("learner-train"),
                        MODELS_STORE,
                        UNPUBLISHED_STORE)
                .to(
                        topics.successModels().name(),
                        Produced.<String, SuccessModelSnapshot>with(
                                        keys, cfg.serdes().valueSerde(topics.successModels()))
                                .withName("learner-success-models-sink"));

        addGuard(builder, cfg, results, feedback);
        return builder.build();
    }

    /**
     * Only the online guard, as its own application: for routers without learned routing, whose aliases still deserve
     * an automatic rollback. The same sub-topology and stores as in {@link #build}, without the learner's.
     */
    public static Topology guardOnly(LearnerTopologyConfig cfg) {
        Topics topics = cfg.topics();
        Serde<String> keys = Serdes.String();
        Serde<byte[]> raw = Serdes.ByteArray();
        StreamsBuilder builder = new StreamsBuilder();
        KStream<String, byte[]> results =
                builder.stream(topics.results().name(), Consumed.with(keys, raw).withName("guard-results-source"));
        KStream<String, byte[]> feedback = builder.stream(
                topics.feedback().name(), Consumed.with(keys, raw).withName("guard-feedback-source"));
        addGuard(builder, cfg, results, feedback);
        return builder.build();
    }

    private static void addGuard(
            StreamsBuilder builder,
            LearnerTopologyConfig cfg,
            KStream<String, byte[]> results,
            KStream<String, byte[]> feedback) {
        Topics topics = cfg.topics();
        Serde<String> keys = Serdes.String();
        Serde<byte[]> raw = Serdes.ByteArray();
        builder.addStateStore(
                Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(GUARD_PENDING_STORE), Serdes.Bytes(), raw)
                        .withCachingDisabled());
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(GUARD_STATS_STORE), keys, raw)
                .withCachingDisabled());
        builder.addGlobalStore(
                Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(GUARD_ALIASES_STORE), keys, raw)
                        .withLoggingDisabled(),
                topics.aliases().name(),
                Consumed.with(keys, raw).withName("learner-aliases-source"),
                () -> new GlobalStoreUpdater(GUARD_ALIASES_STORE));
        KStream<String, byte[]> decisions = builder.stream(
                topics.decisions().name(), Consumed.with(keys, raw).withName("guard-decisions-source"));
        decisions
                .merge(results, Named.as("guard-merge-results"))
                .merge(feedback, Named.as("guard-merge-feedback"))
                .process(() -> new GuardJoinProcessor(cfg), Named.as("guard-join"), GUARD_PENDING_STORE)
                .repartition(Repartitioned.with(keys, AliasOutcome.serde()).withName(GUARD_OUTCOMES_REPARTITION))
                .process(() -> new AliasGuardProcessor(cfg), Named.as("guard-check"), GUARD_STATS_STORE)
                .to(
                        topics.aliases().name(),
                        Produced.<String, AliasBinding>with(keys, cfg.serdes().valueSerde(topics.aliases()))
                                .withName("guard-rollback-sink"));
    }
}
