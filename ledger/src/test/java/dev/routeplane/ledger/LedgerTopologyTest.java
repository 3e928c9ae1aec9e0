package dev.routeplane.ledger;

import static dev.routeplane.ledger.Fixtures.call;
import static org.assertj.core.api.Assertions.assertThat;

import dev.routeplane.config.ModelPrice;
import dev.routeplane.contract.CostEvent;
import dev.routeplane.contract.ExecutionMode;
import dev.routeplane.contract.TenantSpend;
import dev.routeplane.schemas.Money;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.junit.jupiter.api.Test;

/** Billing and tenant spend on the production {@link LedgerTopology#build}. */
class LedgerTopologyTest {
    private static final YearMonth NOV = YearMonth.of(2026, 11);

    @Test
    void billsAReSentEventOnlyOnce() {
        try (LedgerDriver ledger = new LedgerDriver()) {
            // given: 1234 in × $2.00/M + 567 out × $8.00/M = 2468 + 4536 micros
            CostEvent event = call("e-1", "acme", "gpt-4o", 1234, 567, Instant.parse("2026-11-20T10:00:00Z"))
                    .build();

            // when
            ledger.send(event);
            ledger.send(event);

            // then
            UsageTotals total = ledger.queries().usage("acme", NOV).total();
            assertThat(total).isEqualTo(new UsageTotals(1, 0, 1234, 567, 7_004, 0));
            List<TenantSpend> spends = ledger.spend.readValuesToList();
            assertThat(spends).hasSize(1);
            assertThat(spends.get(0).getSpentMicros()).isEqualTo(7_004L);
        }
    }

    @Test
    void totalsAreExactToTheMicroDollarOverManyEventsWithAwkwardTokenCounts() {
        try (LedgerDriver ledger = new LedgerDriver()) {
            // given: 1,000 calls with token counts that leave fractions of a micro-dollar on most calls
            long expectedCost = 0;
            long expectedIn = 0;
            long expectedOut = 0;
            Map<LocalDate, Long> expectedPerDay = new HashMap<>();
            for (int i = 0; i < 1_000; i++) {
                int in = 1 + (i * 7_919) % 50_000;
                int out = (i * 104_729) % 4_001;
                String model = i % 3 == 0 ? "claude-haiku" : "gpt-4o";
                Instant at = Instant.parse("2026-11-01T00:00:00Z").plusSeconds(i * 1_811L);
                CostEvent event = call("e-" + i, "acme", model, in, out, at).build();
                ledger.send(event);
                expectedCost += event.getCostMicros();
                expectedIn += in;
                expectedOut += out;
                expectedPerDay.merge(LocalDate.parse(at.toString().substring(0, 10)), event.getCostMicros(), Long::sum);
            }

            // when
            UsageReport report = ledger.queries().usage("acme", NOV);

            // then
            assertThat(report.total()).isEqualTo(new UsageTotals(1_000, 0, expectedIn, expectedOut, expectedCost, 0));
            Map<LocalDate, Long> perDay = new HashMap<>();
            report.rows().forEach(row -> perDay.merge(row.day(), row.totals().costMicros(), Long::sum));
            assertThat(perDay).isEqualTo(expectedPerDay);
            List<TenantSpend> spends = ledger.spend.readValuesToList();
            assertThat(spends).hasSize(1_000);
            assertThat(spends.get(999).getSpentMicros()).isEqualTo(expectedCost);
        }
    }

    @Test
    void billsEachCallAtThePriceInForceWhenItWasMadeAcrossAMidMonthPriceChange() {
        try (LedgerDriver ledger = new LedgerDriver(cfg -> cfg.withBillingRule(BillingRule.PRICE_BOOK))) {
            // given: an executor still recording the old price ($2.50/$10.00) after the 2026-11-15 change to
            // $2.00/$8.00
            Instant beforeChange = Instant.parse("2026-11-14T23:59:59Z");
            Instant afterChange = Instant.parse("2026-11-15T00:00:00Z");
            long oldPrice = 1_611_103; // (333,333 × 2.50 + 77,777 × 10.00) = 1,611,102.5 → HALF_UP
            long newPrice = 1_288_882; // 333,333 × 2.00 + 77,777 × 8.00
            ledger.send(call("before", "acme", "gpt-4o", 333_333, 77_777, beforeChange)
                    .setCostMicros(oldPrice)
                    .build());
            ledger.send(call("after", "acme", "gpt-4o", 333_333, 77_777, afterChange)
                    .setCostMicros(oldPrice)
                    .build());

            // when
            UsageReport report = ledger.queries().usage("acme", NOV);

            // then: each day billed at its own price; the stale recorded amount is flagged, not billed
            assertThat(report.rows())
                    .extracting(
                            row -> row.day().toString(),
                            row -> row.totals().costMicros(),
                            row -> row.totals().priceMismatches())
                    .containsExactly(
                            org.assertj.core.groups.Tuple.tuple("2026-11-14", oldPrice, 0L),
                            org.assertj.core.groups.Tuple.tuple("2026-11-15", newPrice, 1L));
            assertThat(report.total().costMicros()).isEqualTo(2_899_985L);
        }
    }

    @Test
    void recordedRuleBillsTheProviderChargeAndCountsDisagreementWithThePriceBook() {
        try (LedgerDriver ledger = new LedgerDriver()) {
            // given: one correctly priced call, one stale-priced call, one model the price book does not know
            Instant afterChange = Instant.parse("2026-11-16T08:00:00Z");
            ledger.send(
                    call("ok", "acme", "gpt-4o", 333_333, 77_777, afterChange).build());
            ledger.send(call("stale", "acme", "gpt-4o", 333_333, 77_777, afterChange)
                    .setCostMicros(1_611_103)
                    .build());
            ledger.send(call("replayed", "acme", "gpt-4o", 10, 10, afterChange)
                    .setModel("gpt-3.5-turbo-1106")
                    .setCostMicros(4_242)
                    .build());

            // when
            UsageTotals total = ledger.queries().usage("acme", NOV).total();

            // then
            assertThat(total.costMicros()).isEqualTo(1_288_882L + 1_611_103L + 4_242L);
            assertThat(total.priceMismatches()).isEqualTo(1);
        }
    }

    @Test
    void keepsProviderBatchSpendApartAndRepricesItAtTheBatchPrice() {
        try (LedgerDriver ledger = new LedgerDriver()) {
            // given: one synchronous call and two provider-batch lines at the batch price (half the list price)
            Instant at = Instant.parse("2026-11-16T08:00:00Z");
            ModelPrice price = Fixtures.CONFIG.priceBook().priceAt("gpt-4o", at).forMode(true);
            long batchCost =
                    Money.costMicros(1_000, 500, price.inputMicrosPerMillion(), price.outputMicrosPerMillion());
            ledger.send(call("sync", "acme", "gpt-4o", 1_000, 500, at).build());
            for (String id : List.of("line-1", "line-2")) {
                ledger.send(call(id, "acme", "gpt-4o", 1_000, 500, at)
                        .setExecutionMode(ExecutionMode.PROVIDER_BATCH)
                        .setProviderBatchId("batch_abc")
                        .setCostMicros(batchCost)
                        .build());
            }

            // when
            UsageTotals total = ledger.queries().usage("acme", NOV).total();

            // then
            long syncCost = Fixtures.listCost("gpt-4o", 1_000, 500, at);
            assertThat(batchCost * 2).isEqualTo(syncCost);
            assertThat(total.calls()).isEqualTo(3);
            assertThat(total.providerBatchCalls()).isEqualTo(2);
            assertThat(total.providerBatchCostMicros()).isEqualTo(2 * batchCost);
            assertThat(total.synchronousCostMicros()).isEqualTo(syncCost);
            assertThat(total.costMicros()).isEqualTo(syncCost + 2 * batchCost);
            assertThat(total.priceMismatches()).isZero();
            assertThat(new LedgerCsvExporter().toCsv(ledger.queries().usage("acme", NOV)))
                    .endsWith("total,acme,,,3,0,3000,1500,0.006000,2,0.006000,0.012000\n");
        }
    }

    @Test
    void priceBookRuleFallsBackToTheRecordedCostForAModelWithoutAPrice() {
        try (LedgerDriver ledger = new LedgerDriver(cfg -> cfg.withBillingRule(BillingRule.PRICE_BOOK))) {
            ledger.send(call("replayed", "acme", "gpt-4o", 10, 10, Instant.parse("2026-11-16T08:00:00Z"))
                    .setModel("gpt-3.5-turbo-1106")
                    .setCostMicros(4_242)
                    .build());

            assertThat(ledger.queries().usage("acme", NOV).total()).isEqualTo(new UsageTotals(1, 0, 10, 10, 4_242, 0));
        }
    }

    @Test
    void emitsMonthlyTenantSpendForTheCurrentMonthOnly() {
        try (LedgerDriver ledger = new LedgerDriver()) {
            // given: acme has a monthly $100 budget; the clock is in 2026-11
            CostEvent early = call("nov-3", "acme", "gpt-4o", 1_000, 500, Instant.parse("2026-11-03T09:00:00Z"))
                    .build();
            CostEvent later = call("nov-20", "acme", "claude-haiku", 2_000, 100, Instant.parse("2026-11-20T09:00:00Z"))
                    .build();
            CostEvent lastMonth = call("oct-31", "acme", "gpt-4o", 9_999, 9_999, Instant.parse("2026-10-31T23:59:59Z"))
                    .build();

            // when
            ledger.send(early);
            ledger.send(later);
            ledger.send(lastMonth);

            // then: 7,500 then 7,500 + 2,000 (1,600 + 400); October's call changes no current-period spend
            List<TenantSpend> spends = ledger.spend.readValuesToList();
            assertThat(spends)
                    .extracting(TenantSpend::getPeriod, TenantSpend::getSpentMicros, TenantSpend::getBudgetMicros)
                    .containsExactly(
                            org.assertj.core.groups.Tuple.tuple("2026-11", 7_500L, 100_000_000L),
                            org.assertj.core.groups.Tuple.tuple("2026-11", 9_500L, 100_000_000L));
            assertThat(spends.get(1).getUpdatedAt()).isEqualTo(LedgerDriver.START);
            assertThat(ledger.queries().spend("acme"))
                    .isEqualTo(new SpendSnapshot("acme", "2026-11", 9_500L, 100_000_000L));
        }
    }

    @Test
    void emitsDailyTenantSpendPerDayAndAFreshPeriodAtMidnight() {
        try (LedgerDriver ledger = new LedgerDriver()) {
            // given: globex has a daily $5 budget; the clock is 2026-11-22T12:00Z
            ledger.send(call("today", "globex", "gpt-4o", 1_000, 500, Instant.parse("2026-11-22T01:00:00Z"))
                    .build());
            ledger.send(call("yesterday", "globex", "gpt-4o", 1_000, 500, Instant.parse("2026-11-21T23:00:00Z"))
                    .build());
            assertThat(ledger.spend.readValuesToList())
                    .extracting(TenantSpend::getPeriod, TenantSpend::getSpentMicros, TenantSpend::getBudgetMicros)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple("2026-11-22", 6_000L, 5_000_000L));

            // when: midnight passes
            ledger.advance(Duration.ofHours(12));

            // then: the new day starts at zero without waiting for a call, then counts its own calls
            assertThat(ledger.spend.readValuesToList())
                    .extracting(TenantSpend::getPeriod, TenantSpend::getSpentMicros)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple("2026-11-23", 0L));
            ledger.send(call("tomorrow", "globex", "gpt-4o", 1_000, 0, Instant.parse("2026-11-23T00:30:00Z"))
                    .build());
            assertThat(ledger.spend.readValuesToList())
                    .extracting(TenantSpend::getPeriod, TenantSpend::getSpentMicros)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple("2026-11-23", 2_000L));
        }
    }

    @Test
    void answersUsageByDayRangeAndByBatchForOneTenantOnly() {
        try (LedgerDriver ledger = new LedgerDriver()) {
            ledger.send(call("a1", "acme", "gpt-4o", 1_000, 500, Instant.parse("2026-11-03T09:00:00Z"))
                    .setBatchId("b-7")
                    .build());
            ledger.send(call("a2", "acme", "gpt-4o", 1_000, 500, Instant.parse("2026-11-04T09:00:00Z"))
                    .setBatchId("b-7")
                    .setOutcome("SERVER_ERROR")
                    .build());
            ledger.send(call("a3", "acme", "claude-haiku", 1_000, 500, Instant.parse("2026-11-05T09:00:00Z"))
                    .setBatchId("b-7")
                    .build());
            ledger.send(call("a4", "acme", "gpt-4o", 1_000, 500, Instant.parse("2026-11-05T10:00:00Z"))
                    .setBatchId("b-7|x")
                    .build());
            ledger.send(call("g1", "globex", "gpt-4o", 1_000, 500, Instant.parse("2026-11-04T09:00:00Z"))
                    .setBatchId("b-7")
                    .build());

            UsageReport days =
                    ledger.queries().usage("acme", LocalDate.parse("2026-11-04"), LocalDate.parse("2026-11-05"));
            assertThat(days.rows())
                    .extracting(row -> row.day() + " " + row.model())
                    .containsExactly("2026-11-04 gpt-4o", "2026-11-05 claude-haiku", "2026-11-05 gpt-4o");
            assertThat(days.total()).isEqualTo(new UsageTotals(3, 1, 3_000, 1_500, 7_500 + 2_800 + 7_500, 0));

            BatchUsage batch = ledger.queries().batch("acme", "b-7");
            assertThat(batch.rows()).extracting(BatchUsage.Row::model).containsExactly("claude-haiku", "gpt-4o");
            assertThat(batch.total()).isEqualTo(new UsageTotals(3, 1, 3_000, 1_500, 17_800, 0));
        }
    }

    @Test
    void exportsTheMonthAsCsvWithExactDollarsAndATotalsLine() {
        try (LedgerDriver ledger = new LedgerDriver()) {
            ledger.send(call("a1", "acme", "gpt-4o", 1_000, 500, Instant.parse("2026-11-03T09:00:00Z"))
                    .build());
            ledger.send(call("a2", "acme", "claude-haiku", 1_000, 500, Instant.parse("2026-11-03T10:00:00Z"))
                    .setOutcome("TIMEOUT")
                    .build());

            String csv = new LedgerCsvExporter().toCsv(ledger.queries().usage("acme", NOV));

            assertThat(csv).isEqualTo("""
          date,tenant,provider,model,calls,failures,input_tokens,output_tokens,sync_cost_usd,batch_calls,batch_cost_usd,cost_usd
          2026-11-03,acme,anthropic,claude-haiku,1,1,1000,500,0.002800,0,0.000000,0.002800
          2026-11-03,acme,openai,gpt-4o,1,0,1000,500,0.007500,0,0.000000,0.007500
          total,acme,,,2,1,2000,1000,0.010300,0,0.000000,0.010300
          """);
        }
    }

    @Test
    void namesEveryProcessorStoreAndTopicExplicitly() {
        try (LedgerDriver ledger = new LedgerDriver()) {
            String description = LedgerTopology.build(ledger.cfg).describe().toString();

            assertThat(description)
                    .doesNotContain("KSTREAM-", "KTABLE-")
                    .contains(
                            "ledger-dedupe",
                            "ledger-billing",
                            "ledger-route-attribution",
                            "ledger-route-stats",
                            "ledger-route-deltas-repartition",
                            LedgerTopology.USAGE_DAILY_STORE);
        }
    }

    @Test
    void forgetsEventIdsOnlyAfterTheDedupeRetention() {
        try (LedgerDriver ledger = new LedgerDriver()) {
            CostEvent event = call("e-1", "acme", "gpt-4o", 1_000, 500, Instant.parse("2026-11-20T10:00:00Z"))
                    .build();
            ledger.send(event);

            ledger.advance(Duration.ofDays(39));
            ledger.send(event);
            assertThat(ledger.queries().usage("acme", NOV).total().calls())
                    .as("re-sent within the 40 days: not billed again")
                    .isEqualTo(1);

            ledger.advance(Duration.ofDays(2));
            ledger.send(event);
            assertThat(ledger.queries().usage("acme", NOV).total().calls())
                    .as("re-sent after the 40 days: a new event")
                    .isEqualTo(2);
        }
    }

    @Test
    void purgesExpiredEventIdsAndRequestRoutesWithoutKeepingThemPastTwoRetentions() {
        try (LedgerDriver ledger = new LedgerDriver()) {
            for (int i = 0; i < 50; i++) {
                ledger.send(call("e-" + i, "acme", "gpt-4o", 1_000, 500, Instant.parse("2026-11-20T10:00:00Z"))
                        .setRequestId("r-" + i)
                        .build());
            }
            assertThat(entries(ledger, LedgerTopology.SEEN_EVENTS_STORE)).isEqualTo(50);
            assertThat(entries(ledger, LedgerTopology.REQUEST_ROUTES_STORE)).isEqualTo(50);

            // Each store keeps an entry for one to two retentions (40 days of ids, 7 of routes).
            ledger.advance(Duration.ofDays(15));
            assertThat(entries(ledger, LedgerTopology.REQUEST_ROUTES_STORE)).isZero();
            assertThat(entries(ledger, LedgerTopology.SEEN_EVENTS_STORE)).isEqualTo(50);
            ledger.advance(Duration.ofDays(66));
            assertThat(entries(ledger, LedgerTopology.SEEN_EVENTS_STORE)).isZero();
        }
    }

    private static long entries(LedgerDriver ledger, String store) {
        long n = 0;
        try (KeyValueIterator<Object, Object> all =
                ledger.driver.getKeyValueStore(store).all()) {
            while (all.hasNext()) {
                all.next();
                n++;
            }
        }
        return n;
    }
}
