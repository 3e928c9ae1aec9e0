package dev.routeplane.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.routeplane.config.BudgetPeriod;
import dev.routeplane.config.RouteplaneConfig;
import dev.routeplane.config.Tenant;
import dev.routeplane.contract.CostEvent;
import dev.routeplane.contract.ExecutionResult;
import dev.routeplane.contract.RejectedRequest;
import dev.routeplane.contract.ResultStatus;
import dev.routeplane.contract.RouteRequest;
import dev.routeplane.contract.RoutingDecision;
import dev.routeplane.contract.TenantSpend;
import dev.routeplane.ledger.LedgerQueries;
import dev.routeplane.ledger.LedgerService;
import dev.routeplane.ledger.UsageReport;
import dev.routeplane.runtime.RuntimeOptions.Service;
import dev.routeplane.runtime.SimulatorSetup.FaultProfile;
import dev.routeplane.schemas.RouteplaneSerdes;
import dev.routeplane.schemas.Topics;
import dev.routeplane.simulator.FaultMix;
import dev.routeplane.simulator.Invoice;
import dev.routeplane.simulator.InvoiceLine;
import dev.routeplane.simulator.SimulatedProvider;
import dev.routeplane.simulator.SimulatorServer;
import dev.routeplane.simulator.workload.MixedWorkload;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole pipeline on the embedded broker and registry: router, executors and the provider simulator under a
 * harsh fault mix in this JVM, the ledger in a child JVM that is killed with SIGKILL twice while requests flow
 * (first restarted on its old state directory, then replaced by an instance with no local state). At the end every
 * request has exactly one terminal result, and the ledger (interactive queries, HTTP, CSV, the cost-event topic and
 * the tenant-spend topic) equals the simulator's invoice to the micro-dollar, per tenant and in total.
 */
class PipelineIT {
    private static final int REQUESTS = 2_000;
    /** Requests produced before each of the two kills; the rest come after the second. */
    private static final int[] WAVES = {700, 650, 650};
    /** Harsher than {@link FaultProfile#REALISTIC}, with a short timeout hold so timed-out calls end quickly. */
    private static final FaultMix HARSH = FaultMix.builder()
            .serverError5xx(0.05)
            .rateLimited429(0.04)
            .timeout(0.01)
            .errorIn200(0.01)
            .cutOff(0.01)
            .contentFilter(0.01)
            .timeoutHoldMs(3_000)
            .build();

    private static final long T0 = System.nanoTime();

    @TempDir
    Path dir;

    /** A progress line with the seconds since the test class loaded, for reading where the time goes. */
    private static void log(String format, Object... args) {
        System.out.printf("[+%5.1fs] %s%n", (System.nanoTime() - T0) / 1e9, String.format(format, args));
    }

    @Test
    void everyRequestEndsOnceAndTheLedgerKilledMidRunStillEqualsTheInvoice() throws Exception {
        long started = System.nanoTime();
        RouteplaneConfig config = RouteplaneConfig.defaults();
        RuntimeOptions options = RuntimeOptions.embedded(config, dir.resolve("runtime"))
                .withServices(EnumSet.of(Service.ROUTER, Service.EXECUTORS, Service.SIMULATOR))
                .withFaults(FaultProfile.REALISTIC)
                .withLatencyScale(0.05);
        try (RouteplaneRuntime runtime = RouteplaneRuntime.start(options, line -> log("[runtime] %s", line))) {
            SimulatorServer simulator = runtime.simulator().orElseThrow();
            simulator.config().providers().stream()
                    .map(SimulatedProvider::id)
                    .forEach(id -> simulator.setFaults(id, HARSH));
            Topics topics = runtime.topics();
            String bootstrap = runtime.bootstrapServers();
            RouteplaneSerdes serdes = runtime.serdes();
            Path keptState = dir.resolve("ledger-state-kept");
            MixedWorkload workload = MixedWorkload.demo(7L, Clock.systemUTC(), "pipeline-it");
            List<String> submitted = new ArrayList<>();
            List<Process> children = new ArrayList<>();

            try (KafkaProducer<String, RouteRequest> producer = new KafkaProducer<>(
                    producerProps(bootstrap),
                    serdes.keySerde().serializer(),
                    serdes.valueSerde(topics.requests()).serializer())) {
                // given: a ledger in its own JVM
                Process first =
                        LedgerChild.start(bootstrap, runtime.registryUrl(), topics.partitions(), keptState, "ledger-1");
                children.add(first);
                log("[ledger-1] RUNNING in a child JVM (pid %d) on %s", first.pid(), keptState);

                // when: it is killed once some spend is committed, with requests still in flight
                produce(producer, workload, WAVES[0], topics, submitted);
                log("produced %d requests", submitted.size());
                await("committed tenant spend")
                        .atMost(Duration.ofSeconds(60))
                        .pollInterval(Duration.ofMillis(250))
                        .until(() -> spentTotal(bootstrap, topics, serdes) > 0);
                long spendAtFirstKill = kill(first, "ledger-1", bootstrap, topics, serdes, submitted.size());

                // and: a second instance on the same state directory is killed the same way while billing the next wave
                Process second =
                        LedgerChild.start(bootstrap, runtime.registryUrl(), topics.partitions(), keptState, "ledger-2");
                children.add(second);
                log("[ledger-2] RUNNING in a child JVM (pid %d) on %s", second.pid(), keptState);
                produce(producer, workload, WAVES[1], topics, submitted);
                log("produced %d requests", submitted.size());
                await("spend beyond the first kill")
                        .atMost(Duration.ofSeconds(60))
                        .pollInterval(Duration.ofMillis(250))
                        .until(() -> spentTotal(bootstrap, topics, serdes) > spendAtFirstKill);
                kill(second, "ledger-2", bootstrap, topics, serdes, submitted.size());

                // and: the rest arrives while no ledger runs, then a replacement with no local state takes over
                produce(producer, workload, WAVES[2], topics, submitted);
                log("produced %d requests", submitted.size());
            } finally {
                children.forEach(Process::destroyForcibly); // only matters when an assertion failed before a kill
            }
            assertThat(submitted).hasSize(REQUESTS).doesNotHaveDuplicates();
            try (LedgerService ledger = new LedgerService(
                    LedgerChild.config(runtime.registryUrl(), topics.partitions()),
                    LedgerChild.streamsConfig(bootstrap, dir.resolve("ledger-state-fresh")))) {
                ledger.start(Duration.ofSeconds(90));
                log("[ledger-3] RUNNING in-process on an empty state directory");

                // then: every request ends in exactly one terminal result
                Map<String, List<ExecutionResult>> results = awaitAllResults(bootstrap, topics, serdes, submitted);
                log("a result for each of %d requests", submitted.size());
                assertExactlyOneResultEach(results, submitted);
                assertRefusalsAreRejectionsAndRoutedAreDecisions(bootstrap, topics, serdes, results);

                // and: the ledger equals the invoice, per tenant and in total
                LedgerQueries queries = ledger.queries();
                Set<String> tenants = new LinkedHashSet<>(config.tenants().keySet());
                Invoice invoice = awaitQuiescentInvoice(simulator, queries, tenants);
                List<CostEvent> costs = values(TopicDrain.readAll(
                        bootstrap,
                        topics.ledger().name(),
                        serdes.valueSerde(topics.ledger()).deserializer()));
                Map<String, Long> invoicePerTenant = invoicePerTenant(invoice, costs);
                assertCostEventsMatchTheInvoice(costs, invoice);
                Map<String, Long> ledgerPerTenant = ledgerPerTenant(queries, tenants, month());
                assertThat(ledgerPerTenant)
                        .as("ledger usage per tenant vs invoice lines per tenant")
                        .isEqualTo(withZeros(invoicePerTenant, tenants));
                assertThat(ledgerPerTenant.values().stream()
                                .mapToLong(Long::longValue)
                                .sum())
                        .isEqualTo(invoice.totalMicros());
                assertThat(tenants.stream()
                                .mapToLong(
                                        t -> queries.usage(t, month()).total().calls())
                                .sum())
                        .as("billed calls")
                        .isEqualTo(invoice.calls());

                // and: the latest tenant spend equals the ledger for each tenant's current budget period
                Map<String, TenantSpend> spend =
                        awaitSpendMatchingLedger(bootstrap, topics, serdes, config, queries, tenants);

                // and: the HTTP query and the CSV export agree with each other and the invoice
                Map<String, Long> httpPerTenant = LedgerHttpCheck.assertHttpAndCsvAgree(queries, tenants, month());
                assertThat(httpPerTenant).isEqualTo(withZeros(invoicePerTenant, tenants));

                // and: nothing arrived late: still exactly one result per request after all of the above
                assertExactlyOneResultEach(results(bootstrap, topics, serdes), submitted);
                printSummary(results, invoice, costs, ledgerPerTenant, spend, started);
                System.out.println("simulator calls by provider and outcome: " + simulator.callCounts());
            }
        }
    }

    // ---- producing and killing

    private static void produce(
            KafkaProducer<String, RouteRequest> producer,
            MixedWorkload workload,
            int count,
            Topics topics,
            List<String> submitted) {
        for (int i = 0; i < count; i++) {
            RouteRequest request = workload.next();
            producer.send(new ProducerRecord<>(topics.requests().name(), request.getTenantId(), request));
            submitted.add(request.getRequestId());
        }
        producer.flush();
    }

    /** SIGKILLs a ledger JVM while requests are still in flight; returns the committed spend total it left behind. */
    private static long kill(
            Process ledger, String name, String bootstrap, Topics topics, RouteplaneSerdes serdes, int produced)
            throws Exception {
        long resultsBefore = TopicDrain.readAll(
                        bootstrap,
                        topics.results().name(),
                        serdes.valueSerde(topics.results()).deserializer())
                .size();
        assertThat(resultsBefore)
                .as("results when %s is killed: requests must still be in flight", name)
                .isLessThan(produced);
        ledger.destroyForcibly(); // SIGKILL on Linux: no close, no commit, no flush
        assertThat(ledger.waitFor(15, TimeUnit.SECONDS)).as(name + " exited").isTrue();
        assertThat(ledger.exitValue()).as(name + " killed by SIGKILL").isEqualTo(128 + 9);
        long spent = spentTotal(bootstrap, topics, serdes);
        log(
                "[%s] killed with SIGKILL: %d results on the topic so far, %d micros of committed spend",
                name, resultsBefore, spent);
        return spent;
    }

    // ---- results

    private static Map<String, List<ExecutionResult>> awaitAllResults(
            String bootstrap, Topics topics, RouteplaneSerdes serdes, List<String> submitted) {
        Map<String, List<ExecutionResult>> byRequest = new HashMap<>();
        await("a terminal result for each of " + submitted.size() + " requests")
                .atMost(Duration.ofSeconds(150))
                .pollInterval(Duration.ofSeconds(2))
                .untilAsserted(() -> {
                    byRequest.clear();
                    byRequest.putAll(results(bootstrap, topics, serdes));
                    assertThat(byRequest.keySet()).as("requests with a result").containsAll(submitted);
                });
        return byRequest;
    }

    private static Map<String, List<ExecutionResult>> results(
            String bootstrap, Topics topics, RouteplaneSerdes serdes) {
        return values(TopicDrain.readAll(
                        bootstrap,
                        topics.results().name(),
                        serdes.valueSerde(topics.results()).deserializer()))
                .stream()
                .collect(Collectors.groupingBy(ExecutionResult::getRequestId));
    }

    private static void assertExactlyOneResultEach(Map<String, List<ExecutionResult>> results, List<String> submitted) {
        Map<String, Integer> duplicates = results.entrySet().stream()
                .filter(e -> e.getValue().size() > 1)
                .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().size()));
        assertThat(duplicates).as("requests with more than one terminal result").isEmpty();
        assertThat(results.keySet())
                .as("requests with a result vs requests submitted")
                .containsExactlyInAnyOrderElementsOf(submitted);
    }

    /**
     * Each request is either refused by the router (one RejectedRequest plus one refused result with the same reason)
     * or routed (one RoutingDecision, and its result comes from an executor).
     */
    private static void assertRefusalsAreRejectionsAndRoutedAreDecisions(
            String bootstrap, Topics topics, RouteplaneSerdes serdes, Map<String, List<ExecutionResult>> results) {
        List<RejectedRequest> rejected = values(TopicDrain.readAll(
                bootstrap,
                topics.requestsRejected().name(),
                serdes.valueSerde(topics.requestsRejected()).deserializer()));
        List<RoutingDecision> decisions = values(TopicDrain.readAll(
                bootstrap,
                topics.decisions().name(),
                serdes.valueSerde(topics.decisions()).deserializer()));
        Map<String, String> rejectionReasons = rejected.stream()
                .collect(Collectors.toMap(RejectedRequest::getRequestId, RejectedRequest::getReasonCode));
        Set<String> decided =
                decisions.stream().map(RoutingDecision::getRequestId).collect(Collectors.toSet());
        assertThat(decisions).as("one decision per routed request").hasSize(decided.size());
        assertThat(rejectionReasons.size() + decided.size())
                .as("rejected + routed")
                .isEqualTo(results.size());
        assertThat(decided).as("routed and rejected").noneMatch(rejectionReasons::containsKey);
        Map<String, String> refusedResults = results.values().stream()
                .map(list -> list.get(0))
                .filter(r -> r.getStatus() == ResultStatus.REJECTED || r.getStatus() == ResultStatus.BUDGET_EXCEEDED)
                // An executor also ends a routed request BUDGET_EXCEEDED (a fallback its reservation no longer
                // covers), after the calls in its attempts; a router refusal called nothing.
                .filter(r -> r.getProvider() == null && r.getAttempts().isEmpty())
                .collect(Collectors.toMap(ExecutionResult::getRequestId, ExecutionResult::getReason));
        assertThat(refusedResults)
                .as("router refusals: result reason per request vs rejection reason per request")
                .isEqualTo(rejectionReasons);
    }

    // ---- ledger vs invoice

    private static Invoice awaitQuiescentInvoice(
            SimulatorServer simulator, LedgerQueries queries, Set<String> tenants) {
        Invoice[] last = new Invoice[1];
        await("the ledger's total to equal the simulator's invoice")
                .atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(500))
                .ignoreException(InvalidStateStoreException.class)
                .untilAsserted(() -> {
                    assertThat(simulator.inFlight())
                            .as("calls in flight at the simulator")
                            .isZero();
                    Invoice invoice = simulator.invoice();
                    long ledger = tenants.stream()
                            .mapToLong(t -> queries.usage(t, month()).total().costMicros())
                            .sum();
                    assertThat(ledger)
                            .as("ledger total micros vs invoice (%d calls)", invoice.calls())
                            .isEqualTo(invoice.totalMicros());
                    last[0] = invoice;
                });
        assertThat(simulator.invoice().totalMicros())
                .as("invoice stable after the last result")
                .isEqualTo(last[0].totalMicros());
        return last[0];
    }

    private static void assertCostEventsMatchTheInvoice(List<CostEvent> costs, Invoice invoice) {
        assertThat(costs.stream().map(CostEvent::getEventId).distinct().count())
                .as("distinct eventIds")
                .isEqualTo(costs.size());
        assertThat(costs).as("cost events on the ledger topic vs invoice lines").hasSize((int) invoice.calls());
        assertThat(costs.stream().mapToLong(CostEvent::getCostMicros).sum())
                .as("sum of CostEvent.costMicros")
                .isEqualTo(invoice.totalMicros());
    }

    /** Attributes each invoice line to a tenant through the cost event of the same call ({@code provider/callId}). */
    private static Map<String, Long> invoicePerTenant(Invoice invoice, List<CostEvent> costs) {
        Map<String, CostEvent> byEventId =
                costs.stream().collect(Collectors.toMap(CostEvent::getEventId, Function.identity()));
        Map<String, Long> perTenant = new TreeMap<>();
        List<String> unmatched = new ArrayList<>();
        for (InvoiceLine line : invoice.lines()) {
            CostEvent event = byEventId.get(line.provider() + "/" + line.callId());
            if (event == null || event.getCostMicros() != line.costMicros()) {
                unmatched.add(line.provider() + "/" + line.callId() + " " + line.costMicros() + " micros vs "
                        + (event == null ? "no cost event" : event.getCostMicros() + " micros"));
                continue;
            }
            perTenant.merge(event.getTenantId(), line.costMicros(), Long::sum);
        }
        assertThat(unmatched).as("invoice lines without an equal cost event").isEmpty();
        return perTenant;
    }

    private static Map<String, Long> ledgerPerTenant(LedgerQueries queries, Set<String> tenants, YearMonth month) {
        Map<String, Long> perTenant = new TreeMap<>();
        tenants.forEach(t -> perTenant.put(t, queries.usage(t, month).total().costMicros()));
        return perTenant;
    }

    private static Map<String, Long> withZeros(Map<String, Long> perTenant, Set<String> tenants) {
        Map<String, Long> all = new TreeMap<>();
        tenants.forEach(t -> all.put(t, perTenant.getOrDefault(t, 0L)));
        return all;
    }

    // ---- tenant spend

    private static Map<String, TenantSpend> awaitSpendMatchingLedger(
            String bootstrap,
            Topics topics,
            RouteplaneSerdes serdes,
            RouteplaneConfig config,
            LedgerQueries queries,
            Set<String> tenants) {
        Map<String, TenantSpend> latest = new TreeMap<>();
        await("latest tenant spend to equal the ledger per tenant")
                .atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(500))
                .untilAsserted(() -> {
                    latest.clear();
                    latest.putAll(latestSpend(bootstrap, topics, serdes));
                    for (String tenant : tenants) {
                        Tenant t = config.tenants().get(tenant);
                        boolean daily = t.budget() != null && t.budget().period() == BudgetPeriod.DAILY;
                        LocalDate today = LocalDate.now(ZoneOffset.UTC);
                        UsageReport usage =
                                daily ? queries.usage(tenant, today, today) : queries.usage(tenant, month());
                        String period = daily ? today.toString() : month().toString();
                        TenantSpend spend = latest.get(tenant);
                        long spent = spend == null ? 0L : spend.getSpentMicros();
                        assertThat(spent)
                                .as("spend of %s for %s vs ledger", tenant, period)
                                .isEqualTo(usage.total().costMicros());
                        if (spend != null) {
                            assertThat(spend.getPeriod())
                                    .as("period of %s", tenant)
                                    .isEqualTo(period);
                        }
                        if (t.budget() != null) {
                            assertThat(spent)
                                    .as("spend of %s within its budget", tenant)
                                    .isLessThanOrEqualTo(t.budget().limitMicros());
                        }
                    }
                });
        return latest;
    }

    private static Map<String, TenantSpend> latestSpend(String bootstrap, Topics topics, RouteplaneSerdes serdes) {
        Map<String, TenantSpend> latest = new HashMap<>();
        TopicDrain.readAll(
                        bootstrap,
                        topics.tenantSpend().name(),
                        serdes.valueSerde(topics.tenantSpend()).deserializer())
                .forEach(r -> latest.put(r.key(), r.value()));
        return latest;
    }

    private static long spentTotal(String bootstrap, Topics topics, RouteplaneSerdes serdes) {
        return latestSpend(bootstrap, topics, serdes).values().stream()
                .mapToLong(TenantSpend::getSpentMicros)
                .sum();
    }

    // ---- plumbing

    /** The billing month; a run straddling midnight UTC at a month's end would compare two months' halves. */
    private static YearMonth month() {
        return YearMonth.now(ZoneOffset.UTC);
    }

    private static <V> List<V> values(List<ConsumerRecord<String, V>> records) {
        return records.stream().map(ConsumerRecord::value).collect(Collectors.toList());
    }

    private static Map<String, Object> producerProps(String bootstrap) {
        Map<String, Object> props = new HashMap<>();
        props.put("bootstrap.servers", bootstrap);
        props.put("acks", "all");
        props.put("enable.idempotence", true);
        props.put("linger.ms", 5);
        return props;
    }

    private static void printSummary(
            Map<String, List<ExecutionResult>> results,
            Invoice invoice,
            List<CostEvent> costs,
            Map<String, Long> ledgerPerTenant,
            Map<String, TenantSpend> spend,
            long startedNanos) {
        Map<String, Long> byOutcome = results.values().stream()
                .map(list -> list.get(0))
                .collect(Collectors.groupingBy(
                        r -> r.getStatus() + (r.getReason() == null ? "" : "/" + r.getReason()),
                        TreeMap::new,
                        Collectors.counting()));
        System.out.println("=== PipelineIT summary ===");
        System.out.printf(
                "requests %d, results %d (distinct requestIds %d)%n",
                REQUESTS, results.values().stream().mapToInt(List::size).sum(), results.size());
        byOutcome.forEach((k, v) -> System.out.printf("  %-40s %5d%n", k, v));
        Map<String, Long> failedAttempts = results.values().stream()
                .map(list -> list.get(0))
                .filter(r -> r.getStatus() != ResultStatus.SUCCEEDED)
                .flatMap(r -> r.getAttempts().stream())
                .collect(Collectors.groupingBy(
                        a -> a.getProvider() + "/" + a.getModel() + " " + a.getOutcome() + " " + a.getErrorKind(),
                        TreeMap::new,
                        Collectors.counting()));
        System.out.println("attempts of requests that did not succeed: " + failedAttempts);
        System.out.printf(
                "invoice: %d calls, %d micros; cost events: %d, %d micros; ledger total %d micros%n",
                invoice.calls(),
                invoice.totalMicros(),
                costs.size(),
                costs.stream().mapToLong(CostEvent::getCostMicros).sum(),
                ledgerPerTenant.values().stream().mapToLong(Long::longValue).sum());
        ledgerPerTenant.forEach((tenant, micros) -> System.out.printf(
                "  %-10s ledger %10d micros, spend %s%n",
                tenant,
                micros,
                spend.containsKey(tenant)
                        ? spend.get(tenant).getSpentMicros() + " ("
                                + spend.get(tenant).getPeriod() + ")"
                        : "none"));
        System.out.printf("took %d s%n", TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - startedNanos));
    }
}
