package dev.routeplane.router.internal;

import dev.routeplane.config.Tenant;
import dev.routeplane.contract.ExecutionResult;
import dev.routeplane.contract.TenantSpend;
import dev.routeplane.router.BudgetLedger;
import dev.routeplane.router.RouterTopology;
import dev.routeplane.schemas.RecordDecoder;
import dev.routeplane.schemas.UndecodableRecordException;
import java.util.function.Function;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Feeds a tenant-keyed topic into the per-tenant budget state: terminal results settle their reservation with
 * the actual cost ({@link #settlement}); the ledger's published spend is taken as the period's spend
 * ({@link #tenantSpend}). An undecodable record is skipped with a warning, a registry outage is rethrown so
 * the task retries; records of tenants no longer configured have no budget here and are ignored.
 */
public final class BudgetFeedProcessor<V> implements Processor<String, byte[], Void, Void> {
    private static final Logger LOG = LoggerFactory.getLogger(BudgetFeedProcessor.class);

    /** What one decoded record does to a configured tenant's budget. */
    private interface Apply<V> {
        void apply(BudgetLedger ledger, Tenant tenant, V value, RouterRuntime rt);
    }

    private final RouterRuntime rt;
    private final String what;
    private final String defaultTopic;
    private final RecordDecoder<V> decoder;
    private final Function<V, String> tenantOf;
    private final Apply<V> apply;
    private ProcessorContext<Void, Void> context;
    private BudgetLedger ledger;

    private BudgetFeedProcessor(
            RouterRuntime rt,
            String what,
            String defaultTopic,
            RecordDecoder<V> decoder,
            Function<V, String> tenantOf,
            Apply<V> apply) {
        this.rt = rt;
        this.what = what;
        this.defaultTopic = defaultTopic;
        this.decoder = decoder;
        this.tenantOf = tenantOf;
        this.apply = apply;
    }

    /** Releases a request's reservation and counts its actual cost when its terminal result arrives. */
    public static BudgetFeedProcessor<ExecutionResult> settlement(RouterRuntime rt) {
        return new BudgetFeedProcessor<>(
                rt,
                "result",
                rt.topics.results().name(),
                rt.results,
                ExecutionResult::getTenantId,
                (ledger, tenant, result, runtime) -> ledger.settle(
                        tenant.id(),
                        result.getRequestId(),
                        tenant.budget(),
                        result.getCostMicros(),
                        runtime.clock.instant()));
    }

    /** Takes the ledger's published spend of a tenant's current period into its budget state. */
    public static BudgetFeedProcessor<TenantSpend> tenantSpend(RouterRuntime rt) {
        return new BudgetFeedProcessor<>(
                rt,
                "tenant spend",
                rt.topics.tenantSpend().name(),
                rt.tenantSpend,
                TenantSpend::getTenantId,
                (ledger, tenant, spend, runtime) -> ledger.applyLedgerSpend(
                        tenant.id(),
                        tenant.budget(),
                        spend.getPeriod(),
                        spend.getSpentMicros(),
                        runtime.clock.instant()));
    }

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        this.context = context;
        this.ledger = new BudgetLedger(new KeyValueBudgetStore(
                context.getStateStore(RouterTopology.BUDGET_STORE),
                context.getStateStore(RouterTopology.RESERVATION_STORE)));
    }

    @Override
    public void process(Record<String, byte[]> record) {
        RecordMetadata md = context.recordMetadata().orElse(null);
        V value;
        try {
            value = decoder.decode(
                    md == null ? defaultTopic : md.topic(),
                    md == null ? -1 : md.partition(),
                    md == null ? -1 : md.offset(),
                    record.value());
        } catch (UndecodableRecordException e) {
            if (e.kind().retriable()) {
                throw e;
            }
            LOG.warn("Skipping undecodable {} at {}-{}@{}: {}", what, e.topic(), e.partition(), e.offset(), e.kind());
            return;
        }
        if (value == null) {
            return;
        }
        Tenant tenant = rt.config.tenants().get(tenantOf.apply(value));
        if (tenant != null) {
            apply.apply(ledger, tenant, value, rt);
        }
    }
}
