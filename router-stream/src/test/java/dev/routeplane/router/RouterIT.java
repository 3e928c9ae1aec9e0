package dev.routeplane.router;

import static dev.routeplane.router.testing.Requests.request;
import static dev.routeplane.router.testing.Requests.tool;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.routeplane.config.RouteplaneConfig;
import dev.routeplane.contract.ExecutionResult;
import dev.routeplane.contract.RejectedRequest;
import dev.routeplane.contract.RouteRequest;
import dev.routeplane.contract.RoutingDecision;
import dev.routeplane.platform.testkit.RouteplanePlatformExtension;
import dev.routeplane.router.testing.Requests;
import dev.routeplane.router.testing.RouterDriver;
import dev.routeplane.router.testing.TestConfigs;
import dev.routeplane.schemas.ReasonCodes;
import dev.routeplane.schemas.RouteplaneSerdes;
import dev.routeplane.schemas.TopicBootstrapper;
import dev.routeplane.schemas.Topics;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The router on a real KRaft broker and registry with exactly_once_v2: 10,000 mixed requests give exactly
 * 10,000 decisions plus rejections, with the count per reason code equal to what was sent.
 */
class RouterIT {
    @RegisterExtension
    static final RouteplanePlatformExtension platform = new RouteplanePlatformExtension();

    static final int TOTAL = 10_000;
    static final RouteplaneConfig CONFIG = TestConfigs.withTenants(
            TestConfigs.withPromptLimits(TestConfigs.bundled(), 8_192, 200_000), TestConfigs.openAiOnly("tiny", 10));
    static final String[] TENANTS = {"acme", "globex-eu", "initech", "umbrella"};
    static final String[] TASKS = {"summarize", "code", "extract", "translate", "reasoning", "chat"};

    @Test
    void tenThousandMixedRequestsGiveExactlyOneDecisionOrRejectionEach() throws Exception {
        Topics topics = Topics.withPrefix("rp", 2);
        try (Admin admin = Admin.create(platform.adminConfig())) {
            new TopicBootstrapper(admin).ensure(topics.all(CONFIG.providers().keySet()));
        }
        Path stateDir = Files.createTempDirectory(platform.dataDir(), "router-state-");
        RouterStreamsConfig streams = new RouterStreamsConfig(
                "router-it", platform.bootstrapServers(), platform.registryUrl(), stateDir, topics, 1, Map.of());
        RouteplaneSerdes serdes = new RouteplaneSerdes(streams.serdeConfig());

        Map<String, Integer> expected = new TreeMap<>();
        long started = System.nanoTime();
        try (RouterService service = RouterService.start(
                CONFIG, RouterDriver.CLASSIFIER, streams, Clock.systemUTC(), "it", 7L, Duration.ofSeconds(60))) {
            Map<String, Object> producerProps = platform.producerProps();
            producerProps.put("linger.ms", 5);
            try (KafkaProducer<String, byte[]> producer =
                    new KafkaProducer<>(producerProps, new StringSerializer(), new ByteArraySerializer())) {
                var requestSerializer = serdes.valueSerde(topics.requests()).serializer();
                for (int i = 0; i < TOTAL; i++) {
                    Mixed m = mixed(i);
                    expected.merge(m.expected, 1, Integer::sum);
                    byte[] value = m.request == null
                            ? ("garbage-" + i).getBytes(StandardCharsets.UTF_8)
                            : requestSerializer.serialize(topics.requests().name(), m.request);
                    producer.send(new ProducerRecord<>(topics.requests().name(), m.key, value));
                }
                producer.flush();
            }

            Map<String, Integer> actual = new TreeMap<>();
            Set<String> decidedIds = new HashSet<>();
            int[] refusedResults = {0};
            try (KafkaConsumer<String, byte[]> consumer = committedConsumer()) {
                consumer.subscribe(List.of(
                        topics.decisions().name(),
                        topics.requestsRejected().name(),
                        topics.results().name()));
                Deserializer<RoutingDecision> decisions =
                        serdes.valueSerde(topics.decisions()).deserializer();
                Deserializer<RejectedRequest> rejections =
                        serdes.valueSerde(topics.requestsRejected()).deserializer();
                Deserializer<ExecutionResult> results =
                        serdes.valueSerde(topics.results()).deserializer();
                await().atMost(Duration.ofSeconds(75))
                        .pollInterval(Duration.ZERO)
                        .until(() -> {
                            for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                                if (r.topic().equals(topics.decisions().name())) {
                                    actual.merge("DECIDED", 1, Integer::sum);
                                    decidedIds.add(decode(decisions, r).getRequestId());
                                } else if (r.topic()
                                        .equals(topics.requestsRejected().name())) {
                                    actual.merge(decode(rejections, r).getReasonCode(), 1, Integer::sum);
                                } else {
                                    refusedResults[0]++;
                                    decode(results, r);
                                }
                            }
                            return actual.values().stream()
                                                    .mapToInt(Integer::intValue)
                                                    .sum()
                                            >= TOTAL
                                    && refusedResults[0]
                                            >= TOTAL
                                                    - expected.get("DECIDED")
                                                    - expected.get(ReasonCodes.UNDESERIALIZABLE);
                        });
                // anything beyond the expected totals would be a duplicate: give it a moment to show up
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofSeconds(1))) {
                    actual.merge("LATE " + r.topic(), 1, Integer::sum);
                }
            }
            System.out.printf(
                    "RouterIT: %d requests routed end to end in %d ms%n",
                    TOTAL, (System.nanoTime() - started) / 1_000_000);
            assertThat(actual).isEqualTo(expected);
            assertThat(decidedIds).hasSize(expected.get("DECIDED"));
            assertThat(refusedResults[0])
                    .isEqualTo(TOTAL - expected.get("DECIDED") - expected.get(ReasonCodes.UNDESERIALIZABLE));
            assertThat(service.state().isRunningOrRebalancing()).isTrue();
        }
    }

    record Mixed(String key, RouteRequest request, String expected) {}

    /** One in 20 of each bad kind, the rest valid requests of four tenants over six task types. */
    static Mixed mixed(int i) {
        String id = "it-" + i;
        String tenant = TENANTS[i % TENANTS.length];
        String prompt = Requests.promptOfBytes(1024 + (i % 3) * 1024);
        return switch (i % 20) {
            case 0 -> new Mixed(tenant, null, ReasonCodes.UNDESERIALIZABLE);
            case 1 -> new Mixed("nobody", request("nobody", id, "chat", prompt).build(), ReasonCodes.UNKNOWN_TENANT);
            case 2 ->
                new Mixed(
                        tenant,
                        request(tenant, id, "chat", prompt)
                                .setMessages(List.of())
                                .build(),
                        ReasonCodes.EMPTY_MESSAGES);
            case 3 ->
                new Mixed(
                        tenant,
                        request(tenant, id, "summarize", Requests.promptOfBytes(9_000))
                                .build(),
                        ReasonCodes.PROMPT_TOO_LARGE);
            case 4 -> {
                RouteRequest.Builder b = request("umbrella", id, "chat", prompt);
                b.getHints().getTools().add(tool("send_email", true));
                yield new Mixed("umbrella", b.build(), ReasonCodes.APPROVAL_REQUIRED);
            }
            case 5 -> new Mixed("tiny", request("tiny", id, "code", prompt).build(), ReasonCodes.BUDGET_EXCEEDED);
            default ->
                new Mixed(
                        tenant,
                        request(tenant, id, TASKS[i % TASKS.length], prompt).build(),
                        "DECIDED");
        };
    }

    private static <V extends SpecificRecord> V decode(Deserializer<V> d, ConsumerRecord<String, byte[]> r) {
        return d.deserialize(r.topic(), r.value());
    }

    private static KafkaConsumer<String, byte[]> committedConsumer() {
        Map<String, Object> props = new HashMap<>(platform.consumerProps("router-it-reader"));
        props.put("isolation.level", "read_committed");
        props.put("max.poll.records", 5000);
        return new KafkaConsumer<>(
                props, new StringDeserializer(), new org.apache.kafka.common.serialization.ByteArrayDeserializer());
    }
}
