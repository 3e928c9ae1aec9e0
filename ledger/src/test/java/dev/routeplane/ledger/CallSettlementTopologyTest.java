package dev.routeplane.ledger;

import static dev.routeplane.ledger.Fixtures.call;
import static org.assertj.core.api.Assertions.assertThat;

import dev.routeplane.contract.CallIntent;
import dev.routeplane.contract.CostEvent;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Calls whose intent no cost event closed, settled by the production {@link LedgerTopology#build}. */
class CallSettlementTopologyTest {
    private static final YearMonth NOV = YearMonth.of(2026, 11);
    private static final Instant AT = LedgerDriver.START;
    /** 1,000 in × $2.00/M + 500 out × $8.00/M. */
    private static final long WORST_CASE = 6_000;

    private static CallIntent intent(String callId) {
        return CallIntent.newBuilder()
                .setCallId(callId)
                .setRequestId("req-" + callId)
                .setTenantId("acme")
                .setBatchId(null)
                .setLane("default")
                .setProvider("openai")
                .setModel("gpt-4o")
                .setKeyProfile("primary")
                .setClientRequestId("req-" + callId)
                .setInputTokens(1_000)
                .setMaxOutputTokens(500)
                .setWorstCaseCostMicros(WORST_CASE)
                .setAt(AT)
                .setCallDeadline(AT.plusSeconds(10))
                .build();
    }

    @Test
    void aCallWithoutCostEventOrUsageLookupIsBilledAtItsWorstCaseMarkedEstimatedOnceItsDeadlineAndGracePassed() {
        try (LedgerDriver ledger = new LedgerDriver()) {
            ledger.send(intent("c-1"));

            ledger.advance(Duration.ofSeconds(20)); // deadline passed, grace (30 s) not yet
            assertThat(ledger.queries().usage("acme", NOV).total().calls()).isZero();

            ledger.advance(Duration.ofSeconds(30));
            List<CostEvent> settled = ledger.settled.readValuesToList();
            assertThat(settled).singleElement().satisfies(e -> {
                assertThat(e.getEventId()).isEqualTo("estimate/c-1");
                assertThat(e.getSettlement()).isEqualTo("ESTIMATED");
                assertThat(e.getCostMicros()).isEqualTo(WORST_CASE);
                assertThat(e.getCallId()).isEqualTo("c-1");
            });
            ledger.send(settled.get(0)); // the ledger reads back what it wrote to rp.ledger.v1
            assertThat(ledger.queries().usage("acme", NOV).total().costMicros()).isEqualTo(WORST_CASE);

            ledger.advance(Duration.ofMinutes(5));
            assertThat(ledger.settled.readValuesToList()).as("settled once").isEmpty();
        }
    }

    @Test
    void aCallClosedByItsCostEventOrByAnUnbilledTryIsNeverSettled() {
        try (LedgerDriver ledger = new LedgerDriver()) {
            ledger.send(intent("c-1"));
            ledger.send(call("openai/chatcmpl-1", "acme", "gpt-4o", 900, 100, AT.plusSeconds(2))
                    .setCallId("c-1")
                    .build());
            ledger.send(intent("c-2"));
            ledger.send(CallIntent.newBuilder(intent("c-2"))
                    .setClosedBy("SERVER_ERROR")
                    .build());

            ledger.advance(Duration.ofMinutes(5));

            assertThat(ledger.settled.readValuesToList()).isEmpty();
            assertThat(ledger.queries().usage("acme", NOV).total().calls()).isEqualTo(1);
        }
    }

    @Test
    void aCallWithAUsageLookupIsSettledFromTheProvidersRecordsSkippingCallsAlreadyBilled() {
        ProviderUsageLookup openai = clientRequestId -> List.of(
                new ProviderUsage("chatcmpl-lost", 1_000, 120, 3_000, AT.plusSeconds(1)),
                new ProviderUsage("chatcmpl-again", 1_000, 130, 3_040, AT.plusSeconds(4)));
        try (LedgerDriver ledger = new LedgerDriver(
                cfg -> cfg.withCallSettlement(CallSettlement.defaults().withLookups(Map.of("openai", openai))))) {
            ledger.send(intent("c-1")); // the worker died after the answer: no cost event
            ledger.send(intent("c-2")); // the redelivery's call, recorded
            ledger.send(call("openai/chatcmpl-again", "acme", "gpt-4o", 1_000, 130, AT.plusSeconds(4))
                    .setCallId("c-2")
                    .build());

            ledger.advance(Duration.ofSeconds(50));

            List<CostEvent> settled = ledger.settled.readValuesToList();
            assertThat(settled).singleElement().satisfies(e -> {
                assertThat(e.getEventId()).isEqualTo("openai/chatcmpl-lost");
                assertThat(e.getSettlement()).isEqualTo("PROVIDER_USAGE");
                assertThat(e.getCostMicros()).isEqualTo(3_000);
                assertThat(e.getOutputTokens()).isEqualTo(120);
            });
        }
    }

    @Test
    void aCallTheProviderBilledIsSettledFromItsUsageLongBeforeALongDeadlineAndOnlyOnce() {
        ProviderUsage lost = new ProviderUsage("chatcmpl-lost", 1_000, 120, 3_000, AT.plusSeconds(1));
        ProviderUsageLookup openai = clientRequestId -> clientRequestId.equals("req-c-1") ? List.of(lost) : List.of();
        try (LedgerDriver ledger = new LedgerDriver(
                cfg -> cfg.withCallSettlement(CallSettlement.defaults().withLookups(Map.of("openai", openai))))) {
            // A batch call: its deadline is its request's, a day away; the worker died after the provider answered.
            ledger.send(CallIntent.newBuilder(intent("c-1"))
                    .setCallDeadline(AT.plus(Duration.ofDays(1)))
                    .build());
            // A call still running (nothing billed under its id): it stays open.
            ledger.send(CallIntent.newBuilder(intent("c-2"))
                    .setCallDeadline(AT.plus(Duration.ofDays(1)))
                    .build());

            ledger.advance(Duration.ofSeconds(20)); // within the grace after the answer: a cost event may still come
            assertThat(ledger.settled.readValuesToList()).isEmpty();

            ledger.advance(Duration.ofSeconds(20));
            List<CostEvent> settled = ledger.settled.readValuesToList();
            assertThat(settled).singleElement().satisfies(e -> {
                assertThat(e.getEventId()).isEqualTo("openai/chatcmpl-lost");
                assertThat(e.getSettlement()).isEqualTo("PROVIDER_USAGE");
                assertThat(e.getCostMicros()).isEqualTo(3_000);
            });

            ledger.advance(Duration.ofMinutes(5));
            assertThat(ledger.settled.readValuesToList())
                    .as("settled once; the running call not at all")
                    .isEmpty();
        }
    }

    @Test
    void aCallLookedAtBeforeItWasBilledAndThenClosedByItsCostEventIsNeverSettled() {
        ProviderUsageLookup nothingYet = clientRequestId -> List.of();
        try (LedgerDriver ledger = new LedgerDriver(
                cfg -> cfg.withCallSettlement(CallSettlement.defaults().withLookups(Map.of("openai", nothingYet))))) {
            ledger.send(CallIntent.newBuilder(intent("c-1"))
                    .setCallDeadline(AT.plus(Duration.ofMinutes(10)))
                    .build());
            ledger.advance(Duration.ofSeconds(45)); // asked twice after the grace: nothing billed, still running

            ledger.send(call("openai/chatcmpl-1", "acme", "gpt-4o", 900, 100, AT.plusSeconds(50))
                    .setCallId("c-1")
                    .build());
            ledger.advance(Duration.ofMinutes(15)); // past its deadline and grace

            assertThat(ledger.settled.readValuesToList()).isEmpty();
            assertThat(ledger.queries().usage("acme", NOV).total().calls()).isEqualTo(1);
        }
    }

    @Test
    void aCloseThatArrivesBeforeItsIntentClosesItAndManyOpenCallsAreEachSettledOnceWhenDue() {
        try (LedgerDriver ledger = new LedgerDriver()) {
            ledger.send(call("openai/chatcmpl-0", "acme", "gpt-4o", 900, 100, AT.plusSeconds(2))
                    .setCallId("c-0")
                    .build());
            ledger.send(intent("c-0")); // the intents topic was behind the ledger topic
            for (int i = 1; i <= 500; i++) {
                ledger.send(CallIntent.newBuilder(intent("c-" + i))
                        .setCallDeadline(AT.plusSeconds(10 + i)) // due one second apart
                        .build());
            }

            for (int step = 0; step < 50; step++) {
                ledger.advance(Duration.ofSeconds(5)); // one check every 5 s
            }
            List<CostEvent> first = ledger.settled.readValuesToList();
            for (int step = 0; step < 120; step++) {
                ledger.advance(Duration.ofSeconds(5));
            }
            List<CostEvent> rest = ledger.settled.readValuesToList();

            // After 250 s: exactly those whose deadline plus the 30 s grace had passed (10 + i + 30 < 250).
            assertThat(first)
                    .extracting(CostEvent::getCallId)
                    .containsExactlyInAnyOrderElementsOf(IntStream.rangeClosed(1, 209)
                            .mapToObj(i -> "c-" + i)
                            .toList());
            assertThat(Stream.concat(first.stream(), rest.stream()).map(CostEvent::getCallId))
                    .hasSize(500)
                    .doesNotHaveDuplicates()
                    .doesNotContain("c-0");
        }
    }
}
