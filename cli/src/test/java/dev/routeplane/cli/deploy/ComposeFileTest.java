package dev.routeplane.cli.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.routeplane.cli.RouteplaneCli;
import dev.routeplane.config.ApiKeyRef;
import dev.routeplane.config.RouteplaneConfig;
import dev.routeplane.config.SecretRef;
import dev.routeplane.config.Tenant;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * Docker does not run where Routeplane is built, so the deployment files are checked by reading them:
 * docker-compose.yml against the CLI's defaults, Prometheus targets against the services, and the Grafana
 * dashboard's queries against Routeplane's metric names.
 */
public class ComposeFileTest {
    // The defaults the CLI and the docs use; the compose file must agree with them.
    private static final String BOOTSTRAP = "kafka:9092";
    private static final String REGISTRY_URL = "http://schema-registry:8081";
    private static final String CONFIG_PATH = "/etc/routeplane/routeplane.yaml";
    private static final int API_PORT = 8080;
    private static final int REGISTRY_PORT = 8081;
    private static final int SIMULATOR_PORT = 8089;
    private static final int PROMETHEUS_PORT = 9090;
    private static final int GRAFANA_PORT = 3000;
    private static final String CLIENT_PROPERTIES = "/run/secrets/routeplane-client";
    /** Routeplane service → its subcommand words and metrics port (9400+). */
    private static final Map<String, List<String>> SUBCOMMANDS = Map.of(
            "router",
            List.of("router"),
            "learner",
            List.of("learner"),
            "executors",
            List.of("executors"),
            "ledger",
            List.of("ledger", "serve"),
            "api",
            List.of("api"),
            "simulator",
            List.of("simulator"));

    private static final Map<String, Integer> METRICS_PORTS =
            Map.of("router", 9401, "executors", 9402, "ledger", 9403, "api", 9404, "simulator", 9405, "learner", 9406);
    /** Services that are Kafka clients; the simulator speaks HTTP only. */
    private static final Set<String> KAFKA_CLIENTS = Set.of("router", "learner", "executors", "ledger", "api");
    /** Services that authenticate tenants by their API keys. */
    private static final Set<String> TENANT_KEY_SERVICES = Set.of("ledger", "api");

    private static final Pattern METRIC_PREFIX = Pattern.compile("^(routeplane_|kafka_stream_|kafka_consumer_).+");

    private static Path root;
    private static JsonNode compose;
    private static JsonNode services;
    private static final YAMLMapper YAML = new YAMLMapper();

    @BeforeAll
    static void readComposeFile() throws IOException {
        root = ComposeFile.root();
        compose = ComposeFile.read(root.resolve("docker-compose.yml"));
        services = compose.get("services");
    }

    @Test
    void saysAtTheTopThatDockerDoesNotRunHere() throws IOException {
        String head = String.join(
                "\n", Files.readAllLines(root.resolve("docker-compose.yml")).subList(0, 10));

        assertThat(head).startsWith("#").contains("Docker does not run on the machines Routeplane is built on");
    }

    @Test
    void declaresEveryService() {
        List<String> names = new ArrayList<>();
        services.fieldNames().forEachRemaining(names::add);

        assertThat(names)
                .containsExactlyInAnyOrder(
                        "kafka",
                        "schema-registry",
                        "router",
                        "learner",
                        "executors",
                        "ledger",
                        "api",
                        "simulator",
                        "prometheus",
                        "grafana");
    }

    @Test
    void everyRouteplaneServiceRunsTheSameImageWithTheSameConnection() {
        for (String name : SUBCOMMANDS.keySet()) {
            JsonNode service = services.get(name);
            List<String> command = strings(service.get("command"));

            assertThat(service.get("build").asText()).as(name).isEqualTo(".");
            assertThat(service.get("image").asText()).as(name).isEqualTo("routeplane:local");
            assertThat(command.subList(0, SUBCOMMANDS.get(name).size()))
                    .as(name)
                    .isEqualTo(SUBCOMMANDS.get(name));
            assertThat(option(command, "--config")).as(name).isEqualTo(CONFIG_PATH);
            assertThat(option(command, "--metrics-port"))
                    .as(name)
                    .isEqualTo(METRICS_PORTS.get(name).toString());
            assertThat(strings(service.get("volumes"))).as(name).anySatisfy(volume -> {
                assertThat(volume).endsWith(":" + CONFIG_PATH + ":ro");
                assertThat(root.resolve(hostPath(volume))).exists();
            });
            if (KAFKA_CLIENTS.contains(name)) {
                assertThat(option(command, "--bootstrap-servers")).as(name).isEqualTo(BOOTSTRAP);
                assertThat(option(command, "--schema-registry-url")).as(name).isEqualTo(REGISTRY_URL);
                assertThat(option(command, "--command-config")).as(name).isEqualTo(CLIENT_PROPERTIES);
                assertThat(strings(service.get("secrets"))).as(name).contains("routeplane-client");
                assertThat(service.at("/depends_on/kafka/condition").asText())
                        .as(name)
                        .isEqualTo("service_healthy");
                assertThat(service.at("/depends_on/schema-registry/condition").asText())
                        .as(name)
                        .isEqualTo("service_healthy");
            } else {
                assertThat(command).as(name + " talks HTTP only").doesNotContain("--bootstrap-servers");
            }
        }
    }

    @Test
    void everyServiceCommandIsAValidRouteplaneCommandLine() {
        for (String name : SUBCOMMANDS.keySet()) {
            List<String> command = strings(services.get(name).get("command"));

            List<CommandLine> parsed = RouteplaneCli.newCommandLine()
                    .parseArgs(command.toArray(String[]::new))
                    .asCommandLineList();

            assertThat(parsed.get(parsed.size() - 1).getCommandName())
                    .as(name)
                    .isEqualTo(SUBCOMMANDS.get(name).get(SUBCOMMANDS.get(name).size() - 1));
        }
    }

    @Test
    void theApiForwardsLedgerQueriesToTheLedgerService() {
        List<String> api = strings(services.at("/api/command"));
        List<String> ledger = strings(services.at("/ledger/command"));

        assertThat(option(api, "--ledger-url")).isEqualTo("http://ledger:" + option(ledger, "--port"));
    }

    @Test
    void connectionTargetsAreTheKafkaAndRegistryServices() {
        JsonNode kafka = services.at("/kafka/environment");
        JsonNode registry = services.at("/schema-registry/environment");

        assertThat(kafka.get("KAFKA_LISTENERS").asText()).contains("PLAINTEXT://:9092");
        assertThat(kafka.get("KAFKA_ADVERTISED_LISTENERS").asText()).contains("PLAINTEXT://" + BOOTSTRAP);
        assertThat(registry.get("SCHEMA_REGISTRY_LISTENERS").asText()).isEqualTo("http://0.0.0.0:" + REGISTRY_PORT);
        assertThat(registry.get("SCHEMA_REGISTRY_KAFKASTORE_BOOTSTRAP_SERVERS").asText())
                .isEqualTo("PLAINTEXT://" + BOOTSTRAP);
        assertThat(REGISTRY_URL)
                .isEqualTo("http://" + registry.get("SCHEMA_REGISTRY_HOST_NAME").asText() + ":" + REGISTRY_PORT);
    }

    @Test
    void publishesOnlyTheApiGrafanaAndPrometheusOnThisHostsLoopback() {
        assertThat(strings(services.at("/api/ports"))).containsExactly(API_PORT + ":" + API_PORT);
        assertThat(option(strings(services.at("/api/command")), "--port")).isEqualTo(Integer.toString(API_PORT));
        assertThat(strings(services.at("/grafana/ports"))).containsExactly(GRAFANA_PORT + ":" + GRAFANA_PORT);
        assertThat(strings(services.at("/prometheus/ports")))
                .containsExactly("127.0.0.1:" + PROMETHEUS_PORT + ":" + PROMETHEUS_PORT);
        services.fieldNames().forEachRemaining(name -> {
            if (!Set.of("api", "grafana", "prometheus").contains(name)) {
                assertThat(services.get(name).has("ports"))
                        .as(name + " is reached inside the compose network only")
                        .isFalse();
            }
        });
        assertThat(services.at("/kafka/environment/KAFKA_LISTENER_SECURITY_PROTOCOL_MAP")
                        .asText())
                .isEqualTo("PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
    }

    @Test
    void theSimulatorListensWhereTheExecutorsReachIt() {
        List<String> simulator = strings(services.at("/simulator/command"));

        assertThat(option(strings(services.at("/executors/command")), "--simulator-url"))
                .isEqualTo("http://simulator:" + SIMULATOR_PORT);
        assertThat(option(simulator, "--port")).isEqualTo(Integer.toString(SIMULATOR_PORT));
        assertThat(option(simulator, "--bind-address")).isEqualTo("0.0.0.0");
    }

    @Test
    void noServiceRunsOnDemoKeys() {
        services.fieldNames()
                .forEachRemaining(name -> assertThat(strings(services.get(name).get("command")))
                        .as(name)
                        .doesNotContain("--demo-keys"));
    }

    @Test
    void tenantServicesGetEveryTenantsKeyAndRefuseToStartWithoutOne() {
        RouteplaneConfig config = RouteplaneConfig.load(mounted("api", CONFIG_PATH));
        for (String name : TENANT_KEY_SERVICES) {
            JsonNode service = services.get(name);
            assertThat(option(strings(service.get("command")), "--bind-address"))
                    .as(name)
                    .isEqualTo("0.0.0.0");
            for (Tenant tenant : config.tenants().values()) {
                for (ApiKeyRef key : tenant.apiKeys()) {
                    SecretRef secret = key.secret();
                    if (secret.kind() == SecretRef.Kind.ENV) {
                        // ${VAR:?message}: compose itself refuses to start while the variable is unset or empty.
                        assertThat(service.at("/environment/" + secret.location())
                                        .asText())
                                .as(name + " " + secret)
                                .startsWith("${" + secret.location() + ":?");
                    } else {
                        assertThat(secret.location()).as(tenant.id()).startsWith("/run/secrets/");
                        String secretName = secret.location().substring("/run/secrets/".length());
                        assertThat(strings(service.get("secrets")))
                                .as(name + " mounts " + secret)
                                .contains(secretName);
                        assertThat(compose.at("/secrets/" + secretName + "/file")
                                        .asText())
                                .as("secret " + secretName)
                                .isNotEmpty();
                    }
                }
            }
        }
    }

    @Test
    void theBundledClientPropertiesSetNothing() throws IOException {
        Path file = root.resolve(compose.at("/secrets/routeplane-client/file").asText());

        assertThat(Files.readAllLines(file))
                .isNotEmpty()
                .allSatisfy(line -> assertThat(line)
                        .satisfiesAnyOf(
                                l -> assertThat(l).startsWith("#"),
                                l -> assertThat(l).isBlank()));
    }

    @Test
    void grafanasAdminPasswordComesFromTheEnvironmentAndNobodyIsAnonymous() {
        JsonNode env = services.at("/grafana/environment");

        assertThat(env.get("GF_SECURITY_ADMIN_PASSWORD").asText()).startsWith("${GRAFANA_ADMIN_PASSWORD:?");
        assertThat(env.get("GF_AUTH_ANONYMOUS_ENABLED").asText()).isEqualTo("false");
    }

    @Test
    void theRouterRoutesByLearnedEstimatesThatTheLearnerTrains() {
        assertThat(strings(services.at("/router/command"))).contains("--learned-routing");
        assertThat(strings(services.at("/learner/command")).get(0)).isEqualTo("learner");
    }

    @Test
    void theHostAccessOverridePublishesKafkaAndTheRegistryOnlyWithAuthentication() throws IOException {
        JsonNode override = ComposeFile.read(root.resolve("docker-compose.host-access.yml"));
        JsonNode kafka = override.at("/services/kafka");
        JsonNode registry = override.at("/services/schema-registry");

        assertThat(strings(kafka.get("ports"))).containsExactly("127.0.0.1:29092:29092");
        assertThat(kafka.at("/environment/KAFKA_LISTENERS").asText()).contains("HOST://:29092");
        assertThat(kafka.at("/environment/KAFKA_LISTENER_SECURITY_PROTOCOL_MAP").asText())
                .contains("HOST:SASL_PLAINTEXT")
                .contains("PLAINTEXT:PLAINTEXT");
        assertThat(kafka.at("/environment/KAFKA_LISTENER_NAME_HOST_SASL_ENABLED_MECHANISMS")
                        .asText())
                .isEqualTo("PLAIN");
        assertThat(kafka.at("/environment/KAFKA_LISTENER_NAME_HOST_PLAIN_SASL_JAAS_CONFIG")
                        .asText())
                .contains("PlainLoginModule required")
                .contains("${KAFKA_HOST_CLIENT_PASSWORD:?");
        assertThat(strings(registry.get("ports"))).containsExactly("127.0.0.1:" + REGISTRY_PORT + ":" + REGISTRY_PORT);
        assertThat(registry.at("/environment/SCHEMA_REGISTRY_AUTHENTICATION_METHOD")
                        .asText())
                .isEqualTo("BASIC");
        String jaas = Files.readString(
                root.resolve(strings(registry.get("volumes")).get(0).split(":")[0]));
        assertThat(jaas)
                .contains(registry.at("/environment/SCHEMA_REGISTRY_AUTHENTICATION_REALM")
                                .asText() + " {")
                .contains("PropertyFileLoginModule required")
                .contains("/run/secrets/registry-users");
        assertThat(override.at("/secrets/routeplane-client/file").asText())
                .as("the services' client properties now carry the registry credentials")
                .isNotEqualTo(compose.at("/secrets/routeplane-client/file").asText());
    }

    @Test
    void executorsScaleWithoutCollisions() {
        JsonNode executors = services.get("executors");

        assertThat(executors.at("/deploy/replicas").asInt()).isGreaterThanOrEqualTo(2);
        assertThat(executors.has("container_name"))
                .as("a fixed name allows one replica only")
                .isFalse();
        assertThat(executors.has("ports"))
                .as("a fixed host port allows one replica only")
                .isFalse();
    }

    @Test
    void kafkaIsASingleKraftNodeWithSingleReplicaInternalTopics() throws IOException {
        JsonNode env = services.at("/kafka/environment");
        String pom = Files.readString(root.resolve("pom.xml"));
        Matcher version =
                Pattern.compile("<kafka.version>([^<]+)</kafka.version>").matcher(pom);

        assertThat(version.find()).isTrue();
        assertThat(services.at("/kafka/image").asText()).isEqualTo("apache/kafka:" + version.group(1));
        assertThat(env.get("KAFKA_PROCESS_ROLES").asText()).isEqualTo("broker,controller");
        assertThat(env.get("KAFKA_CONTROLLER_QUORUM_VOTERS").asText()).isEqualTo("1@kafka:9093");
        for (String key : List.of(
                "KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR",
                "KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR",
                "KAFKA_TRANSACTION_STATE_LOG_MIN_ISR",
                "KAFKA_SHARE_COORDINATOR_STATE_TOPIC_REPLICATION_FACTOR",
                "KAFKA_SHARE_COORDINATOR_STATE_TOPIC_MIN_ISR",
                "KAFKA_DEFAULT_REPLICATION_FACTOR",
                "KAFKA_MIN_INSYNC_REPLICAS")) {
            assertThat(env.get(key)).as(key).isNotNull();
            assertThat(env.get(key).asText()).as(key).isEqualTo("1");
        }
        assertThat(services.at("/schema-registry/environment/SCHEMA_REGISTRY_KAFKASTORE_TOPIC_REPLICATION_FACTOR")
                        .asText())
                .isEqualTo("1");
    }

    @Test
    void prometheusScrapesEveryServiceOnItsMetricsPort() throws IOException {
        JsonNode prometheus = YAML.readTree(
                mounted("prometheus", "/etc/prometheus/prometheus.yml").toFile());
        Map<String, Integer> scraped = new HashMap<>();
        for (JsonNode job : prometheus.get("scrape_configs")) {
            for (JsonNode config : job.path("static_configs")) {
                for (String target : strings(config.get("targets"))) {
                    String[] hostPort = target.split(":");
                    scraped.put(hostPort[0], Integer.parseInt(hostPort[1]));
                }
            }
            for (JsonNode config : job.path("dns_sd_configs")) {
                strings(config.get("names"))
                        .forEach(name -> scraped.put(name, config.get("port").asInt()));
            }
        }

        assertThat(scraped).isEqualTo(METRICS_PORTS);
    }

    @Test
    void grafanaDashboardParsesAndQueriesOnlyRouteplaneAndKafkaMetrics() throws IOException {
        Path provisioning = mounted("grafana", "/etc/grafana/provisioning");
        JsonNode datasource = YAML.readTree(
                        provisioning.resolve("datasources/prometheus.yml").toFile())
                .at("/datasources/0");
        JsonNode provider = YAML.readTree(
                        provisioning.resolve("dashboards/routeplane.yml").toFile())
                .at("/providers/0");
        Path dashboards = mounted("grafana", provider.at("/options/path").asText());
        JsonNode dashboard = new ObjectMapper()
                .readTree(dashboards.resolve("routeplane.json").toFile());

        assertThat(datasource.get("url").asText()).isEqualTo("http://prometheus:" + PROMETHEUS_PORT);
        Set<String> metrics = new HashSet<>();
        assertThat(dashboard.get("panels")).isNotEmpty();
        for (JsonNode panel : dashboard.get("panels")) {
            String title = panel.get("title").asText();
            assertThat(panel.at("/datasource/uid").asText())
                    .as(title)
                    .isEqualTo(datasource.get("uid").asText());
            assertThat(panel.get("targets")).as(title).isNotEmpty();
            for (JsonNode target : panel.get("targets")) {
                List<String> names = metricNames(target.get("expr").asText());
                assertThat(names)
                        .as(title)
                        .isNotEmpty()
                        .allSatisfy(name -> assertThat(name).matches(METRIC_PREFIX));
                metrics.addAll(names);
            }
        }
        assertThat(metrics)
                .contains(
                        "routeplane_requests_total",
                        "routeplane_decision_latency_seconds_bucket",
                        "routeplane_provider_latency_seconds_bucket",
                        "routeplane_cost_usd_total",
                        "routeplane_circuit_breaker_state",
                        "routeplane_executor_in_flight",
                        "kafka_consumer_fetch_manager_records_lag_max");
    }

    @Test
    void metricNameExtractionSkipsFunctionsLabelsAndKeywords() {
        assertThat(metricNames("histogram_quantile(0.95, sum by (le, provider) (rate(foo_seconds_bucket{state!=\"x y\"}"
                        + "[$__rate_interval]))) * 3600 + on (job) bar_total offset 5m"))
                .containsExactly("foo_seconds_bucket", "bar_total");
    }

    @Test
    void dockerfileBuildsWithMavenAndRunsTheJarOnAJre() throws IOException {
        String dockerfile = Files.readString(root.resolve("Dockerfile"));

        assertThat(dockerfile)
                .contains(
                        "FROM maven:3.9-eclipse-temurin-17 AS build",
                        "FROM eclipse-temurin:17-jre",
                        "mvn -B -q -DskipTests package -pl cli -am",
                        "COPY --from=build /src/cli/target/lib/ lib/",
                        "ENTRYPOINT [\"java\"");
    }

    /** Metric names in a PromQL expression: identifiers that are not functions, labels, keywords or durations. */
    public static List<String> metricNames(String expr) {
        String stripped = expr.replaceAll("\"(?:[^\"\\\\]|\\\\.)*\"", "\"\"") // string literals
                .replaceAll("\\{[^}]*}", "") // label matchers
                .replaceAll("\\[[^]]*]", "") // range selectors
                .replaceAll("\\b(by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)", "") // label lists
                .replaceAll("\\boffset\\s+\\w+", "");
        Set<String> keywords = Set.of("and", "or", "unless", "bool", "offset", "inf", "nan");
        List<String> names = new ArrayList<>();
        Matcher m = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*(\\s*\\()?").matcher(stripped);
        while (m.find()) {
            String token = m.group().replaceAll("\\s*\\($", "");
            if (m.group(1) == null
                    && !keywords.contains(token.toLowerCase())
                    && (m.start() == 0 || !Character.isDigit(stripped.charAt(m.start() - 1)))) {
                names.add(token);
            }
        }
        return names;
    }

    /** The host file or directory a service mounts at {@code containerPath}. */
    private static Path mounted(String service, String containerPath) {
        for (String volume : strings(services.at("/" + service + "/volumes"))) {
            String[] parts = ComposeFile.interpolate(volume, name -> null).split(":");
            if (parts[1].equals(containerPath)) {
                Path path = root.resolve(hostPath(volume));
                assertThat(path).as(service + " mount of " + containerPath).exists();
                return path;
            }
        }
        throw new AssertionError(service + " mounts nothing at " + containerPath);
    }

    /** The host side of a bind mount, resolving a {@code ${VAR:-default}} to its default. */
    private static Path hostPath(String volume) {
        return Path.of(ComposeFile.interpolate(volume, name -> null).split(":")[0])
                .normalize();
    }

    private static String option(List<String> command, String name) {
        int at = command.indexOf(name);
        assertThat(at).as("option " + name + " in " + command).isGreaterThanOrEqualTo(0);
        return command.get(at + 1);
    }

    private static List<String> strings(JsonNode array) {
        return ComposeFile.strings(array);
    }
}
