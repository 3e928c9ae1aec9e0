package dev.routeplane.ledger.internal;

import dev.routeplane.contract.CostEvent;
import dev.routeplane.contract.ExecutionMode;
import dev.routeplane.contract.TenantSpend;
import dev.routeplane.ledger.UsageTotals;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.ProcessorSupplier;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Bills deduplicated cost events: adds each call to the tenant × day × provider × model and tenant × batch
 * aggregates and to the tenant's spend in the budget period containing the call, and emits the tenant's
 * {@link TenantSpend} for its current period whenever that changes. A wall-clock punctuator emits a fresh
 * snapshot when a tenant's period rolls over, so the router sees the reset without waiting for a call.
 */
public final class BillingProcessor implements Processor<String, CostEvent, String, TenantSpend> {
    private static final Logger LOG = LoggerFactory.getLogger(BillingProcessor.class);
    private static final String SUCCEEDED = "SUCCEEDED";

    /** Names of the stores this processor owns. */
    public record StoreNames(String daily, String batch, String spend, String spendEmitted) {}

    private final StoreNames names;
    private final Repricer repricer;
    private final BudgetPeriods periods;
    private final Clock clock;
    private final Duration rolloverCheckInterval;
    private ProcessorContext<String, TenantSpend> context;
    private KeyValueStore<String, UsageTotals> daily;
    private KeyValueStore<String, UsageTotals> batch;
    private KeyValueStore<String, Long> spend;
    private KeyValueStore<String, String> spendEmitted;
    private Sensor mismatches;

    private BillingProcessor(
            StoreNames names, Repricer repricer, BudgetPeriods periods, Clock clock, Duration rolloverCheckInterval) {
        this.names = names;
        this.repricer = repricer;
        this.periods = periods;
        this.clock = clock;
        this.rolloverCheckInterval = rolloverCheckInterval;
    }

    public static ProcessorSupplier<String, CostEvent, String, TenantSpend> supplier(
            StoreNames names, Repricer repricer, BudgetPeriods periods, Clock clock, Duration rolloverCheckInterval) {
        return new ProcessorSupplier<>() {
            @Override
            public Processor<String, CostEvent, String, TenantSpend> get() {
                return new BillingProcessor(names, repricer, periods, clock, rolloverCheckInterval);
            }

            @Override
            public Set<StoreBuilder<?>> stores() {
                StateSerde<UsageTotals> totals = StateSerde.USAGE_TOTALS;
                return Set.of(
                        CachedStores.keyValue(names.daily(), Serdes.String(), totals),
                        CachedStores.keyValue(names.batch(), Serdes.String(), totals),
                        CachedStores.keyValue(names.spend(), Serdes.String(), Serdes.Long()),
                        CachedStores.keyValue(names.spendEmitted(), Serdes.String(), Serdes.String()));
            }
        };
    }

    @Override
    public void init(ProcessorContext<String, TenantSpend> context) {
        this.context = context;
        daily = context.getStateStore(names.daily());
        batch = context.getStateStore(names.batch());
        spend = context.getStateStore(names.spend());
        spendEmitted = context.getStateStore(names.spendEmitted());
        mismatches = context.metrics()
                .addRateTotalSensor(
                        "ledger", context.taskId().toString(), "price-mismatch", Sensor.RecordingLevel.INFO);
        context.schedule(rolloverCheckInterval, PunctuationType.WALL_CLOCK_TIME, now -> emitRollovers());
    }

    @Override
    public void process(Record<String, CostEvent> record) {
        CostEvent event = record.value();
        String tenant = event.getTenantId();
        Repricer.Priced priced = repricer.price(event);
        if (priced.mismatch()) {
            mismatches.record();
            LOG.warn(
                    "Price mismatch on cost event {}: model {} at {} recorded {} micros, price book says {} micros;"
                            + " billing {} micros",
                    event.getEventId(),
                    event.getModel(),
                    event.getAt(),
                    event.getCostMicros(),
                    priced.listMicros(),
                    priced.billedMicros());
        }
        boolean providerBatch = event.getExecutionMode() == ExecutionMode.PROVIDER_BATCH;
        UsageTotals call = new UsageTotals(
                1,
                SUCCEEDED.equals(event.getOutcome()) ? 0 : 1,
                event.getInputTokens(),
                event.getOutputTokens(),
                priced.billedMicros(),
                priced.mismatch() ? 1 : 0,
                providerBatch ? 1 : 0,
                providerBatch ? priced.billedMicros() : 0);
        LocalDate day = LocalDate.ofInstant(event.getAt(), ZoneOffset.UTC);
        add(daily, LedgerKeys.daily(tenant, day, event.getProvider(), event.getModel()), call);
        if (event.getBatchId() != null) {
            add(batch, LedgerKeys.batch(tenant, event.getBatchId(), event.getProvider(), event.getModel()), call);
        }
        String period = periods.periodOf(tenant, event.getAt());
        String spendKey = LedgerKeys.spend(tenant, period);
        long spent = Math.addExact(valueOr0(spend.get(spendKey)), priced.billedMicros());
        spend.put(spendKey, spent);
        Instant now = clock.instant();
        if (period.equals(periods.periodOf(tenant, now))) {
            emit(tenant, period, spent, now, record.timestamp());
        } else if (spendEmitted.get(tenant) == null) {
            // Remember the tenant so the rollover punctuator will announce its current period.
            spendEmitted.put(tenant, period);
        }
    }

    private void emitRollovers() {
        Instant now = clock.instant();
        List<KeyValue<String, String>> stale = new ArrayList<>();
        try (KeyValueIterator<String, String> all = spendEmitted.all()) {
            while (all.hasNext()) {
                KeyValue<String, String> entry = all.next();
                if (!entry.value.equals(periods.periodOf(entry.key, now))) {
                    stale.add(entry);
                }
            }
        }
        for (KeyValue<String, String> entry : stale) {
            String period = periods.periodOf(entry.key, now);
            emit(entry.key, period, valueOr0(spend.get(LedgerKeys.spend(entry.key, period))), now, now.toEpochMilli());
        }
    }

    private void emit(String tenant, String period, long spent, Instant now, long timestamp) {
        spendEmitted.put(tenant, period);
        TenantSpend snapshot = TenantSpend.newBuilder()
                .setTenantId(tenant)
                .setPeriod(period)
                .setSpentMicros(spent)
                // Reservations live in the router's budget state; the ledger only knows settled spend.
                .setReservedMicros(0L)
                .setBudgetMicros(periods.budgetMicros(tenant))
                .setUpdatedAt(now)
                .build();
        context.forward(new Record<>(tenant, snapshot, timestamp));
    }

    private static void add(KeyValueStore<String, UsageTotals> store, String key, UsageTotals call) {
        UsageTotals current = store.get(key);
        store.put(key, current == null ? call : current.plus(call));
    }

    private static long valueOr0(Long value) {
        return value == null ? 0L : value;
    }
}
