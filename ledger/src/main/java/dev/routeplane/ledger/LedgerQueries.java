package dev.routeplane.ledger;

import dev.routeplane.config.RouteplaneConfig;
import dev.routeplane.ledger.internal.BudgetPeriods;
import dev.routeplane.ledger.internal.LedgerKeys;
import java.time.Clock;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * Reads the ledger's aggregates through Kafka Streams interactive queries of the <b>local</b> instance.
 * Every query is a range or prefix scan of one tenant's keys.
 *
 * <p>Single instance: a ledger with one instance holds every partition, so answers are complete. With
 * several instances each holds only its partitions' tenants; a multi-instance deployment must route a
 * tenant's query to the instance owning its partition ({@code KafkaStreams.queryMetadataForKey} on
 * {@link LedgerTopology#USAGE_DAILY_STORE} with the tenantId, using {@code application.server}), which this
 * class does not do yet.
 *
 * <p>Thread-safe. While the instance is rebalancing or restoring, queries throw Kafka Streams'
 * {@code InvalidStateStoreException}; callers retry.
 */
public final class LedgerQueries {

    /** Where the stores come from: the running KafkaStreams, or a test driver. */
    @FunctionalInterface
    public interface StoreSource {
        /** The read-only key-value store named {@code name}. */
        <V> ReadOnlyKeyValueStore<String, V> store(String name);
    }

    private final StoreSource stores;
    private final BudgetPeriods periods;
    private final Clock clock;

    private LedgerQueries(StoreSource stores, RouteplaneConfig config, Clock clock) {
        this.stores = Objects.requireNonNull(stores, "stores");
        this.periods = new BudgetPeriods(config);
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Queries over a running instance's local stores. */
    public static LedgerQueries of(KafkaStreams streams, LedgerTopologyConfig cfg) {
        return over(
                new StoreSource() {
                    @Override
                    public <V> ReadOnlyKeyValueStore<String, V> store(String name) {
                        return streams.store(StoreQueryParameters.fromNameAndType(
                                name, QueryableStoreTypes.<String, V>keyValueStore()));
                    }
                },
                cfg);
    }

    /** Queries over any store source, e.g. {@code TopologyTestDriver::getKeyValueStore} in tests. */
    public static LedgerQueries over(StoreSource stores, LedgerTopologyConfig cfg) {
        return new LedgerQueries(stores, cfg.config(), cfg.clock());
    }

    /** The tenant's usage in a calendar month (UTC). */
    public UsageReport usage(String tenantId, YearMonth month) {
        return usage(tenantId, month.atDay(1), month.atEndOfMonth());
    }

    /**
     * The tenant's usage on the UTC days {@code from}..{@code to}, both inclusive.
     *
     * @throws IllegalArgumentException if {@code to} is before {@code from}
     */
    public UsageReport usage(String tenantId, LocalDate from, LocalDate to) {
        if (to.isBefore(from)) {
            throw new IllegalArgumentException("Day range " + from + ".." + to + " ends before it starts");
        }
        ReadOnlyKeyValueStore<String, UsageTotals> daily = stores.store(LedgerTopology.USAGE_DAILY_STORE);
        List<UsageRow> rows = new ArrayList<>();
        try (KeyValueIterator<String, UsageTotals> range =
                daily.range(LedgerKeys.dailyFrom(tenantId, from), LedgerKeys.dailyTo(tenantId, to))) {
            while (range.hasNext()) {
                KeyValue<String, UsageTotals> entry = range.next();
                LedgerKeys.Parts parts = LedgerKeys.parse(entry.key);
                rows.add(new UsageRow(LocalDate.parse(parts.first()), parts.provider(), parts.model(), entry.value));
            }
        }
        // Keys already sort this way within one instance's store; a composite over several partitions'
        // stores does not promise a global order, so sort explicitly.
        rows.sort(Comparator.comparing(UsageRow::day)
                .thenComparing(UsageRow::provider)
                .thenComparing(UsageRow::model));
        UsageTotals total = rows.stream().map(UsageRow::totals).reduce(UsageTotals.ZERO, UsageTotals::plus);
        return new UsageReport(tenantId, from, to, rows, total);
    }

    /** The tenant's usage within one batch, by provider and model. */
    public BatchUsage batch(String tenantId, String batchId) {
        ReadOnlyKeyValueStore<String, UsageTotals> batches = stores.store(LedgerTopology.USAGE_BATCH_STORE);
        List<BatchUsage.Row> rows = new ArrayList<>();
        try (KeyValueIterator<String, UsageTotals> scan =
                batches.prefixScan(LedgerKeys.batchPrefix(tenantId, batchId), new StringSerializer())) {
            while (scan.hasNext()) {
                KeyValue<String, UsageTotals> entry = scan.next();
                LedgerKeys.Parts parts = LedgerKeys.parse(entry.key);
                rows.add(new BatchUsage.Row(parts.provider(), parts.model(), entry.value));
            }
        }
        rows.sort(Comparator.comparing(BatchUsage.Row::provider).thenComparing(BatchUsage.Row::model));
        UsageTotals total = rows.stream().map(BatchUsage.Row::totals).reduce(UsageTotals.ZERO, UsageTotals::plus);
        return new BatchUsage(tenantId, batchId, rows, total);
    }

    /** The tenant's spend in its current budget period (by this instance's clock). */
    public SpendSnapshot spend(String tenantId) {
        ReadOnlyKeyValueStore<String, Long> spend = stores.store(LedgerTopology.SPEND_STORE);
        String period = periods.periodOf(tenantId, clock.instant());
        Long spent = spend.get(LedgerKeys.spend(tenantId, period));
        return new SpendSnapshot(tenantId, period, spent == null ? 0L : spent, periods.budgetMicros(tenantId));
    }
}
