package dev.routeplane.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.routeplane.contract.CostEvent;
import dev.routeplane.platform.testkit.RouteplanePlatformExtension;
import dev.routeplane.schemas.Money;
import dev.routeplane.schemas.TopicBootstrapper;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The ledger on a real broker with exactly-once, queried through the Java API, real HTTP and CSV. */
class LedgerQueriesIT {
    @RegisterExtension
    static final RouteplanePlatformExtension platform = new RouteplanePlatformExtension();

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant NOW = Instant.now();
    private static final YearMonth MONTH = YearMonth.from(NOW.atZone(ZoneOffset.UTC));

    private static LedgerService ledger;
    private static LedgerHttpHandler handler;
    private static long acmeTotal;
    private static long acmeBatchTotal;

    @BeforeAll
    static void startLedgerWithEvents() throws Exception {
        LedgerTopologyConfig cfg = LedgerProcess.config(platform.registryUrl(), "rp");
        try (Admin admin = Admin.create(platform.adminConfig())) {
            new TopicBootstrapper(admin).ensure(cfg.topics().all(List.of()));
        }
        List<CostEvent> events = new ArrayList<>();
        for (int i = 0; i < 250; i++) {
            CostEvent event = Fixtures.call(
                            "q-" + i,
                            i % 5 == 0 ? "globex" : "acme",
                            i % 2 == 0 ? "gpt-4o" : "claude-haiku",
                            1 + (i * 7_919) % 30_000,
                            (i * 104_729) % 2_999,
                            NOW)
                    .setBatchId(i % 4 == 0 ? "nightly" : null)
                    .setOutcome(i % 7 == 0 ? "SERVER_ERROR" : "SUCCEEDED")
                    .build();
            events.add(event);
            if (event.getTenantId().equals("acme")) {
                acmeTotal += event.getCostMicros();
                acmeBatchTotal += event.getBatchId() == null ? 0 : event.getCostMicros();
            }
        }
        try (KafkaProducer<String, CostEvent> producer = new KafkaProducer<>(
                platform.producerProps(),
                cfg.serdes().keySerde().serializer(),
                cfg.serdes().valueSerde(cfg.topics().ledger()).serializer())) {
            for (CostEvent event : events) {
                producer.send(new ProducerRecord<>(cfg.topics().ledger().name(), event.getTenantId(), event));
            }
            producer.send(new ProducerRecord<>(cfg.topics().ledger().name(), "acme", events.get(1))); // re-sent
            producer.flush();
        }
        ledger = new LedgerService(
                cfg,
                LedgerProcess.streamsConfig(
                        platform.bootstrapServers(),
                        "ledger-queries-it",
                        Files.createTempDirectory("ledger-queries-").toString()));
        ledger.start(Duration.ofSeconds(45));
        await().atMost(Duration.ofSeconds(30))
                .ignoreExceptions()
                .until(() -> ledger.queries().usage("acme", MONTH).total().calls() == 200);

        // The caller's tenant comes from the Authorization header here; the API derives it from the tenant's key.
        handler = new LedgerHttpHandler(
                ledger.queries(), (authorization, tenant) -> ("Tenant " + tenant).equals(authorization));
    }

    @AfterAll
    static void stop() {
        if (ledger != null) {
            ledger.close();
        }
    }

    @Test
    void httpTotalEqualsCsvTotalEqualsTheProducedEventsToTheMicroDollar() throws Exception {
        // when
        LedgerHttpResponse json = get("/v1/ledger/usage?tenant=acme&month=" + MONTH, "acme");
        LedgerHttpResponse csv = get("/v1/ledger/usage.csv?tenant=acme&month=" + MONTH, "acme");

        // then
        assertThat(json.status()).isEqualTo(200);
        JsonNode total = JSON.readTree(json.body()).get("total");
        assertThat(total.get("costMicros").asLong()).isEqualTo(acmeTotal);
        assertThat(Money.parseDollars(total.get("costUsd").asText())).isEqualTo(acmeTotal);
        assertThat(total.get("calls").asLong()).isEqualTo(200);
        assertThat(csv.status()).isEqualTo(200);
        String[] lines = csv.body().split("\n");
        assertThat(lines[0]).isEqualTo(LedgerCsvExporter.HEADER);
        String[] totals = lines[lines.length - 1].split(",");
        assertThat(totals[0]).isEqualTo("total");
        assertThat(Money.parseDollars(totals[8])).isEqualTo(acmeTotal);
        assertThat(csv.body())
                .isEqualTo(new LedgerCsvExporter().toCsv(ledger.queries().usage("acme", MONTH)));
    }

    @Test
    void answersBatchUsageAndSpendOverHttp() throws Exception {
        JsonNode batch = JSON.readTree(
                get("/v1/ledger/batches/nightly?tenant=acme", "acme").body());
        assertThat(batch.get("total").get("costMicros").asLong()).isEqualTo(acmeBatchTotal);
        assertThat(ledger.queries().batch("acme", "nightly").total().costMicros())
                .isEqualTo(acmeBatchTotal);

        JsonNode spend =
                JSON.readTree(get("/v1/ledger/spend?tenant=acme", "acme").body());
        assertThat(spend.get("period").asText()).isEqualTo(MONTH.toString());
        assertThat(spend.get("spentMicros").asLong()).isEqualTo(acmeTotal);
        assertThat(spend.get("budgetUsd").asText()).isEqualTo("100.000000");
    }

    @Test
    void refusesCrossTenantReadsWithoutRevealingWhetherTheTenantExists() throws Exception {
        LedgerHttpResponse existing = get("/v1/ledger/usage?tenant=globex&month=" + MONTH, "acme");
        LedgerHttpResponse missing = get("/v1/ledger/usage?tenant=nobody&month=" + MONTH, "acme");

        assertThat(existing.status()).isEqualTo(403);
        assertThat(missing.status()).isEqualTo(403);
        assertThat(existing.body()).isEqualTo(missing.body()).doesNotContain("globex");
    }

    @Test
    void rejectsBadParametersWith400NamingTheParameter() throws Exception {
        Map<String, String> cases = Map.of(
                "/v1/ledger/usage?tenant=acme&month=2026-13", "month",
                "/v1/ledger/usage?tenant=acme&from=2026-11-05&to=2026-11-01", "to",
                "/v1/ledger/usage?tenant=acme&from=yesterday&to=2026-11-01", "from",
                "/v1/ledger/usage?month=2026-11", "tenant",
                "/v1/ledger/usage?tenant=acme", "month");
        for (Map.Entry<String, String> c : cases.entrySet()) {
            LedgerHttpResponse response = get(c.getKey(), "acme");
            assertThat(response.status()).as(c.getKey()).isEqualTo(400);
            assertThat(JSON.readTree(response.body()).get("parameter").asText())
                    .as(c.getKey())
                    .isEqualTo(c.getValue());
        }
    }

    private static LedgerHttpResponse get(String path, String callerTenant) {
        int query = path.indexOf('?');
        return handler.handle(new LedgerHttpRequest(
                "GET",
                query < 0 ? path : path.substring(0, query),
                query < 0 ? null : path.substring(query + 1),
                "Tenant " + callerTenant));
    }
}
