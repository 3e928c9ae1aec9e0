package dev.routeplane.cli;

import dev.routeplane.api.TenantAuthenticator;
import dev.routeplane.config.RouteplaneConfig;
import dev.routeplane.contract.RouteStats;
import dev.routeplane.report.HtmlReport;
import dev.routeplane.report.ReportAssembly;
import dev.routeplane.report.ReportData;
import dev.routeplane.report.ReportTopicReader;
import dev.routeplane.schemas.RouteplaneSerdes;
import dev.routeplane.schemas.Topics;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.kafka.common.errors.TimeoutException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * A self-contained HTML report for a month: spend from the ledger's HTTP API (per tenant), route statistics
 * from the compacted route-stats topic and routing share per lane from the decisions topic.
 */
@Command(
        name = "report",
        mixinStandardHelpOptions = true,
        description = "Write a self-contained HTML report with charts.")
public final class LedgerReportCommand implements Callable<Integer> {

    static final Duration KAFKA_TIMEOUT = Duration.ofSeconds(15);
    static final Duration READ_TIMEOUT = Duration.ofSeconds(60);

    @Option(names = "--html", required = true, paramLabel = "FILE", description = "Write the report to this file.")
    Path html;

    @Option(
            names = "--tenant",
            paramLabel = "T",
            description = "Tenant to include; repeatable (default: every tenant" + " of routeplane.yaml).")
    List<String> tenants;

    @Option(names = "--month", paramLabel = "YYYY-MM", description = "Calendar month, UTC (default: the current one).")
    String month;

    @Option(
            names = "--api-url",
            defaultValue = "http://localhost:8080",
            description = "The Routeplane HTTP API (default: ${DEFAULT-VALUE}).")
    URI apiUrl;

    @Option(
            names = "--api-key",
            paramLabel = "KEY",
            description = "API key for every tenant (default: \\$ROUTEPLANE_API_KEY, else the embedded demo key"
                    + " rp-demo-<tenant>).")
    String apiKey;

    @Option(
            names = "--config",
            paramLabel = "FILE",
            description = "routeplane.yaml whose tenants to include" + " (default: the bundled example).")
    Path configFile;

    @Mixin
    KafkaOptions kafka;

    @Option(
            names = "--schema-registry-url",
            paramLabel = "URL",
            defaultValue = "http://localhost:8081",
            description = "Schema registry (default: ${DEFAULT-VALUE}, the embedded platform).")
    String registryUrl;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    Clock clock = Clock.systemUTC();

    @Override
    public Integer call() throws Exception {
        YearMonth yearMonth = month();
        List<String> which = tenants();
        List<String> usage = new ArrayList<>();
        HttpClient http =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        for (Map.Entry<String, String> tenant : keys(which).entrySet()) {
            usage.add(fetchUsage(http, tenant.getKey(), tenant.getValue(), yearMonth));
        }
        Topics topics = Topics.defaults();
        RouteplaneSerdes serdes = new RouteplaneSerdes(Map.of("schema.registry.url", registryUrl));
        Map<String, RouteStats> latest = new LinkedHashMap<>();
        ReportAssembly.LaneCounter lanes = new ReportAssembly.LaneCounter(yearMonth);
        Map<String, Object> config = kafka.clientConfig();
        readTopic(
                () -> ReportTopicReader.readToEnd(
                        config,
                        topics.routeStats().name(),
                        serdes.decoder(topics.routeStats()),
                        READ_TIMEOUT,
                        System.err,
                        (key, stats) -> latest.put(
                                key != null
                                        ? key
                                        : Topics.routeStatsKey(stats.getLane(), stats.getProvider(), stats.getModel()),
                                stats)),
                topics.routeStats().name());
        readTopic(
                () -> ReportTopicReader.readToEnd(
                        config,
                        topics.decisions().name(),
                        serdes.decoder(topics.decisions()),
                        READ_TIMEOUT,
                        System.err,
                        (key, decision) -> lanes.add(decision)),
                topics.decisions().name());
        ReportData data = ReportAssembly.assemble(yearMonth, clock.instant(), usage, latest.values(), lanes);
        Path parent = html.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Files.writeString(html, HtmlReport.render(data), StandardCharsets.UTF_8);
        java.io.PrintWriter out = spec.commandLine().getOut();
        out.println("routeplane ledger report: wrote " + html + " for " + yearMonth + ": "
                + data.spend().size() + " spend rows, " + which.size() + " tenants (" + String.join(", ", which)
                + "), total " + ReportAssembly.dollars(ReportAssembly.totalMicros(data)) + "; "
                + data.routes().size() + " routes, "
                + data.laneShares().stream().mapToLong(r -> r.calls()).sum()
                + " decisions");
        out.flush();
        return 0;
    }

    private YearMonth month() {
        if (month == null) {
            return YearMonth.from(Instant.now(clock).atZone(ZoneOffset.UTC));
        }
        try {
            return YearMonth.parse(month);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("--month must be YYYY-MM, got '" + month + "'");
        }
    }

    private List<String> tenants() {
        if (tenants != null && !tenants.isEmpty()) {
            return List.copyOf(new java.util.LinkedHashSet<>(tenants));
        }
        RouteplaneConfig config = configFile == null ? RouteplaneConfig.defaults() : RouteplaneConfig.load(configFile);
        if (config.tenants().isEmpty()) {
            throw new IllegalArgumentException("no tenants in "
                    + (configFile == null ? "the bundled routeplane.yaml" : configFile) + "; pass --tenant");
        }
        return List.copyOf(config.tenants().keySet());
    }

    private Map<String, String> keys(List<String> which) {
        String given = apiKey != null ? apiKey : System.getenv("ROUTEPLANE_API_KEY");
        Map<String, String> keys = new LinkedHashMap<>();
        for (String tenant : which) {
            keys.put(tenant, given != null ? given : TenantAuthenticator.demoKey(tenant));
        }
        return keys;
    }

    private String fetchUsage(HttpClient http, String tenant, String key, YearMonth yearMonth)
            throws InterruptedException {
        URI uri = apiUrl.resolve(
                "/v1/ledger/usage?tenant=" + URLEncoder.encode(tenant, StandardCharsets.UTF_8) + "&month=" + yearMonth);
        HttpResponse<String> response;
        try {
            response = http.send(
                    HttpRequest.newBuilder(uri)
                            .header("Authorization", "Bearer " + key)
                            .timeout(Duration.ofSeconds(30))
                            .GET()
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(
                    "no Routeplane API at " + apiUrl + " (" + e + "); start it with"
                            + " './routeplane up' or pass --api-url",
                    e);
        }
        if (response.statusCode() == 401 || response.statusCode() == 403) {
            throw new IllegalStateException("the ledger refused tenant '" + tenant + "' (HTTP " + response.statusCode()
                    + "): the key "
                    + (apiKey != null
                            ? "given with --api-key"
                            : System.getenv("ROUTEPLANE_API_KEY") != null
                                    ? "in $ROUTEPLANE_API_KEY"
                                    : "rp-demo-" + tenant)
                    + " is not one of this tenant's; pass --tenant and"
                    + " that tenant's --api-key");
        }
        if (response.statusCode() != 200) {
            throw new IllegalStateException("the ledger answered HTTP " + response.statusCode() + " for tenant '"
                    + tenant + "' month " + yearMonth + ": " + response.body().strip());
        }
        try {
            ReportAssembly.spendRows(response.body());
        } catch (RuntimeException e) {
            throw new IllegalStateException(
                    "unexpected usage answer for tenant '" + tenant + "' from " + uri + ": " + e.getMessage(), e);
        }
        return response.body();
    }

    private void readTopic(Runnable read, String topic) {
        try {
            read.run();
        } catch (TimeoutException e) {
            throw new IllegalStateException(
                    "no answer from Kafka at " + kafka.bootstrapServers() + " within "
                            + KAFKA_TIMEOUT.toSeconds() + " s reading " + topic + "; start the embedded platform with"
                            + " './routeplane up' or pass --bootstrap-servers",
                    e);
        } catch (org.apache.kafka.common.errors.SerializationException e) {
            throw new IllegalStateException(
                    "cannot decode " + topic + " with the schema registry at " + registryUrl + ": " + e.getMessage()
                            + "; pass --schema-registry-url",
                    e);
        }
    }
}
