package dev.routeplane.ledger;

import static dev.routeplane.ledger.Fixtures.attempt;
import static dev.routeplane.ledger.Fixtures.call;
import static dev.routeplane.ledger.Fixtures.passFail;
import static dev.routeplane.ledger.Fixtures.rating;
import static dev.routeplane.ledger.Fixtures.result;
import static dev.routeplane.ledger.Fixtures.score;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.routeplane.contract.ExecutionResult;
import dev.routeplane.contract.RouteStats;
import dev.routeplane.contract.TenantSpend;
import dev.routeplane.ledger.internal.LatencySketches;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Route statistics and feedback on the production {@link LedgerTopology#build}. */
class RouteStatsTopologyTest {
    private static final Instant T = Instant.parse("2026-11-22T11:00:00Z");

    @Test
    void emitsEachChangedRouteAtMostOncePerIntervalHoweverManyCalls() {
        try (LedgerDriver ledger = new LedgerDriver()) {
            // given: 500 calls over two routes within one interval
            for (int i = 0; i < 500; i++) {
                ledger.send(call("e-" + i, "acme", i % 2 == 0 ? "gpt-4o" : "claude-haiku", 100, 10, T)
                        .build());
            }
            assertThat(ledger.routeStats.isEmpty()).isTrue();

            // when / then: one record per route at the tick, nothing while nothing changes
            List<RouteStats> first = ledger.flushStats();
            assertThat(first)
                    .extracting(RouteStats::getModel, RouteStats::getCalls)
                    .containsExactlyInAnyOrder(
                            org.assertj.core.groups.Tuple.tuple("gpt-4o", 250L),
                            org.assertj.core.groups.Tuple.tuple("claude-haiku", 250L));
            for (int i = 500; i < 600; i++) {
                ledger.send(call("e-" + i, "acme", "gpt-4o", 100, 10, T).build());
            }
            assertThat(ledger.flushStats())
                    .extracting(RouteStats::getModel, RouteStats::getCalls)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple("gpt-4o", 350L));
            assertThat(ledger.flushStats()).isEmpty();
        }
    }

    @Test
    void countsOutcomesCostAndFallbacksButNotRetriesOnTheSameRoute() {
        try (LedgerDriver ledger = new LedgerDriver()) {
            // given: gpt-4o fails twice (a retry, then a fallback to claude-haiku, which succeeds)
            ledger.send(call("r1-a1", "acme", "gpt-4o", 0, 0, T)
                    .setRequestId("r1")
                    .setOutcome("SERVER_ERROR")
                    .setCostMicros(0)
                    .build());
            ledger.send(call("r1-a2", "acme", "gpt-4o", 0, 0, T)
                    .setRequestId("r1")
                    .setOutcome("RATE_LIMITED")
                    .setCostMicros(0)
                    .build());
            ledger.send(call("r1-a3", "acme", "claude-haiku", 1_000, 500, T)
                    .setRequestId("r1")
                    .build());
            ledger.send(result(
                    "r1",
                    "acme",
                    "anthropic",
                    "claude-haiku",
                    List.of(
                            attempt("openai", "gpt-4o", "SERVER_ERROR"),
                            attempt("openai", "gpt-4o", "RATE_LIMITED"),
                            attempt("anthropic", "claude-haiku", "SUCCEEDED")),
                    T.plusSeconds(1)));

            // when
            List<RouteStats> stats = ledger.flushStats();

            // then
            RouteStats gpt = only(stats, "gpt-4o");
            assertThat(List.of(
                            gpt.getCalls(),
                            gpt.getSuccesses(),
                            gpt.getFailures(),
                            gpt.getFallbacks(),
                            gpt.getTotalCostMicros()))
                    .containsExactly(2L, 0L, 2L, 1L, 0L);
            RouteStats haiku = only(stats, "claude-haiku");
            assertThat(List.of(
                            haiku.getCalls(),
                            haiku.getSuccesses(),
                            haiku.getFailures(),
                            haiku.getFallbacks(),
                            haiku.getTotalCostMicros()))
                    .containsExactly(1L, 1L, 0L, 0L, 2_800L);
            assertThat(only(stats, "gpt-4o").getLane()).isEqualTo("default");
        }
    }

    @Test
    void feedbackMovesTheQualityEstimateToTheBetaPosteriorMean() {
        try (LedgerDriver ledger = new LedgerDriver()) {
            // given: gpt-4o's configured prior 0.9 worth 10 pseudo-observations
            servedBy(ledger, "r1", "gpt-4o");
            assertThat(only(ledger.flushStats(), "gpt-4o").getQualityEstimate()).isCloseTo(0.9, within(1e-12));

            // when: rating 2 → 0.25, eval score 0.5, fail → 0; and a re-sent rating, ignored
            ledger.send(rating("f1", "r1", "acme", 2, T.plusSeconds(60)));
            ledger.send(score("f2", "r1", "acme", 0.5, T.plusSeconds(61)));
            ledger.send(passFail("f3", "r1", "acme", false, T.plusSeconds(62)));
            ledger.send(rating("f1", "r1", "acme", 2, T.plusSeconds(60)));

            // then: (0.9 × 10 + 0.25 + 0.5 + 0) / (10 + 3) = 9.75 / 13 = 0.75
            RouteStats stats = only(ledger.flushStats(), "gpt-4o");
            assertThat(stats.getQualityEstimate()).isCloseTo(0.75, within(1e-12));
            assertThat(stats.getQualityEvidence()).isEqualTo(3);
        }
    }

    @Test
    void appliesFeedbackThatArrivesBeforeTheResultOnceTheResultArrives() {
        try (LedgerDriver ledger = new LedgerDriver()) {
            // given: a rating of 5 (→ 1.0) for a request not yet finished
            ledger.send(rating("f1", "r1", "acme", 5, T));
            assertThat(ledger.flushStats()).isEmpty();

            // when
            servedBy(ledger, "r1", "claude-haiku");

            // then: (0.6 × 10 + 1) / 11
            RouteStats stats = only(ledger.flushStats(), "claude-haiku");
            assertThat(stats.getQualityEstimate()).isCloseTo(7.0 / 11, within(1e-12));
            assertThat(stats.getQualityEvidence()).isEqualTo(1);
        }
    }

    @Test
    void countsFeedbackArrivingHoursLaterButNotAfterTheRequestRetention() {
        try (LedgerDriver ledger = new LedgerDriver()) {
            servedBy(ledger, "r1", "gpt-4o");
            servedBy(ledger, "r2", "gpt-4o");
            ledger.flushStats();

            // when: six hours later, a pass for r1
            ledger.advance(Duration.ofHours(6));
            ledger.send(passFail("late", "r1", "acme", true, T.plus(Duration.ofHours(6))));

            // then: (9 + 1) / 11
            RouteStats stats = only(ledger.flushStats(), "gpt-4o");
            assertThat(stats.getQualityEstimate()).isCloseTo(10.0 / 11, within(1e-12));

            // when: eight days later, a fail for r2, whose route has been forgotten after 7 days
            ledger.advance(Duration.ofDays(8));
            ledger.send(passFail("too-late", "r2", "acme", false, T.plus(Duration.ofDays(8))));
            assertThat(ledger.flushStats()).isEmpty();
        }
    }

    @Test
    void measuresAndBillsAShadowCallOnItsOwnRouteExactlyAsANormalCall() {
        try (LedgerDriver shadowed = new LedgerDriver();
                LedgerDriver plain = new LedgerDriver()) {
            // given: r1 served by gpt-4o and shadowed on claude-haiku as r1#shadow, whose answer an evaluator scores
            // 0.5;
            // the shadow's result comes on the shadow results topic
            servedBy(shadowed, "r1", "gpt-4o");
            shadowed.send(call("r1#shadow-a1", "acme", "claude-haiku", 1_000, 500, T)
                    .setRequestId("r1#shadow")
                    .build());
            shadowed.sendShadow(ExecutionResult.newBuilder(result(
                            "r1#shadow",
                            "acme",
                            "anthropic",
                            "claude-haiku",
                            List.of(attempt("anthropic", "claude-haiku", "SUCCEEDED")),
                            T.plusSeconds(1)))
                    .setShadowOf("r1")
                    .build());
            shadowed.send(score("f1", "r1#shadow", "acme", 0.5, T.plusSeconds(60)));
            // and, for comparison: the same calls where claude-haiku answered a request of its own, r2
            servedBy(plain, "r1", "gpt-4o");
            plain.send(call("r2-a1", "acme", "claude-haiku", 1_000, 500, T)
                    .setRequestId("r2")
                    .build());
            plain.send(result(
                    "r2",
                    "acme",
                    "anthropic",
                    "claude-haiku",
                    List.of(attempt("anthropic", "claude-haiku", "SUCCEEDED")),
                    T.plusSeconds(1)));
            plain.send(score("f1", "r2", "acme", 0.5, T.plusSeconds(60)));

            // when
            List<RouteStats> stats = shadowed.flushStats();

            // then: claude-haiku has the call, its 1,000 × $0.80/M + 500 × $4.00/M = 2,800 and the score:
            // (0.6 × 10 + 0.5) / 11; the shadowed route gets none of it
            RouteStats haiku = only(stats, "claude-haiku");
            assertThat(List.of(
                            haiku.getCalls(),
                            haiku.getSuccesses(),
                            haiku.getFailures(),
                            haiku.getFallbacks(),
                            haiku.getTotalCostMicros(),
                            haiku.getQualityEvidence()))
                    .containsExactly(1L, 1L, 0L, 0L, 2_800L, 1L);
            assertThat(haiku.getQualityEstimate()).isCloseTo(6.5 / 11, within(1e-12));
            assertThat(List.of(haiku.getLane(), haiku.getProvider())).containsExactly("default", "anthropic");
            RouteStats gpt = only(stats, "gpt-4o");
            assertThat(List.of(gpt.getCalls(), gpt.getTotalCostMicros(), gpt.getQualityEvidence()))
                    .containsExactly(1L, 280L, 0L);
            assertThat(gpt.getQualityEstimate()).isCloseTo(0.9, within(1e-12));
            assertThat(stats).containsExactlyInAnyOrderElementsOf(plain.flushStats());

            // and: billing counts the shadow's cost event: 100 × $2.00/M + 10 × $8.00/M = 280 for gpt-4o, plus 2,800
            assertThat(shadowed.queries().usage("acme", YearMonth.of(2026, 11)).total())
                    .isEqualTo(new UsageTotals(2, 0, 1_100, 510, 3_080, 0));
            List<TenantSpend> spends = shadowed.spend.readValuesToList();
            assertThat(spends.get(spends.size() - 1).getSpentMicros()).isEqualTo(3_080L);
        }
    }

    @Test
    void reportsLatencyPercentilesWithinTheSketchAccuracy() {
        try (LedgerDriver ledger = new LedgerDriver()) {
            // given: latencies 1..1000 ms in random order; the true p50 is 500 and p95 is 950
            List<Long> latencies = new ArrayList<>();
            for (long ms = 1; ms <= 1_000; ms++) {
                latencies.add(ms);
            }
            Collections.shuffle(latencies, new Random(42));
            for (int i = 0; i < latencies.size(); i++) {
                ledger.send(call("e-" + i, "acme", "gpt-4o", 10, 10, T)
                        .setLatencyMs(latencies.get(i))
                        .build());
            }

            // when
            RouteStats stats = only(ledger.flushStats(), "gpt-4o");

            // then: within 1% relative accuracy, plus rounding to whole milliseconds
            assertThat(stats.getLatencyP50Ms()).isCloseTo(500L, within(Math.round(500 * 0.01) + 1));
            assertThat(stats.getLatencyP95Ms()).isCloseTo(950L, within(Math.round(950 * 0.01) + 1));
            byte[] sketch = new byte[stats.getLatencySketch().remaining()];
            stats.getLatencySketch().get(sketch);
            assertThat(LatencySketches.decode(sketch).getCount()).isEqualTo(1_000.0);
        }
    }

    private static void servedBy(LedgerDriver ledger, String requestId, String model) {
        String provider = model.startsWith("gpt") ? "openai" : "anthropic";
        ledger.send(call(requestId + "-a1", "acme", model, 100, 10, T)
                .setRequestId(requestId)
                .build());
        ledger.send(result(
                requestId, "acme", provider, model, List.of(attempt(provider, model, "SUCCEEDED")), T.plusSeconds(1)));
    }

    private static RouteStats only(List<RouteStats> stats, String model) {
        List<RouteStats> matching =
                stats.stream().filter(s -> s.getModel().equals(model)).toList();
        assertThat(matching).hasSize(1);
        return matching.get(0);
    }
}
