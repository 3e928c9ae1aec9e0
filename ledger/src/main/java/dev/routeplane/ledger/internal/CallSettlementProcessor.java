package dev.routeplane.ledger.internal;

import dev.routeplane.contract.CostEvent;
import dev.routeplane.ledger.CallSettlement;
import dev.routeplane.ledger.ProviderUsage;
import dev.routeplane.ledger.ProviderUsageLookup;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.NavigableSet;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
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
 * Pairs call intents with the cost events that close them, per tenant partition, and settles the calls no cost event
 * closed ({@link CallSettlement}): their executor died between the provider's answer and the cost event, and the
 * provider billed them all the same. A settled call is forwarded as a cost event (for {@code rp.ledger.v1}, where it is
 * deduplicated and billed like any other): from the provider's usage record under the event id the executor's own cost
 * event would have had, so a late one is still one call; or, without a lookup, at the intent's worst case as
 * {@code estimate/<callId>}, marked {@code ESTIMATED}.
 *
 * <p>Which calls to look at when is kept in memory ({@link Check}s ordered by time), rebuilt from the store when the
 * task starts: a check looks only at the calls whose time has come, not at every open call, so thousands of batch
 * calls in flight (open for minutes) cost nothing until they are due. A whole-store scan every 5 s also walked past
 * every call closed since the store's last compaction: 10-70 ms per scan with 1-45 calls open in {@code bench e2e}.
 */
public final class CallSettlementProcessor implements Processor<String, OpenCall, String, CostEvent> {
    private static final Logger LOG = LoggerFactory.getLogger(CallSettlementProcessor.class);
    /** A close whose intent never came (an intent lost with its topic's retention) is forgotten after this. */
    private static final Duration CLOSE_MARK_RETENTION = Duration.ofHours(1);
    /** Settlements per check, so a backlog (after an outage) never holds one transaction for long. */
    private static final int MAX_SETTLED_PER_CHECK = 200;
    /** Time one check may spend asking providers (each lookup times out after 2 s); the rest wait for the next. */
    private static final long LOOKUP_BUDGET_NANOS = Duration.ofSeconds(3).toNanos();

    private final String storeName;
    private final String seenEventsStore;
    private final Duration seenEventsRetention;
    private final CallSettlement settlement;
    private final Clock clock;
    private ProcessorContext<String, CostEvent> context;
    private KeyValueStore<String, OpenCall> calls;
    private SeenEvents seenEvents;
    /** When each open call (or close mark) in the store is next looked at; may hold checks of calls closed since. */
    private final NavigableSet<Check> checks = new TreeSet<>(Check.ORDER);

    /** Look at call {@code callId} once the wall clock is past {@code atMillis}. */
    record Check(long atMillis, String callId) {
        static final Comparator<Check> ORDER =
                Comparator.comparingLong(Check::atMillis).thenComparing(Check::callId);
    }

    private CallSettlementProcessor(
            String storeName,
            String seenEventsStore,
            Duration seenEventsRetention,
            CallSettlement settlement,
            Clock clock) {
        this.storeName = storeName;
        this.seenEventsStore = seenEventsStore;
        this.seenEventsRetention = seenEventsRetention;
        this.settlement = settlement;
        this.clock = clock;
    }

    /**
     * A supplier that also declares the processor's store; it reads {@code seenEventsStore} (the dedupe's billed event
     * ids, connected by the topology) so that a provider's usage record of a call already billed is not sent again.
     */
    public static ProcessorSupplier<String, OpenCall, String, CostEvent> supplier(
            String storeName,
            String seenEventsStore,
            Duration seenEventsRetention,
            CallSettlement settlement,
            Clock clock) {
        return new ProcessorSupplier<>() {
            @Override
            public Processor<String, OpenCall, String, CostEvent> get() {
                return new CallSettlementProcessor(storeName, seenEventsStore, seenEventsRetention, settlement, clock);
            }

            @Override
            public Set<StoreBuilder<?>> stores() {
                return Set.of(CachedStores.keyValue(storeName, Serdes.String(), StateSerde.OPEN_CALL));
            }
        };
    }

    @Override
    public void init(ProcessorContext<String, CostEvent> context) {
        this.context = context;
        this.calls = context.getStateStore(storeName);
        this.seenEvents = new SeenEvents(context.getStateStore(seenEventsStore), seenEventsRetention);
        checks.clear();
        try (KeyValueIterator<String, OpenCall> all = calls.all()) { // restored before init
            while (all.hasNext()) {
                KeyValue<String, OpenCall> entry = all.next();
                checks.add(new Check(firstCheck(entry.value), entry.key));
            }
        }
        context.schedule(settlement.checkEvery(), PunctuationType.WALL_CLOCK_TIME, now -> settleOverdue());
    }

    @Override
    public void process(Record<String, OpenCall> record) {
        OpenCall mark = record.value();
        OpenCall known = calls.get(mark.callId());
        if (known == null) {
            calls.put(mark.callId(), mark);
            checks.add(new Check(firstCheck(mark), mark.callId()));
        } else if (known.closed() != mark.closed()) {
            calls.delete(mark.callId()); // an intent and its close: nothing to settle
            checks.remove(new Check(firstCheck(known), known.callId())); // one moved later is dropped when due
        }
    }

    /**
     * When a call first needs a look: a close mark when it is to be forgotten; an open call when the provider could
     * have billed it unrecorded (its start plus the grace) if the provider can be asked, else when no cost event can
     * come any more (its deadline plus the grace).
     */
    private long firstCheck(OpenCall c) {
        if (c.closed()) {
            return c.seenAtMillis() + CLOSE_MARK_RETENTION.toMillis();
        }
        long grace = settlement.grace().toMillis();
        return settlement.lookup(c.provider()).isPresent()
                ? Math.min(c.atMillis(), c.callDeadlineMillis()) + grace
                : c.callDeadlineMillis() + grace;
    }

    private void settleOverdue() {
        long now = clock.millis();
        List<OpenCall> due = new ArrayList<>();
        List<OpenCall> early = new ArrayList<>();
        List<Check> later = new ArrayList<>();
        for (Iterator<Check> it = checks.iterator(); it.hasNext() && due.size() < MAX_SETTLED_PER_CHECK; ) {
            Check check = it.next();
            if (check.atMillis() >= now) {
                break;
            }
            it.remove();
            OpenCall c = calls.get(check.callId());
            if (c == null) {
                continue; // closed since
            }
            if (c.closed()) {
                if (c.seenAtMillis() < now - CLOSE_MARK_RETENTION.toMillis()) {
                    calls.delete(c.callId());
                } else {
                    later.add(new Check(firstCheck(c), c.callId()));
                }
            } else if (c.callDeadlineMillis() + settlement.grace().toMillis() < now) {
                due.add(c);
            } else if (c.atMillis() + settlement.grace().toMillis() < now
                    && settlement.lookup(c.provider()).isPresent()) {
                early.add(c);
            } else {
                later.add(new Check(firstCheck(c), c.callId()));
            }
        }
        checks.addAll(later);
        long next = now + settlement.checkEvery().toMillis();
        // Elapsed time, not a point in time: the monotonic clock measures it.
        long budgetEnds = System.nanoTime() + LOOKUP_BUDGET_NANOS;
        for (OpenCall c : due) {
            if (System.nanoTime() - budgetEnds > 0) {
                checks.add(new Check(now, c.callId())); // out of time: looked at again at the next check
            } else if (settle(c, now)) {
                calls.delete(c.callId());
            } else {
                checks.add(new Check(next, c.callId()));
            }
        }
        for (OpenCall c : early) {
            if (System.nanoTime() - budgetEnds > 0) {
                checks.add(new Check(now, c.callId()));
            } else if (settleBilled(c, now)) {
                calls.delete(c.callId());
            } else {
                checks.add(new Check(next, c.callId())); // not billed yet: asked again at the next check
            }
        }
    }

    /**
     * Before its deadline, a call the provider reports billed (after the intent, more than the grace ago) with no cost
     * event is settled from that record. A call's deadline is its request's (up to a day for batch work), so waiting
     * for it would leave a call billed before its executor died out of the ledger for that long. A cost event still on
     * its way names the same event id, so the ledger bills the call once whichever comes first. True when settled.
     */
    private boolean settleBilled(OpenCall c, long now) {
        List<ProviderUsage> billed;
        try {
            billed = settlement.lookup(c.provider()).orElseThrow().calls(c.clientRequestId());
        } catch (IOException e) {
            return false; // asked again at the next check, and at the deadline as any other
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
        long settledBefore = now - settlement.grace().toMillis();
        List<ProviderUsage> ours = billed.stream()
                .filter(u -> u.at().toEpochMilli() >= c.atMillis() && u.at().toEpochMilli() < settledBefore)
                .toList();
        if (ours.isEmpty()) {
            return false; // not answered yet (or its answer is recent): the call may still be running
        }
        forwardUnbilled(c, ours);
        LOG.warn(
                "call {} of request {} on {} billed by the provider with no cost event {} s later: settled from the"
                        + " provider's usage record ({} billed call(s) since its intent under client request id {})",
                c.callId(),
                c.requestId(),
                c.provider(),
                settlement.grace().toSeconds(),
                ours.size(),
                c.clientRequestId());
        return true;
    }

    /** Forwards the call's cost; false when the provider could not be asked yet (tried again at the next check). */
    private boolean settle(OpenCall c, long now) {
        Optional<ProviderUsageLookup> lookup = settlement.lookup(c.provider());
        if (lookup.isPresent()) {
            try {
                List<ProviderUsage> billed = lookup.get().calls(c.clientRequestId());
                forwardUnbilled(c, billed);
                LOG.warn(
                        "call {} of request {} on {} had no cost event by its deadline: settled from the provider's"
                                + " usage record ({} billed call(s) under client request id {})",
                        c.callId(),
                        c.requestId(),
                        c.provider(),
                        billed.size(),
                        c.clientRequestId());
                return true;
            } catch (IOException e) {
                long patience = c.callDeadlineMillis()
                        + settlement.grace().toMillis()
                        + settlement.lookupPatience().toMillis();
                if (now < patience) {
                    LOG.warn(
                            "usage lookup of {} for call {} failed, asking again: {}",
                            c.provider(),
                            c.callId(),
                            e.toString());
                    return false;
                }
                LOG.warn(
                        "usage lookup of {} for call {} still fails; estimating: {}",
                        c.provider(),
                        c.callId(),
                        e.toString());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        LOG.warn(
                "call {} of request {} on {} had no cost event by its deadline and {} offers no usage lookup: billed"
                        + " at its worst case, {} micro-dollars, marked ESTIMATED",
                c.callId(),
                c.requestId(),
                c.provider(),
                c.provider(),
                c.worstCaseCostMicros());
        forward(c, estimate(c));
        return true;
    }

    /** Forwards the provider's records of {@code c}'s calls that the ledger has not billed yet. */
    private void forwardUnbilled(OpenCall c, List<ProviderUsage> usages) {
        for (ProviderUsage u : usages) {
            CostEvent e = usageEvent(c, u);
            // The request's other calls under the same client request id are mostly billed already.
            if (!seenEvents.seen(e.getEventId(), clock.millis())) {
                forward(c, e);
            }
        }
    }

    private void forward(OpenCall c, CostEvent e) {
        context.forward(new Record<>(c.tenantId(), e, e.getAt().toEpochMilli()));
    }

    private static CostEvent usageEvent(OpenCall c, ProviderUsage u) {
        return base(c).setEventId(c.provider() + "/" + u.responseId())
                .setInputTokens(u.inputTokens())
                .setOutputTokens(u.outputTokens())
                .setCostMicros(u.costMicros())
                .setOutcome("SUCCEEDED")
                .setAt(u.at())
                .setSettlement("PROVIDER_USAGE")
                .build();
    }

    private static CostEvent estimate(OpenCall c) {
        return base(c).setEventId("estimate/" + c.callId())
                .setInputTokens(c.inputTokens())
                .setOutputTokens(c.maxOutputTokens())
                .setCostMicros(c.worstCaseCostMicros())
                .setOutcome("UNKNOWN")
                .setAt(Instant.ofEpochMilli(c.atMillis()))
                .setSettlement("ESTIMATED")
                .build();
    }

    private static CostEvent.Builder base(OpenCall c) {
        return CostEvent.newBuilder()
                .setRequestId(c.requestId())
                .setTenantId(c.tenantId())
                .setBatchId(c.batchId())
                .setLane(c.lane())
                .setProvider(c.provider())
                .setModel(c.model())
                .setKeyProfile(c.keyProfile())
                .setLatencyMs(0)
                .setCallId(c.callId());
    }
}
