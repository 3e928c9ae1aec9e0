package dev.routeplane.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.routeplane.api.TenantAuthenticator;
import dev.routeplane.contract.RouteStats;
import dev.routeplane.platform.testkit.RouteplanePlatformExtension;
import dev.routeplane.report.ReportAssemblyTest;
import dev.routeplane.schemas.RouteplaneSerdes;
import dev.routeplane.schemas.TopicBootstrapper;
import dev.routeplane.schemas.Topics;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * `ledger report` against a real broker and registry (route statistics) and a stand-in for the ledger's HTTP
 * API that accepts only the tenant's demo key and answers acme's usage.
 */
class LedgerReportCommandIT {
    @RegisterExtension
    static final RouteplanePlatformExtension platform = new RouteplanePlatformExtension();

    private static final Topics TOPICS = Topics.defaults();
    private static HttpServer api;

    @BeforeAll
    static void seed() throws Exception {
        try (Admin admin = Admin.create(platform.adminConfig())) {
            new TopicBootstrapper(admin).ensure(TOPICS.all(List.of()));
        }
        RouteplaneSerdes serdes = new RouteplaneSerdes(Map.of("schema.registry.url", platform.registryUrl()));
        try (KafkaProducer<String, RouteStats> stats = new KafkaProducer<>(
                platform.producerProps(),
                serdes.keySerde().serializer(),
                serdes.valueSerde(TOPICS.routeStats()).serializer())) {
            String key = Topics.routeStatsKey("chat", "openai", "gpt-4o-mini");
            stats.send(new ProducerRecord<>(
                            TOPICS.routeStats().name(),
                            key,
                            ReportAssemblyTest.stats("chat", "openai", "gpt-4o-mini", 5, 5, 0.5, 0, 100)))
                    .get();
            stats.send(new ProducerRecord<>(
                            TOPICS.routeStats().name(),
                            key,
                            ReportAssemblyTest.stats("chat", "openai", "gpt-4o-mini", 10, 9, 0.7, 4, 1500)))
                    .get();
        }
        api = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        api.createContext("/v1/ledger/usage", exchange -> {
            String query = exchange.getRequestURI().getQuery();
            String tenant = query.replaceFirst(".*tenant=([^&]*).*", "$1");
            boolean allowed = ("Bearer " + TenantAuthenticator.demoKey(tenant))
                            .equals(exchange.getRequestHeaders().getFirst("Authorization"))
                    && tenant.equals("acme");
            byte[] body = (allowed
                            ? ReportAssemblyTest.ACME
                            : "{\"error\":\"Not allowed to read this tenant's ledger\"}")
                    .getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(allowed ? 200 : 403, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        api.start();
    }

    @AfterAll
    static void stop() {
        if (api != null) {
            api.stop(0);
        }
    }

    private static String[] args(Path html, String... more) {
        List<String> all = new java.util.ArrayList<>(List.of(
                "--html",
                html.toString(),
                "--api-url",
                "http://127.0.0.1:" + api.getAddress().getPort(),
                "--bootstrap-servers",
                platform.bootstrapServers(),
                "--schema-registry-url",
                platform.registryUrl()));
        all.addAll(List.of(more));
        return all.toArray(String[]::new);
    }

    private static CommandLine cli(StringWriter out, StringWriter err) {
        CommandLine cli = new CommandLine(new LedgerReportCommand())
                .setOut(new PrintWriter(out))
                .setErr(new PrintWriter(err));
        cli.setExecutionExceptionHandler((ex, cmd, parsed) -> {
            cmd.getErr().println(ex.getMessage());
            cmd.getErr().flush();
            return 1;
        });
        return cli;
    }

    @Test
    void writesTheReportFromTheLedgerAndTheRouteStatistics(@TempDir Path dir) throws Exception {
        Path html = dir.resolve("out/report.html");
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();

        int exit = cli(out, err).execute(args(html, "--tenant", "acme", "--month", "2025-03"));

        assertThat(exit).as(err.toString()).isZero();
        assertThat(out.toString())
                .contains("wrote " + html)
                .contains("2 spend rows, 1 tenants (acme)")
                .contains("total $0.005700")
                .contains("1 routes, 0 decisions");
        String page = Files.readString(html);
        assertThat(page)
                .contains("<svg")
                .contains("claude-sonnet-4")
                .contains("gpt-4o-mini")
                .contains("4 ratings");
    }

    @Test
    void namesTheTenantTheLedgerRefuses(@TempDir Path dir) {
        StringWriter err = new StringWriter();

        int exit = cli(new StringWriter(), err)
                .execute(args(dir.resolve("r.html"), "--tenant", "acme", "--tenant", "globex", "--month", "2025-03"));

        assertThat(exit).isEqualTo(1);
        assertThat(err.toString()).contains("the ledger refused tenant 'globex' (HTTP 403)");
        assertThat(dir.resolve("r.html")).doesNotExist();
    }

    @Test
    void rejectsABadMonthAndAnUnreachableApi(@TempDir Path dir) {
        StringWriter err = new StringWriter();
        assertThat(cli(new StringWriter(), err).execute(args(dir.resolve("r.html"), "--month", "2025-13")))
                .isEqualTo(1);
        assertThat(err.toString()).contains("--month must be YYYY-MM, got '2025-13'");

        StringWriter err2 = new StringWriter();
        assertThat(cli(new StringWriter(), err2)
                        .execute(
                                "--html",
                                dir.resolve("r.html").toString(),
                                "--tenant",
                                "acme",
                                "--api-url",
                                "http://127.0.0.1:1"))
                .isEqualTo(1);
        assertThat(err2.toString()).contains("no Routeplane API at http://127.0.0.1:1");
    }
}
