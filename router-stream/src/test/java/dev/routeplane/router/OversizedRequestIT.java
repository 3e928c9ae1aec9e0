package dev.routeplane.router;

import static dev.routeplane.router.testing.Requests.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.routeplane.config.RouteplaneConfig;
import dev.routeplane.contract.ExecutionResult;
import dev.routeplane.contract.RejectedRequest;
import dev.routeplane.contract.ResultStatus;
import dev.routeplane.contract.RouteRequest;
import dev.routeplane.contract.RoutingDecision;
import dev.routeplane.contract.ToolSpec;
import dev.routeplane.platform.testkit.RouteplanePlatformExtension;
import dev.routeplane.router.testing.RouterDriver;
import dev.routeplane.router.testing.TestConfigs;
import dev.routeplane.schemas.ReasonCodes;
import dev.routeplane.schemas.RouteplaneSerdes;
import dev.routeplane.schemas.TopicBootstrapper;
import dev.routeplane.schemas.Topics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * No single record can stall a partition: a request whose routed task would exceed the producer's
 * {@code max.request.size} (its tool descriptions are not prompt, but they are bytes) is refused with
 * {@code REQUEST_TOO_LARGE}, and the requests behind it on the same partition are routed.
 */
class OversizedRequestIT {
    @RegisterExtension
    static final RouteplanePlatformExtension platform = new RouteplanePlatformExtension();

    private static final RouteplaneConfig CONFIG = TestConfigs.bundled();

    private record Outcomes(
            List<RoutingDecision> decisions, List<RejectedRequest> rejected, List<ExecutionResult> results) {}

    /** A request with a short prompt and tool descriptions of {@code toolBytes} bytes. */
    private static RouteRequest withTools(String id, int toolBytes) {
        RouteRequest.Builder b = request("acme", id, "chat", "Find the onboarding guide for new engineers.");
        b.getHints()
                .setTools(List.of(new ToolSpec(
                        "search_docs",
                        "Searches the documents. ".repeat(toolBytes / 24),
                        false,
                        "{\"type\":\"object\"}")));
        return b.build();
    }

    private Outcomes run(String prefix, Map<String, Object> overrides, List<RouteRequest> requests) throws Exception {
        Topics topics = Topics.withPrefix(prefix, 1); // one partition: everything queues behind the big one
        try (Admin admin = Admin.create(platform.adminConfig())) {
            new TopicBootstrapper(admin).ensure(topics.all(CONFIG.providers().keySet()));
        }
        Path stateDir = Files.createTempDirectory(platform.dataDir(), prefix);
        RouterStreamsConfig streams = new RouterStreamsConfig(
                prefix, platform.bootstrapServers(), platform.registryUrl(), stateDir, topics, 1, overrides);
        RouteplaneSerdes serdes = new RouteplaneSerdes(streams.serdeConfig());
        Outcomes outcomes = new Outcomes(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
        try (RouterService service = RouterService.start(
                CONFIG, RouterDriver.CLASSIFIER, streams, Clock.systemUTC(), "it", 7L, Duration.ofSeconds(60))) {
            Map<String, Object> producerProps = platform.producerProps();
            producerProps.put("max.request.size", 4 * 1024 * 1024);
            producerProps.put("compression.type", "lz4"); // the broker takes the big request compressed
            try (KafkaProducer<String, RouteRequest> producer = new KafkaProducer<>(
                    producerProps,
                    new StringSerializer(),
                    serdes.valueSerde(topics.requests()).serializer())) {
                for (RouteRequest r : requests) {
                    producer.send(new ProducerRecord<>(topics.requests().name(), r.getTenantId(), r))
                            .get();
                }
            }
            Map<String, Object> props = new HashMap<>(platform.consumerProps(prefix + "-reader"));
            props.put("isolation.level", "read_committed");
            try (KafkaConsumer<String, byte[]> consumer =
                    new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer())) {
                consumer.subscribe(List.of(
                        topics.decisions().name(),
                        topics.requestsRejected().name(),
                        topics.results().name()));
                var decisions = serdes.valueSerde(topics.decisions()).deserializer();
                var rejections = serdes.valueSerde(topics.requestsRejected()).deserializer();
                var results = serdes.valueSerde(topics.results()).deserializer();
                await().atMost(Duration.ofSeconds(60))
                        .pollInterval(Duration.ZERO)
                        .until(() -> {
                            for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                                if (r.topic().equals(topics.decisions().name())) {
                                    outcomes.decisions().add(decisions.deserialize(r.topic(), r.value()));
                                } else if (r.topic()
                                        .equals(topics.requestsRejected().name())) {
                                    outcomes.rejected().add(rejections.deserialize(r.topic(), r.value()));
                                } else {
                                    outcomes.results().add(results.deserialize(r.topic(), r.value()));
                                }
                            }
                            java.util.Set<String> seen = new java.util.HashSet<>();
                            outcomes.decisions().forEach(d -> seen.add(d.getRequestId()));
                            outcomes.rejected().forEach(r -> seen.add(r.getRequestId()));
                            return requests.stream().allMatch(r -> seen.contains(r.getRequestId()));
                        });
            }
            assertThat(service.state().isRunningOrRebalancing()).isTrue();
        }
        return outcomes;
    }

    @Test
    void aRequestWhoseTaskWouldExceedTheProducersLimitIsRefusedAndTheOnesBehindItAreRouted() throws Exception {
        List<RouteRequest> requests = List.of(
                withTools("too-big", 1_060_000),
                request("acme", "behind-1", "chat", "Hello").build(),
                request("acme", "behind-2", "chat", "Hello again").build());

        Outcomes outcomes = run("oversized", Map.of(), requests);

        assertThat(outcomes.decisions())
                .extracting(RoutingDecision::getRequestId)
                .containsExactly("behind-1", "behind-2");
        assertThat(outcomes.rejected()).singleElement().satisfies(r -> {
            assertThat(r.getRequestId()).isEqualTo("too-big");
            assertThat(r.getReasonCode()).isEqualTo(ReasonCodes.REQUEST_TOO_LARGE);
            assertThat(r.getDetail()).contains("router.maxRequestBytes");
        });
        assertThat(outcomes.results()).singleElement().satisfies(r -> {
            assertThat(r.getRequestId()).isEqualTo("too-big");
            assertThat(r.getStatus()).isEqualTo(ResultStatus.REJECTED);
            assertThat(r.getReason()).isEqualTo(ReasonCodes.REQUEST_TOO_LARGE);
        });
    }

    @Test
    void aProducerLimitThatWouldLetATaskStallAPartitionIsRefusedAtStart() throws Exception {
        // Under exactly-once a send refused as too large leaves the transactional producer in an error state: the
        // task can only abort and replay the same input forever. So the limits must agree before anything runs.
        Topics topics = Topics.withPrefix("producer-limit", 1);
        try (Admin admin = Admin.create(platform.adminConfig())) {
            new TopicBootstrapper(admin).ensure(topics.all(CONFIG.providers().keySet()));
        }
        RouterStreamsConfig streams = new RouterStreamsConfig(
                "producer-limit",
                platform.bootstrapServers(),
                platform.registryUrl(),
                Files.createTempDirectory(platform.dataDir(), "producer-limit"),
                topics,
                1,
                Map.of("producer.max.request.size", 200_000));

        assertThatThrownBy(() -> RouterService.start(
                        CONFIG, RouterDriver.CLASSIFIER, streams, Clock.systemUTC(), "it", 7L, Duration.ofSeconds(60)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("max.request.size 200000")
                .hasMessageContaining("router.maxRequestBytes 921600");
    }
}
