package dev.routeplane.schemas.streams;

import dev.routeplane.contract.RejectedRequest;
import dev.routeplane.schemas.RejectedRecords;
import dev.routeplane.schemas.RouteplaneSerdes;
import dev.routeplane.schemas.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.errors.ErrorHandlerContext;

/**
 * Dead-letter records for a Kafka Streams service: a {@code RejectedRequest} on {@code rp.requests.rejected.v1} (the
 * topic every Routeplane service dead-letters to) naming the input's coordinates, a stable reason code and, for
 * undecodable input, the raw bytes. Written through Kafka Streams' dead-letter records (KIP-1034), in the same
 * transaction as the rest of the task's output.
 *
 * <p>Configured from the Streams properties: {@value #TOPIC_PREFIX_CONFIG} (default {@code rp}) and
 * {@value #SOURCES_CONFIG}, the comma-separated source topics whose bad records are dead-lettered (a record of any
 * other source, e.g. a global table's, is logged and skipped). Thread-safe once configured.
 */
public final class DeadLetters {
    /** Streams property: the topic prefix the dead letters are written under. */
    public static final String TOPIC_PREFIX_CONFIG = "routeplane.topic.prefix";
    /** Streams property: comma-separated source topics whose bad records become dead letters. */
    public static final String SOURCES_CONFIG = "routeplane.dead-letter.sources";

    private String rejectedTopic;
    private Set<String> sources = Set.of();
    private Serializer<RejectedRequest> serializer;

    /** Reads the prefix, the covered sources and the registry settings from the Streams properties. */
    public void configure(Map<String, ?> configs) {
        Object prefix = configs.get(TOPIC_PREFIX_CONFIG);
        Topics topics = Topics.withPrefix(prefix == null ? Topics.DEFAULT_PREFIX : prefix.toString(), 1);
        rejectedTopic = topics.requestsRejected().name();
        Object listed = configs.get(SOURCES_CONFIG);
        sources = listed == null
                ? Set.of()
                : Arrays.stream(listed.toString().split(","))
                        .map(String::trim)
                        .filter(s -> !s.isEmpty())
                        .collect(Collectors.toUnmodifiableSet());
        serializer = new RouteplaneSerdes(configs)
                .valueSerde(topics.requestsRejected())
                .serializer();
    }

    /** Whether bad records of {@code topic} are dead-lettered (rather than only logged). */
    public boolean covers(String topic) {
        return sources.contains(topic);
    }

    /**
     * The dead letter for the record at {@code ctx}'s coordinates: keyed by its key (the tenant) or, without one, by
     * its coordinates. {@code requestId} and {@code tenantId} may be null when the input did not decode.
     */
    public List<ProducerRecord<byte[], byte[]>> rejection(
            ErrorHandlerContext ctx,
            String requestId,
            String tenantId,
            byte[] key,
            String code,
            String detail,
            byte[] rawValue) {
        // The raw bytes are capped (RejectedRecords): a dead letter must never be too large to write itself.
        RejectedRequest rejected = RejectedRecords.withRawValue(
                        RejectedRequest.newBuilder()
                                .setRequestId(requestId)
                                .setTenantId(
                                        tenantId != null
                                                ? tenantId
                                                : key == null ? null : new String(key, StandardCharsets.UTF_8))
                                .setReasonCode(code)
                                .setDetail(detail)
                                .setSourceTopic(ctx.topic())
                                .setSourcePartition(ctx.partition())
                                .setSourceOffset(ctx.offset())
                                .setRejectedAt(Instant.now()),
                        rawValue)
                .build();
        byte[] outKey = key != null
                ? key
                : (ctx.topic() + "-" + ctx.partition() + "@" + ctx.offset()).getBytes(StandardCharsets.UTF_8);
        return List.of(
                new ProducerRecord<>(rejectedTopic, null, outKey, serializer.serialize(rejectedTopic, rejected)));
    }
}
