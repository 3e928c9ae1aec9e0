package dev.routeplane.router;

import dev.routeplane.config.Provider;
import dev.routeplane.contract.ExecutionTask;
import dev.routeplane.contract.LatencyClass;
import dev.routeplane.router.internal.ApprovalRecorder;
import dev.routeplane.router.internal.BudgetFeedProcessor;
import dev.routeplane.router.internal.DecisionReuse;
import dev.routeplane.router.internal.GlobalStoreUpdater;
import dev.routeplane.router.internal.RouteRequestProcessor;
import dev.routeplane.router.internal.RouterRuntime;
import dev.routeplane.router.internal.StateSerdes;
import dev.routeplane.router.internal.SuccessModelUpdater;
import dev.routeplane.schemas.Partitions;
import dev.routeplane.schemas.Topics;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.processor.StreamPartitioner;
import org.apache.kafka.streams.processor.TopicNameExtractor;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/**
 * The router topology: one sub-topology, keyed by tenantId throughout, plus five global stores.
 *
 * <pre>
 * rp.requests.v1 (String, byte[]) ──► route-request ──► decisions-sink     rp.decisions.v1        RoutingDecision
 *                                          │        ├─► exec-sink          rp.exec.&lt;provider&gt;[.batch].v1  ExecutionTask
 *                                          │        ├─► rejected-sink      rp.requests.rejected.v1 RejectedRequest
 *                                          │        └─► results-sink       rp.results.v1          ExecutionResult (refusals)
 * rp.results.v1 (String, byte[]) ────► settle-result       (releases reservations, counts actual cost)
 * rp.shadow-results.v1 ──────────────┘                      (the same for shadow calls, under id#shadow)
 * rp.tenant-spend.v1 (String, byte[]) ► apply-tenant-spend (ledger spend of the current period)
 * rp.approvals.v1 (String, byte[]) ───► record-approval    (trusted approvals of side-effect tools, per request)
 *
 * task stores (persistent, changelogged): router-budget (tenantId → BudgetState), router-reservations
 *   (tenantId\0requestId → Reservation), router-dedupe-generations (routed-at / 7 days ‖ tenantId\0requestId →
 *   routed-at millis; whole generations purged once older than 7 days), router-approvals (tenantId\0requestId →
 *   the request's approved tools and approvers; purged 7 days after the approval), router-parked-requests
 *   (tenantId\0partition offset → request bytes: batch requests waiting for reservations to settle, routed again
 *   every second)
 * global stores (in memory, raw Avro bytes, latest per key): router-aliases ← rp.aliases.v1,
 *   router-provider-health ← rp.provider-health.v1, router-route-stats ← rp.route-stats.v1, router-batches ←
 *   rp.batches.v1 (a cancelled batch's requests are refused CANCELLED),
 *   router-success-models ← rp.success-models.v1 (each snapshot also handed to the selector)
 * </pre>
 *
 * Requests, results, tenant spend and approvals are co-partitioned by tenantId and share the task stores, so they form
 * one sub-topology and a tenant's budget is owned by exactly one task: concurrent requests cannot race past
 * it and no repartition is needed. All sources read bytes and decode inside the processors, so bad bytes
 * become rejections (requests) or logged skips (results, spend, control topics) in the same transaction
 * instead of failing the thread. The router reads its own refusal results back from rp.results.v1; they carry
 * no reservation and cost nothing, so settling them is a no-op. Exec tasks are keyed by tenantId too, but nothing reads
 * them back here: they are spread over the exec topic's partitions by request id ({@link Partitions#ofTask}).
 */
public final class RouterTopology {
    public static final String REQUESTS_SOURCE = "requests-source";
    public static final String RESULTS_SOURCE = "results-source";
    public static final String TENANT_SPEND_SOURCE = "tenant-spend-source";
    public static final String APPROVALS_SOURCE = "approvals-source";
    public static final String ROUTE_PROCESSOR = "route-request";
    public static final String SETTLE_PROCESSOR = "settle-result";
    public static final String SPEND_PROCESSOR = "apply-tenant-spend";
    public static final String APPROVAL_PROCESSOR = "record-approval";
    public static final String DECISIONS_SINK = "decisions-sink";
    public static final String EXEC_SINK = "exec-sink";
    public static final String REJECTED_SINK = "rejected-sink";
    public static final String RESULTS_SINK = "results-sink";
    public static final String BUDGET_STORE = "router-budget";
    public static final String RESERVATION_STORE = "router-reservations";
    public static final String DEDUPE_STORE = "router-dedupe-generations";
    public static final String APPROVAL_STORE = "router-approvals";
    public static final String ALIAS_STORE = "router-aliases";
    public static final String HEALTH_STORE = "router-provider-health";
    public static final String STATS_STORE = "router-route-stats";
    public static final String SUCCESS_MODEL_STORE = "router-success-models";
    public static final String BATCHES_STORE = "router-batches";
    public static final String PARKED_STORE = "router-parked-requests";

    private RouterTopology() {}

    /** Builds the topology; pure: no threads, no network (the registry is contacted when records flow). */
    public static Topology build(RouterTopologyConfig cfg) {
        return build(cfg, RouterMeters.none());
    }

    /** As {@link #build(RouterTopologyConfig)}, recording decisions, rejections and latency in {@code meters}. */
    public static Topology build(RouterTopologyConfig cfg, RouterMeters meters) {
        Topics topics = cfg.topics();
        RouterRuntime runtime = new RouterRuntime(cfg, meters);
        StringDeserializer keys = new StringDeserializer();
        ByteArrayDeserializer raw = new ByteArrayDeserializer();
        StringSerializer keyOut = new StringSerializer();

        Topology t = new Topology();
        t.addSource(REQUESTS_SOURCE, keys, raw, topics.requests().name());
        t.addSource(
                RESULTS_SOURCE,
                keys,
                raw,
                topics.results().name(),
                topics.shadowResults().name());
        t.addSource(TENANT_SPEND_SOURCE, keys, raw, topics.tenantSpend().name());
        t.addSource(APPROVALS_SOURCE, keys, raw, topics.approvals().name());
        t.addProcessor(ROUTE_PROCESSOR, () -> new RouteRequestProcessor(runtime), REQUESTS_SOURCE);
        t.addProcessor(SETTLE_PROCESSOR, () -> BudgetFeedProcessor.settlement(runtime), RESULTS_SOURCE);
        t.addProcessor(SPEND_PROCESSOR, () -> BudgetFeedProcessor.tenantSpend(runtime), TENANT_SPEND_SOURCE);
        t.addProcessor(APPROVAL_PROCESSOR, () -> new ApprovalRecorder(runtime), APPROVALS_SOURCE);

        // Only the budget store is cached: it is keyed by tenant, so the cache folds a commit interval's writes into
        // one changelog record per tenant. Reservation and dedupe keys are unique per request: a cache there never
        // folds a write and only adds a copy, an LRU entry and a flush per write.
        t.addStateStore(
                Stores.keyValueStoreBuilder(
                                Stores.persistentKeyValueStore(BUDGET_STORE),
                                Serdes.String(),
                                StateSerdes.budgetState())
                        .withCachingEnabled(),
                ROUTE_PROCESSOR,
                SETTLE_PROCESSOR,
                SPEND_PROCESSOR);
        t.addStateStore(
                Stores.keyValueStoreBuilder(
                                Stores.persistentKeyValueStore(RESERVATION_STORE),
                                Serdes.String(),
                                StateSerdes.reservation())
                        .withCachingDisabled(),
                ROUTE_PROCESSOR,
                SETTLE_PROCESSOR,
                SPEND_PROCESSOR);
        t.addStateStore(
                Stores.keyValueStoreBuilder(
                                Stores.persistentKeyValueStore(DEDUPE_STORE), Serdes.Bytes(), Serdes.ByteArray())
                        .withCachingDisabled(),
                ROUTE_PROCESSOR);
        t.addStateStore(
                Stores.keyValueStoreBuilder(
                                Stores.persistentKeyValueStore(PARKED_STORE), Serdes.Bytes(), Serdes.ByteArray())
                        .withCachingDisabled(),
                ROUTE_PROCESSOR);

        t.addStateStore(
                Stores.keyValueStoreBuilder(
                                Stores.persistentKeyValueStore(APPROVAL_STORE),
                                Serdes.String(),
                                StateSerdes.toolApprovals())
                        .withCachingDisabled(),
                APPROVAL_PROCESSOR,
                ROUTE_PROCESSOR);

        addGlobal(t, ALIAS_STORE, topics.aliases().name());
        addGlobal(t, HEALTH_STORE, topics.providerHealth().name());
        addGlobal(t, STATS_STORE, topics.routeStats().name());
        addGlobal(t, BATCHES_STORE, topics.batches().name());
        // Learned success models go to the selector as they arrive (and, on start, from the restored store).
        t.addGlobalStore(
                Stores.keyValueStoreBuilder(
                                Stores.inMemoryKeyValueStore(SUCCESS_MODEL_STORE), Serdes.String(), Serdes.ByteArray())
                        .withLoggingDisabled(),
                SUCCESS_MODEL_STORE + "-source",
                new StringDeserializer(),
                new ByteArrayDeserializer(),
                topics.successModels().name(),
                SUCCESS_MODEL_STORE + "-update",
                () -> new SuccessModelUpdater(
                        SUCCESS_MODEL_STORE,
                        topics.successModels().name(),
                        cfg.serdes().decoder(topics.successModels()),
                        cfg.selector()));

        // Batch work has exec topics of its own, so a batch backlog never stands in front of interactive work.
        Map<String, String> execTopics = new HashMap<>();
        Map<String, String> batchTopics = new HashMap<>();
        for (Provider p : cfg.config().providers().values()) {
            execTopics.put(p.id(), topics.exec(p.id()).name());
            batchTopics.put(p.id(), topics.execBatch(p.id()).name());
        }
        TopicNameExtractor<String, ExecutionTask> execTopic = (key, task, context) -> {
            boolean batch = task.getRequest().getHints().getLatencyClass() == LatencyClass.BATCH;
            String topic = (batch ? batchTopics : execTopics)
                    .get(task.getDecision().getRoute().getProvider());
            if (topic == null) {
                throw new IllegalStateException("no exec topic for provider "
                        + task.getDecision().getRoute().getProvider());
            }
            return topic;
        };
        // Tasks spread over all partitions (by request id) so every lane of the executors has work.
        StreamPartitioner<String, ExecutionTask> execPartition =
                (topic, key, task, partitions) -> Optional.of(Set.of(Partitions.ofTask(task, partitions)));
        String anyProvider = cfg.config().providers().keySet().iterator().next();
        DecisionReuse decisionReuse = new DecisionReuse();
        t.addSink(
                DECISIONS_SINK,
                topics.decisions().name(),
                keyOut,
                decisionReuse.decisions(
                        cfg.serdes().valueSerde(topics.decisions()).serializer()),
                ROUTE_PROCESSOR);
        t.addSink(
                EXEC_SINK,
                execTopic,
                keyOut,
                decisionReuse.tasks(
                        cfg.serdes().valueSerde(topics.exec(anyProvider)).serializer()),
                execPartition,
                ROUTE_PROCESSOR);
        t.addSink(
                REJECTED_SINK,
                topics.requestsRejected().name(),
                keyOut,
                cfg.serdes().valueSerde(topics.requestsRejected()).serializer(),
                ROUTE_PROCESSOR);
        t.addSink(
                RESULTS_SINK,
                topics.results().name(),
                keyOut,
                cfg.serdes().valueSerde(topics.results()).serializer(),
                ROUTE_PROCESSOR);
        return t;
    }

    private static void addGlobal(Topology t, String store, String topic) {
        StoreBuilder<KeyValueStore<String, byte[]>> builder = Stores.keyValueStoreBuilder(
                        Stores.inMemoryKeyValueStore(store), Serdes.String(), Serdes.ByteArray())
                .withLoggingDisabled();
        t.addGlobalStore(
                builder,
                store + "-source",
                new StringDeserializer(),
                new ByteArrayDeserializer(),
                topic,
                store + "-update",
                () -> new GlobalStoreUpdater(store));
    }
}
