package dev.routeplane.ledger;

import dev.routeplane.contract.CostEvent;
import dev.routeplane.contract.ExecutionResult;
import dev.routeplane.contract.Feedback;
import dev.routeplane.contract.RouteStats;
import dev.routeplane.contract.TenantSpend;
import dev.routeplane.ledger.internal.BillingProcessor;
import dev.routeplane.ledger.internal.BudgetPeriods;
import dev.routeplane.ledger.internal.CallSettlementProcessor;
import dev.routeplane.ledger.internal.EventDedupeProcessor;
import dev.routeplane.ledger.internal.OpenCall;
import dev.routeplane.ledger.internal.QualityPriors;
import dev.routeplane.ledger.internal.Repricer;
import dev.routeplane.ledger.internal.RouteAttributionProcessor;
import dev.routeplane.ledger.internal.RouteSignal;
import dev.routeplane.ledger.internal.RouteStatsProcessor;
import dev.routeplane.ledger.internal.StateSerde;
import dev.routeplane.schemas.RouteplaneSerdes;
import dev.routeplane.schemas.Topics;
import java.util.List;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;

/**
 * The ledger's Kafka Streams topology: billing, tenant spend and route statistics.
 *
 * <pre>
 * rp.ledger.v1 ─► ledger-dedupe (eventId) ─┬─► ledger-billing ─► rp.tenant-spend.v1
 *                                          │     stores: usage-daily, usage-batch, spend, spend-emitted
 *                                          ├─► (callId closes) ─┐
 * rp.call-intents.v1 ──────────────────────┼────────────────────┴─► ledger-call-settlement ─► rp.ledger.v1
 *                                          │     store: open-calls (settles calls no cost event closed)
 * rp.results.v1, rp.shadow-results.v1 ───┼─► ledger-route-attribution (requestId → route, waiting feedback)
 * rp.feedback.v1 ─────────────────────────┘        │ route-keyed deltas
 *                        ledger-route-deltas (repartition by lane|provider|model)
 *                                                  ▼
 *                               ledger-route-stats (punctuated) ─► rp.route-stats.v1
 * </pre>
 *
 * <p>Billing and attribution stay on the tenant's partition: every input is keyed by tenantId and
 * co-partitioned, so per-tenant totals and the per-request join need no shuffle. Route statistics are per
 * route across all tenants, so deltas are repartitioned by route key to one accumulator per route (one
 * small record per call and per feedback item). The alternative, pre-aggregating per partition and merging
 * sketches downstream, saves repartition traffic but adds a second punctuated stage; provider calls are
 * slow enough that one delta per call is cheap.
 *
 * <p>Billing is exactly-once only with {@code processing.guarantee=exactly_once_v2}, which
 * {@link LedgerService} sets; on top of that the dedupe store makes re-sent cost events harmless.
 */
public final class LedgerTopology {
    /**
     * Store of billed eventIds (dedupe), {@code generation + eventId → first seen epoch millis}. Its keys lead with a
     * generation so expired ids are forgotten by key range; {@code -v2} because {@code ledger-seen-events} was keyed
     * by the id alone.
     */
    public static final String SEEN_EVENTS_STORE = "ledger-seen-events-v2";
    /** Usage per {@code tenant|yyyy-MM-dd|provider|model} → {@link UsageTotals}. */
    public static final String USAGE_DAILY_STORE = "ledger-usage-daily";
    /** Usage per {@code tenant|batchId|provider|model} → {@link UsageTotals}. */
    public static final String USAGE_BATCH_STORE = "ledger-usage-batch";
    /** Spend per {@code tenant|period} → micro-dollars. */
    public static final String SPEND_STORE = "ledger-spend";
    /** Last period whose spend was emitted, per tenant. */
    public static final String SPEND_EMITTED_STORE = "ledger-spend-emitted";
    /**
     * Per-request route and waiting feedback, {@code generation + requestId →} state, under the generation of its last
     * change; {@code -v2} because {@code ledger-request-routes} was keyed by the id alone.
     */
    public static final String REQUEST_ROUTES_STORE = "ledger-request-routes-v2";
    /** Accumulated statistics per route key. */
    public static final String ROUTE_STATS_STORE = "ledger-route-stats";
    /** Intents of calls not yet closed by a cost event, {@code callId →} {@link OpenCall}. */
    public static final String OPEN_CALLS_STORE = "ledger-open-calls";
    /** Name of the route-keyed repartition (its topic is {@code <application.id>-ledger-route-deltas-repartition}). */
    public static final String ROUTE_DELTAS_REPARTITION = "ledger-route-deltas";

    private LedgerTopology() {}

    /** Builds the topology; a pure function of {@code cfg}, so tests run the production topology. */
    public static Topology build(LedgerTopologyConfig cfg) {
        Topics topics = cfg.topics();
        RouteplaneSerdes serdes = cfg.serdes();
        Serde<String> keys = serdes.keySerde();
        Repricer repricer = new Repricer(cfg.config().priceBook(), cfg.billingRule());
        StreamsBuilder builder = new StreamsBuilder();

        KStream<String, CostEvent> costs = builder.stream(
                        topics.ledger().name(),
                        Consumed.with(keys, serdes.valueSerde(topics.ledger())).withName("ledger-cost-events-source"))
                .processValues(
                        EventDedupeProcessor.supplier(
                                SEEN_EVENTS_STORE, cfg.clock(), cfg.dedupeRetention(), cfg.cleanupInterval()),
                        Named.as("ledger-dedupe"));

        costs.process(
                        BillingProcessor.supplier(
                                new BillingProcessor.StoreNames(
                                        USAGE_DAILY_STORE, USAGE_BATCH_STORE, SPEND_STORE, SPEND_EMITTED_STORE),
                                repricer,
                                new BudgetPeriods(cfg.config()),
                                cfg.clock(),
                                cfg.statsEmitInterval()),
                        Named.as("ledger-billing"))
                .to(
                        topics.tenantSpend().name(),
                        Produced.<String, TenantSpend>with(keys, serdes.valueSerde(topics.tenantSpend()))
                                .withName("ledger-tenant-spend-sink"));

        // A call's intent is closed by its cost event; one left open by a dead executor is settled back onto
        // rp.ledger.v1, where it is deduplicated and billed like any call.
        KStream<String, OpenCall> opened = builder.stream(
                        topics.callIntents().name(),
                        Consumed.with(keys, serdes.valueSerde(topics.callIntents()))
                                .withName("ledger-call-intents-source"))
                .filter((tenant, intent) -> intent != null, Named.as("ledger-call-intents-present"))
                .mapValues(intent -> OpenCall.of(intent, cfg.clock().millis()), Named.as("ledger-intents-as-calls"));
        KStream<String, OpenCall> closed = costs.mapValues(
                        cost -> OpenCall.closing(cost, cfg.clock().millis()), Named.as("ledger-costs-as-closes"))
                .filter((tenant, close) -> close != null, Named.as("ledger-closes-of-intents"));
        opened.merge(closed, Named.as("ledger-merge-calls"))
                .process(
                        CallSettlementProcessor.supplier(
                                OPEN_CALLS_STORE,
                                SEEN_EVENTS_STORE,
                                cfg.dedupeRetention(),
                                cfg.callSettlement(),
                                cfg.clock()),
                        Named.as("ledger-call-settlement"),
                        SEEN_EVENTS_STORE)
                .to(
                        topics.ledger().name(),
                        Produced.<String, CostEvent>with(keys, serdes.valueSerde(topics.ledger()))
                                .withName("ledger-settled-calls-sink"));

        // Shadow calls' results count in route statistics like any call (feedback on id#shadow scores them).
        KStream<String, ExecutionResult> results = builder.stream(
                List.of(topics.results().name(), topics.shadowResults().name()),
                Consumed.with(keys, serdes.valueSerde(topics.results())).withName("ledger-results-source"));
        KStream<String, Feedback> feedback = builder.stream(
                topics.feedback().name(),
                Consumed.with(keys, serdes.valueSerde(topics.feedback())).withName("ledger-feedback-source"));

        KStream<String, RouteSignal> signals = costs.mapValues(RouteSignal::of, Named.as("ledger-costs-as-signals"))
                .merge(
                        results.mapValues(RouteSignal::of, Named.as("ledger-results-as-signals")),
                        Named.as("ledger-merge-results"))
                .merge(
                        feedback.mapValues(RouteSignal::of, Named.as("ledger-feedback-as-signals")),
                        Named.as("ledger-merge-feedback"));

        signals.process(
                        RouteAttributionProcessor.supplier(
                                REQUEST_ROUTES_STORE,
                                repricer,
                                cfg.clock(),
                                cfg.requestRouteRetention(),
                                cfg.cleanupInterval()),
                        Named.as("ledger-route-attribution"))
                .repartition(Repartitioned.with(keys, StateSerde.STATS_DELTA).withName(ROUTE_DELTAS_REPARTITION))
                .process(
                        RouteStatsProcessor.supplier(
                                ROUTE_STATS_STORE,
                                new QualityPriors(cfg.config(), cfg.defaultQualityPrior(), cfg.qualityPriorStrength()),
                                cfg.clock(),
                                cfg.statsEmitInterval()),
                        Named.as("ledger-route-stats"))
                .to(
                        topics.routeStats().name(),
                        Produced.<String, RouteStats>with(keys, serdes.valueSerde(topics.routeStats()))
                                .withName("ledger-route-stats-sink"));

        return builder.build();
    }
}
