package dev.routeplane.bench.router;

import dev.routeplane.config.Budget;
import dev.routeplane.config.Provider;
import dev.routeplane.config.RouteplaneConfig;
import dev.routeplane.contract.ExecutionTask;
import dev.routeplane.contract.LatencyClass;
import dev.routeplane.contract.RouteRequest;
import dev.routeplane.contract.RoutingDecision;
import dev.routeplane.router.BudgetLedger;
import dev.routeplane.router.RouterTopology;
import dev.routeplane.router.internal.DecisionReuse;
import dev.routeplane.router.internal.DedupeIndex;
import dev.routeplane.router.internal.KeyValueBudgetStore;
import dev.routeplane.router.internal.RouterRuntime;
import dev.routeplane.router.internal.StateSerdes;
import dev.routeplane.schemas.Partitions;
import dev.routeplane.schemas.RouteplaneSerdes;
import dev.routeplane.schemas.TopicSpec;
import dev.routeplane.schemas.Topics;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.processor.StreamPartitioner;
import org.apache.kafka.streams.processor.TopicNameExtractor;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.Stores;

/**
 * The router's Kafka I/O without its computation: an upper bound on router throughput under the router's
 * contract. Per request it does what {@code RouterTopology} does for a routed request, minus validation,
 * classification, policy, selection and decision assembly:
 * <ul>
 *   <li>decodes the {@code RouteRequest} with the registry deserializer, as the identity topology does;</li>
 *   <li>takes its decision from {@link DecisionTemplates} (a decision the router wrote, with this request's ids);</li>
 *   <li>looks the request up in {@code router-dedupe-generations} and records it (one put) through the router's
 *       own {@link DedupeIndex};</li>
 *   <li>reserves the decision's {@code reservedCostMicros} through the router's {@link BudgetLedger} over its
 *       {@link KeyValueBudgetStore}: a read and a put of the tenant's state in {@code router-budget} and a put in
 *       {@code router-reservations};</li>
 *   <li>writes the decision to the decisions topic and an {@code ExecutionTask} (request + decision) to the
 *       provider's exec topic (its batch exec topic for a {@code BATCH} request, as the router does), through the router's serializers ({@link DecisionReuse} over the registry's).</li>
 * </ul>
 * The three stores have the router's names, types, serdes, caching and changelogs, and the requests share a
 * sub-topology with the router's other two inputs (results, tenant spend), empty here, so each task has the
 * router's three input partitions. Left out: the four global stores (another thread, idle during the benchmark),
 * the dedupe purge (every 10 minutes) and the router's second, cached read of the tenant's budget state.
 *
 * <pre>
 * requests (String, RouteRequest) ──► io-shaped-route ──► io-shaped-decisions-sink  decisions (RoutingDecision)
 *                                                    └──► io-shaped-exec-sink       exec.&lt;provider&gt;[.batch] (ExecutionTask)
 * results, tenant-spend (String, byte[]) ──► io-shaped-other-inputs (nothing arrives)
 * </pre>
 */
final class IoShapedTopology {
    static final String SOURCE = "io-shaped-source";
    static final String RESULTS_SOURCE = "io-shaped-results-source";
    static final String TENANT_SPEND_SOURCE = "io-shaped-tenant-spend-source";
    static final String PROCESSOR = "io-shaped-route";
    static final String OTHER_INPUTS = "io-shaped-other-inputs";
    static final String DECISIONS_SINK = "io-shaped-decisions-sink";
    static final String EXEC_SINK = "io-shaped-exec-sink";

    private IoShapedTopology() {}

    /**
     * @param requests the input, shared with the other topologies' runs
     * @param topics   the rest of the router's topics: results and tenant spend are read, decisions and exec
     *                 topics written; a set of its own, so its outputs can be counted apart from the router's
     */
    static Topology build(
            TopicSpec<RouteRequest> requests,
            Topics topics,
            RouteplaneConfig config,
            RouteplaneSerdes serdes,
            DecisionTemplates templates,
            Clock clock,
            FirstRecordMark mark) {
        Topology t = new Topology();
        t.addSource(
                SOURCE, new StringDeserializer(), serdes.valueSerde(requests).deserializer(), requests.name());
        t.addSource(
                RESULTS_SOURCE,
                new StringDeserializer(),
                new ByteArrayDeserializer(),
                topics.results().name());
        t.addSource(
                TENANT_SPEND_SOURCE,
                new StringDeserializer(),
                new ByteArrayDeserializer(),
                topics.tenantSpend().name());
        t.addProcessor(PROCESSOR, () -> new WriteAsRouted(config, templates, clock, mark), SOURCE);
        t.addProcessor(OTHER_INPUTS, OtherInputs::new, RESULTS_SOURCE, TENANT_SPEND_SOURCE);

        // As RouterTopology: the budget and reservation stores are shared with the other inputs' processor, which
        // puts all three inputs into one sub-topology.
        t.addStateStore(
                Stores.keyValueStoreBuilder(
                                Stores.persistentKeyValueStore(RouterTopology.BUDGET_STORE),
                                Serdes.String(),
                                StateSerdes.budgetState())
                        .withCachingEnabled(),
                PROCESSOR,
                OTHER_INPUTS);
        t.addStateStore(
                Stores.keyValueStoreBuilder(
                                Stores.persistentKeyValueStore(RouterTopology.RESERVATION_STORE),
                                Serdes.String(),
                                StateSerdes.reservation())
                        .withCachingDisabled(),
                PROCESSOR,
                OTHER_INPUTS);
        t.addStateStore(
                Stores.keyValueStoreBuilder(
                                Stores.persistentKeyValueStore(RouterTopology.DEDUPE_STORE),
                                Serdes.Bytes(),
                                Serdes.ByteArray())
                        .withCachingDisabled(),
                PROCESSOR);

        // As RouterTopology: batch tasks go to the provider's batch exec topic, the others to its exec topic.
        Map<String, String> execTopics = new HashMap<>();
        Map<String, String> batchTopics = new HashMap<>();
        for (Provider p : config.providers().values()) {
            execTopics.put(p.id(), topics.exec(p.id()).name());
            batchTopics.put(p.id(), topics.execBatch(p.id()).name());
        }
        TopicNameExtractor<String, ExecutionTask> execTopic =
                (key, task, context) -> (task.getRequest().getHints().getLatencyClass() == LatencyClass.BATCH
                                ? batchTopics
                                : execTopics)
                        .get(task.getDecision().getRoute().getProvider());
        // As RouterTopology: tasks spread over the exec topic's partitions by request id.
        StreamPartitioner<String, ExecutionTask> execPartition =
                (topic, key, task, partitions) -> Optional.of(Set.of(Partitions.ofTask(task, partitions)));
        String anyProvider = config.providers().keySet().iterator().next();
        DecisionReuse reuse = new DecisionReuse();
        t.addSink(
                DECISIONS_SINK,
                topics.decisions().name(),
                new StringSerializer(),
                reuse.decisions(serdes.valueSerde(topics.decisions()).serializer()),
                PROCESSOR);
        t.addSink(
                EXEC_SINK,
                execTopic,
                new StringSerializer(),
                reuse.tasks(serdes.valueSerde(topics.exec(anyProvider)).serializer()),
                execPartition,
                PROCESSOR);
        return t;
    }

    private static final class WriteAsRouted implements Processor<String, RouteRequest, String, SpecificRecord> {

        private final RouteplaneConfig config;
        private final DecisionTemplates templates;
        private final Clock clock;
        private final FirstRecordMark mark;
        private ProcessorContext<String, SpecificRecord> context;
        private DedupeIndex dedupe;
        private BudgetLedger ledger;

        WriteAsRouted(RouteplaneConfig config, DecisionTemplates templates, Clock clock, FirstRecordMark mark) {
            this.config = config;
            this.templates = templates;
            this.clock = clock;
            this.mark = mark;
        }

        @Override
        public void init(ProcessorContext<String, SpecificRecord> context) {
            this.context = context;
            this.dedupe = new DedupeIndex(
                    context.getStateStore(RouterTopology.DEDUPE_STORE), RouterRuntime.DEDUPE_RETENTION.toMillis());
            this.ledger = new BudgetLedger(new KeyValueBudgetStore(
                    context.getStateStore(RouterTopology.BUDGET_STORE),
                    context.getStateStore(RouterTopology.RESERVATION_STORE)));
        }

        @Override
        public void process(Record<String, RouteRequest> record) {
            mark.mark();
            RouteRequest request = record.value();
            String tenantId = request.getTenantId();
            Instant now = clock.instant();
            RoutingDecision decision = templates.decisionFor(request, now);

            byte[] id = DedupeIndex.id(tenantId, request.getRequestId());
            dedupe.routedAt(id, now.toEpochMilli());
            Budget budget = config.tenants().get(tenantId).budget();
            long micros = decision.getBudgets().getReservedCostMicros();
            if (!ledger.reserve(tenantId, request.getRequestId(), budget, micros, now)) {
                throw new IllegalStateException("tenant " + tenantId + " has no budget left for " + micros
                        + " micros; the router would have rejected this request, so the run no longer mirrors it");
            }
            dedupe.remember(id, now.toEpochMilli());

            context.forward(new Record<String, SpecificRecord>(tenantId, decision, record.timestamp()), DECISIONS_SINK);
            ExecutionTask task = ExecutionTask.newBuilder()
                    .setRequest(request)
                    .setDecision(decision)
                    .setAttempt(1)
                    .setPreviousAttempts(List.of())
                    .build();
            context.forward(new Record<String, SpecificRecord>(tenantId, task, record.timestamp()), EXEC_SINK);
        }
    }

    /** The router's results and tenant-spend inputs; nothing is produced to them in the benchmark. */
    private static final class OtherInputs implements Processor<String, byte[], Void, Void> {
        @Override
        public void process(Record<String, byte[]> record) {
            // the router settles budgets here; the benchmark's runs have no results or spend to settle
        }
    }
}
