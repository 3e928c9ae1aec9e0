package dev.routeplane.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.routeplane.contract.BatchPhase;
import dev.routeplane.contract.BatchState;
import dev.routeplane.contract.ChatMessage;
import dev.routeplane.contract.RequestHints;
import dev.routeplane.contract.RouteRequest;
import dev.routeplane.platform.testkit.RouteplanePlatformExtension;
import dev.routeplane.schemas.RegistrySerdeConfig;
import dev.routeplane.schemas.RouteplaneSerdes;
import dev.routeplane.schemas.TopicBootstrapper;
import dev.routeplane.schemas.Topics;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The client library against a real broker and registry: send, follow, batch states, the router's backlog. */
class ClientIT {
    @RegisterExtension
    static final RouteplanePlatformExtension platform = new RouteplanePlatformExtension();

    private static final Topics TOPICS = Topics.withPrefix("rp", 3);
    private static Map<String, Object> kafka;
    private static RouteplaneSerdes serdes;

    @BeforeAll
    static void topics() {
        try (Admin admin = Admin.create(platform.adminConfig())) {
            new TopicBootstrapper(admin).ensure(TOPICS.all(List.of("openai")));
        }
        kafka = Map.of("bootstrap.servers", platform.bootstrapServers());
        serdes = new RouteplaneSerdes(Map.of(RegistrySerdeConfig.SCHEMA_REGISTRY_URL, platform.registryUrl()));
    }

    static RouteRequest request(String tenant, String id, Instant at) {
        return RouteRequest.newBuilder()
                .setRequestId(id)
                .setTenantId(tenant)
                .setBatchId("b-1")
                .setSubmittedAt(at)
                .setMessages(List.of(ChatMessage.newBuilder()
                        .setRole("user")
                        .setContent("hello " + id)
                        .build()))
                .setHints(RequestHints.newBuilder().build())
                .build();
    }

    @Test
    void sentRequestsAreFollowedFromTheBeginningOrFromAMomentOn() throws Exception {
        // given ten requests sent before a moment and five after it
        try (RequestSender sender = new RequestSender(kafka, TOPICS, serdes, "client-it")) {
            for (int i = 0; i < 10; i++) {
                sender.send(request("acme", "early-" + i, Instant.now())).get();
            }
            Thread.sleep(20);
            Instant moment = Instant.now();
            Thread.sleep(20);
            CompletableFuture<?>[] late = new CompletableFuture<?>[5];
            for (int i = 0; i < 5; i++) {
                late[i] = sender.send(request("globex", "late-" + i, Instant.now()));
            }
            CompletableFuture.allOf(late).get();

            // when
            List<RouteRequest> all = new CopyOnWriteArrayList<>();
            List<RouteRequest> since = new CopyOnWriteArrayList<>();
            try (TopicFollower everything = TopicFollower.builder(kafka, "it-all")
                            .follow(TOPICS.requests().name(), serdes.decoder(TOPICS.requests()), all::add)
                            .build()
                            .start();
                    TopicFollower recent = TopicFollower.builder(kafka, "it-recent")
                            .follow(TOPICS.requests().name(), serdes.decoder(TOPICS.requests()), since::add)
                            .from(moment)
                            .build()
                            .start()) {
                everything.awaitAssigned(Duration.ofSeconds(30));

                // then
                await().atMost(Duration.ofSeconds(30)).until(everything::caughtUp);
                await().atMost(Duration.ofSeconds(30)).until(() -> ours(all) == 15 && ours(since) == 5);
                assertThat(since)
                        .extracting(RouteRequest::getRequestId)
                        .filteredOn(id -> id.startsWith("early-"))
                        .isEmpty();
            }
        }
    }

    @Test
    void aRecordSentWhileAFollowerStartsIsRead() throws Exception {
        // given a topic whose records all predate the moment followers start from
        try (RequestSender sender = new RequestSender(kafka, TOPICS, serdes, "client-it-race")) {
            sender.send(request("acme", "before-race", Instant.now())).get();
            Thread.sleep(20);
            for (int round = 0; round < 10; round++) {
                List<RouteRequest> seen = new CopyOnWriteArrayList<>();
                try (TopicFollower follower = TopicFollower.builder(kafka, "it-race-" + round)
                        .follow(TOPICS.requests().name(), serdes.decoder(TOPICS.requests()), seen::add)
                        .from(Instant.now())
                        .build()
                        .start()) {
                    // when a record is sent while it starts (as an API answers its first chat call)
                    String id = "race-" + round;
                    sender.send(request("acme", id, Instant.now())).get();

                    // then it is read, whether it was written before, during or after the start position was found
                    await().atMost(Duration.ofSeconds(30))
                            .until(() ->
                                    seen.stream().anyMatch(r -> r.getRequestId().equals(id)));
                }
            }
        }
    }

    private static long ours(List<RouteRequest> requests) {
        return requests.stream()
                .filter(r -> r.getRequestId().startsWith("early-")
                        || r.getRequestId().startsWith("late-"))
                .count();
    }

    @Test
    void aFollowerOfAMissingTopicSaysWhichOneIsMissing() {
        try (TopicFollower follower = TopicFollower.builder(kafka, "it-missing")
                .follow("rp.nothing-here.v1", serdes.decoder(TOPICS.requests()), r -> {})
                .build()
                .start()) {
            assertThatThrownBy(() -> follower.awaitAssigned(Duration.ofSeconds(3)))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("rp.nothing-here.v1")
                    .hasMessageContaining("is Routeplane running");
        }
    }

    @Test
    void theLatestStateOfEachBatchIsWhatALookupFinds() throws Exception {
        try (BatchStates states = new BatchStates(kafka, TOPICS, serdes, "client-it-states")) {
            Instant t0 = Instant.parse("2026-12-01T10:00:00Z");
            states.publish(state("acme", "b-1", BatchPhase.SUBMITTING, 100, t0)).get();
            states.publish(state("acme", "b-2", BatchPhase.IN_PROGRESS, 50, t0)).get();
            states.publish(state("acme", "b-1", BatchPhase.CANCELLING, 400, t0.plusSeconds(5)))
                    .get();

            assertThat(states.lookup("acme", "b-1")).hasValueSatisfying(s -> {
                assertThat(s.getPhase()).isEqualTo(BatchPhase.CANCELLING);
                assertThat(s.getSubmittedRequests()).isEqualTo(400);
            });
            assertThat(states.lookup("globex", "b-1")).isEmpty();
            assertThat(states.all()).extracting(BatchState::getBatchId).containsExactlyInAnyOrder("b-1", "b-2");
        }
    }

    @Test
    void theRouterBacklogIsWhatItsGroupHasNotCommittedOnTheTenantsPartition() throws Exception {
        // given 12 requests of tenant initech, of which a consumer in the router's group committed 4
        try (RequestSender sender = new RequestSender(kafka, TOPICS, serdes, "client-it-backlog")) {
            for (int i = 0; i < 12; i++) {
                sender.send(request("initech", "b-" + i, Instant.now())).get();
            }
        }
        String group = "router-under-test";
        try (RouterBacklog backlog = new RouterBacklog(kafka, TOPICS, group)) {
            long before = backlog.backlog("initech");
            try (KafkaConsumer<String, byte[]> router = new KafkaConsumer<>(
                    platform.consumerProps(group), new StringDeserializer(), new ByteArrayDeserializer())) {
                router.subscribe(List.of(TOPICS.requests().name()));
                TopicPartition partition = null;
                long firstOffset = -1;
                while (partition == null) {
                    for (ConsumerRecord<String, byte[]> record : router.poll(Duration.ofMillis(500))) {
                        if ("initech".equals(record.key()) && partition == null) {
                            partition = new TopicPartition(record.topic(), record.partition());
                            firstOffset = record.offset();
                        }
                    }
                }
                long end = router.endOffsets(List.of(partition)).get(partition);
                router.commitSync(Map.of(partition, new OffsetAndMetadata(end - 8)));

                // then
                assertThat(before).isGreaterThanOrEqualTo(12);
                assertThat(backlog.backlog("initech")).isEqualTo(8);
                assertThat(firstOffset).isGreaterThanOrEqualTo(0);
            }
        }
    }

    private static BatchState state(String tenant, String batch, BatchPhase phase, long submitted, Instant at) {
        return BatchState.newBuilder()
                .setTenantId(tenant)
                .setBatchId(batch)
                .setPhase(phase)
                .setInputLines(1_000)
                .setAcceptedRequests(1_000)
                .setMalformedLines(0)
                .setSubmittedRequests(submitted)
                .setSubmittedThroughLine(submitted)
                .setCompletionWindowMs(86_400_000L)
                .setSource("cli")
                .setCreatedAt(at)
                .setUpdatedAt(at)
                .build();
    }
}
