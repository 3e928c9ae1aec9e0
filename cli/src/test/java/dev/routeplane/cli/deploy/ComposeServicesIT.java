package dev.routeplane.cli.deploy;

import static dev.routeplane.api.ApiClient.JSON;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.routeplane.api.ApiClient;
import dev.routeplane.api.TenantAuthenticator;
import dev.routeplane.cli.deploy.ComposeOnOneHost.Instance;
import dev.routeplane.cli.process.ServiceProcess;
import dev.routeplane.contract.Feedback;
import dev.routeplane.contract.FeedbackKind;
import dev.routeplane.contract.RoutingDecision;
import dev.routeplane.platform.testkit.RouteplanePlatformExtension;
import dev.routeplane.schemas.RegistrySerdeConfig;
import dev.routeplane.schemas.RouteplaneSerdes;
import dev.routeplane.schemas.TopicSpec;
import dev.routeplane.schemas.Topics;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * docker-compose.yml as it ships, without Docker: a real broker and registry (the embedded platform, standing in for
 * the kafka and schema-registry services), then every Routeplane service of the file as its own OS process with
 * exactly its compose command line and environment (host names, ports and container paths mapped to this host;
 * {@link ComposeOnOneHost}), both executor replicas included. The one path inside a file, initech's key at
 * {@code /run/secrets/rp-key-initech} in routeplane.yaml, is mapped through compose's own {@code ROUTEPLANE_CONFIG}:
 * a copy of the bundled config naming the secret's file on this host. Requests go through the API with each tenant's real key
 * (initech's from the compose secret file); the checks are the answers, the ledger against the simulator's invoice,
 * learned routing fed by the learner, and every process's {@code /metrics}. One pipeline start for the whole class.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ComposeServicesIT {
    private static final Duration START = Duration.ofMinutes(4);
    /** Lean child JVMs: seven of them share two cores with the test's broker. */
    private static final List<String> JVM = List.of("-Xmx384m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1");

    private static final List<String> TENANTS = List.of("acme", "globex-eu", "initech", "tightwad", "umbrella");
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    @RegisterExtension
    static final RouteplanePlatformExtension platform = new RouteplanePlatformExtension();

    @TempDir
    static Path dir;

    private static final Map<String, String> tenantKeys = new LinkedHashMap<>();
    private static final Map<String, Instance> instances = new LinkedHashMap<>();
    private static final List<ServiceProcess> processes = new ArrayList<>();
    private static final List<String> answered = new ArrayList<>();
    private static ApiClient api;
    private static int simulatorPort;

    @BeforeAll
    static void startEveryComposeServiceAsItsOwnProcess() throws Exception {
        // given: the environment a user puts in .env, and initech's key as the secret file compose mounts
        SecureRandom random = new SecureRandom();
        Map<String, String> environment = new HashMap<>();
        for (String tenant : TENANTS) {
            tenantKeys.put(tenant, "rp-it-" + HexFormat.of().formatHex(random.generateSeed(12)));
        }
        tenantKeys.forEach((tenant, key) ->
                environment.put("RP_KEY_" + tenant.toUpperCase().replace('-', '_'), key));
        environment.remove("RP_KEY_INITECH");
        Path initechKey = Files.writeString(dir.resolve("rp-key-initech"), tenantKeys.get("initech") + "\n");
        environment.put("RP_KEY_INITECH_FILE", initechKey.toString());
        environment.put("RP_KEY_UMBRELLA_APPROVER", "rp-it-" + HexFormat.of().formatHex(random.generateSeed(12)));
        // routeplane.yaml names initech's key by its path in the container, /run/secrets/rp-key-initech: the mapped
        // config (through compose's own ROUTEPLANE_CONFIG) names the secret's file on this host instead.
        Path bundled = ComposeFile.root().resolve("config/src/main/resources/routeplane.yaml");
        Path mappedConfig = Files.writeString(
                dir.resolve("routeplane.yaml"),
                Files.readString(bundled).replace("file:/run/secrets/rp-key-initech", "file:" + initechKey));
        environment.put("ROUTEPLANE_CONFIG", mappedConfig.toString());
        URI registry = URI.create(platform.registryUrl());
        ComposeOnOneHost compose = new ComposeOnOneHost(
                ComposeFile.root(),
                environment::get,
                Map.of(
                        "kafka:9092",
                        platform.bootstrapServers(),
                        "schema-registry:8081",
                        registry.getHost() + ":" + registry.getPort()));

        // when: every process is launched at once (as compose does once Kafka is healthy) and awaited
        for (Instance instance : compose.instances(dir.resolve("services"), JVM)) {
            instances.put(instance.name(), instance);
            processes.add(ServiceProcess.launch(instance.spec()));
        }
        ExecutorService waiting = Executors.newFixedThreadPool(processes.size());
        try {
            List<Future<?>> ready = new ArrayList<>();
            for (ServiceProcess process : processes) {
                ready.add(waiting.submit(() -> {
                    process.awaitReady(START);
                    return null;
                }));
            }
            for (Future<?> f : ready) {
                f.get();
            }
        } finally {
            waiting.shutdownNow();
        }
        api = new ApiClient(
                URI.create("http://127.0.0.1:" + instances.get("api").port(8080)));
        simulatorPort = instances.get("simulator").port(8089);
    }

    @AfterAll
    static void stopEveryProcess() throws Exception {
        for (int i = processes.size() - 1; i >= 0; i--) {
            processes.get(i).close();
        }
    }

    @Test
    @Order(1)
    void everyRouteplaneServiceOfTheComposeFileRunsAsItsOwnProcess() throws IOException {
        assertThat(instances.keySet())
                .containsExactly("simulator", "router", "learner", "executors-1", "executors-2", "ledger", "api");
        for (ServiceProcess process : processes) {
            assertThat(process.alive())
                    .as(process.name() + ":\n" + process.logTail())
                    .isTrue();
        }
        assertThat(instances.get("router").spec().args())
                .startsWith("router", "--bootstrap-servers", platform.bootstrapServers())
                .contains("--learned-routing");
        assertThat(instances.get("api").spec().args()).doesNotContain("--demo-keys");
        assertThat(instances.get("api").spec().env()).containsEntry("RP_KEY_ACME", tenantKeys.get("acme"));
    }

    @Test
    @Order(2)
    void everyTenantIsAnsweredThroughTheApiWithItsOwnKeyAndNoDemoKeyWorks() throws Exception {
        for (String tenant : TENANTS) {
            HttpResponse<String> response = api.post("/v1/chat/completions", "Bearer " + tenantKeys.get(tenant), """
            {"model": "auto", "messages": [{"role": "user", "content": "Summarise in one line: Kafka keeps logs."}]}""");

            assertThat(response.statusCode())
                    .as(tenant + ": " + response.body())
                    .isEqualTo(200);
            JsonNode completion = JSON.readTree(response.body());
            assertThat(completion.at("/choices/0/message/content").asText())
                    .as(tenant)
                    .isNotBlank();
            answered.add(tenant + "/" + completion.at("/routeplane/request_id").asText());
        }
        HttpResponse<String> demo =
                api.post("/v1/chat/completions", "Bearer " + TenantAuthenticator.demoKey("acme"), """
                {"model": "auto", "messages": [{"role": "user", "content": "hi"}]}""");
        assertThat(demo.statusCode()).isEqualTo(401);
    }

    @Test
    @Order(3)
    void theLedgerServiceBillsThroughTheApiWhatTheSimulatorInvoiced() throws Exception {
        String month = YearMonth.now(ZoneOffset.UTC).toString();
        await().atMost(Duration.ofSeconds(90))
                .pollInterval(Duration.ofSeconds(1))
                .untilAsserted(() -> {
                    long ledger = 0;
                    for (String tenant : TENANTS) {
                        HttpResponse<String> usage = api.get(
                                "/v1/ledger/usage?tenant=" + tenant + "&month=" + month,
                                "Bearer " + tenantKeys.get(tenant));
                        assertThat(usage.statusCode())
                                .as(tenant + ": " + usage.body())
                                .isEqualTo(200);
                        JsonNode total = JSON.readTree(usage.body()).get("total");
                        assertThat(total.get("calls").asLong()).as(tenant).isPositive();
                        ledger += total.get("costMicros").asLong();
                    }
                    JsonNode invoice = JSON.readTree(get("http://127.0.0.1:" + simulatorPort + "/_sim/invoice/total"));
                    assertThat(invoice.get("totalMicros").asLong()).isPositive();
                    assertThat(ledger).isEqualTo(invoice.get("totalMicros").asLong());
                });
    }

    @Test
    @Order(4)
    void theLearnerTrainsFromFeedbackAndTheRouterRoutesByWhatItLearned() throws Exception {
        Topics topics = Topics.defaults();
        RouteplaneSerdes serdes =
                new RouteplaneSerdes(Map.of(RegistrySerdeConfig.SCHEMA_REGISTRY_URL, platform.registryUrl()));
        // the router ranks by learned estimates: every decision says so
        List<RoutingDecision> decisions = read(topics.decisions(), serdes, answered.size());
        assertThat(decisions)
                .allSatisfy(d -> assertThat(d.getExplanation())
                        .anySatisfy(line -> assertThat(line).startsWith("learned")));

        // when: each answer is rated
        try (KafkaProducer<String, Feedback> producer = new KafkaProducer<>(
                platform.producerProps(),
                serdes.keySerde().serializer(),
                serdes.valueSerde(topics.feedback()).serializer())) {
            for (String tenantAndId : answered) {
                String[] parts = tenantAndId.split("/", 2);
                producer.send(new ProducerRecord<>(
                                topics.feedback().name(),
                                parts[0],
                                Feedback.newBuilder()
                                        .setFeedbackId(UUID.randomUUID().toString())
                                        .setRequestId(parts[1])
                                        .setTenantId(parts[0])
                                        .setKind(FeedbackKind.PASS_FAIL)
                                        .setRating(null)
                                        .setScore(null)
                                        .setPassed(true)
                                        .setSource("compose-it")
                                        .setAt(Instant.now())
                                        .build()))
                        .get();
            }
        }

        // then: the learner (its own process) publishes success models, and a later decision uses them
        assertThat(read(topics.successModels(), serdes, 1)).isNotEmpty();
        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofSeconds(1))
                .untilAsserted(() -> {
                    HttpResponse<String> response =
                            api.post("/v1/chat/completions", "Bearer " + tenantKeys.get("acme"), """
                    {"model": "auto", "messages": [{"role": "user", "content": "Summarise in one line: offsets."}]}""");
                    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
                    String id = JSON.readTree(response.body())
                            .at("/routeplane/request_id")
                            .asText();
                    RoutingDecision latest = read(topics.decisions(), serdes, answered.size() + 1).stream()
                            .filter(d -> d.getRequestId().equals(id))
                            .findFirst()
                            .orElseThrow();
                    assertThat(latest.getVersions().getStats()).startsWith("learned@");
                });
    }

    @Test
    @Order(5)
    void everyProcessServesItsMetrics() throws Exception {
        Map<String, String> seriesOf = Map.of(
                "simulator", "jvm_memory_used_bytes",
                "router", "routeplane_decisions_total",
                "learner", "kafka_stream_",
                "executors", "routeplane_executor_in_flight",
                "ledger", "kafka_stream_",
                "api", "jvm_memory_used_bytes"); // the API exports no series of its own (yet): the JVM's
        double executed = 0;
        for (Instance instance : instances.values()) {
            int metricsPort = instance.ports().keySet().stream()
                    .filter(p -> p >= 9400)
                    .map(instance::port)
                    .findFirst()
                    .orElseThrow();
            String scrape = get("http://127.0.0.1:" + metricsPort + "/metrics");
            assertThat(scrape).as(instance.name()).contains(seriesOf.get(instance.service()));
            if (instance.service().equals("executors")) {
                executed += sum(scrape, "routeplane_requests_total");
            }
        }
        // both replicas together ran every answered request (and any later ones)
        assertThat(executed).isGreaterThanOrEqualTo(answered.size());
    }

    private static double sum(String scrape, String series) {
        return scrape.lines()
                .filter(line -> line.startsWith(series + "{") || line.startsWith(series + " "))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .sum();
    }

    private static String get(String url) throws Exception {
        HttpResponse<String> response = HTTP.send(
                HttpRequest.newBuilder(URI.create(url))
                        .timeout(Duration.ofSeconds(20))
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(url + ": " + response.body()).isEqualTo(200);
        return response.body();
    }

    /** At least {@code atLeast} records of a topic, read from its beginning. */
    private static <V extends SpecificRecord> List<V> read(TopicSpec<V> topic, RouteplaneSerdes serdes, int atLeast) {
        Map<String, Object> props = new HashMap<>(platform.consumerProps("compose-it-" + UUID.randomUUID()));
        try (KafkaConsumer<String, V> consumer = new KafkaConsumer<>(
                props,
                serdes.keySerde().deserializer(),
                serdes.valueSerde(topic).deserializer())) {
            consumer.subscribe(List.of(topic.name()));
            List<V> values = new ArrayList<>();
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                for (ConsumerRecord<String, V> r : consumer.poll(Duration.ofMillis(250))) {
                    values.add(r.value());
                }
                return values.size() >= atLeast;
            });
            return values;
        }
    }
}
