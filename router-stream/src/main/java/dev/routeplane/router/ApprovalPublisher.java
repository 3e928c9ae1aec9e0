package dev.routeplane.router;

import dev.routeplane.config.Tenant;
import dev.routeplane.config.ToolPolicy;
import dev.routeplane.contract.Approval;
import dev.routeplane.schemas.RouteplaneSerdes;
import dev.routeplane.schemas.Topics;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Writes trusted approvals to {@code rp.approvals.v1}, keyed by tenantId, for the router to find before it routes the
 * approved request: what {@code routeplane approve} (an operator) and {@code POST /v1/approvals} (an approver key)
 * both use. Who may write that topic is who may approve: protect it with Kafka ACLs like the requests topic.
 *
 * <p>Thread-safe (one idempotent producer); {@link #close()} flushes what is in flight.
 */
public final class ApprovalPublisher implements AutoCloseable {
    private final Producer<String, Approval> producer;
    private final String topic;

    /**
     * @param kafkaConfig client properties ({@code bootstrap.servers}, security settings); durability and serializer
     *     settings are overridden
     */
    public ApprovalPublisher(Map<String, ?> kafkaConfig, Topics topics, RouteplaneSerdes serdes) {
        Map<String, Object> config = new HashMap<>(kafkaConfig);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.putIfAbsent(ProducerConfig.CLIENT_ID_CONFIG, "routeplane-approvals");
        this.producer = new KafkaProducer<>(
                config,
                new StringSerializer(),
                serdes.valueSerde(topics.approvals()).serializer());
        this.topic = topics.approvals().name();
    }

    /**
     * What is wrong with approving {@code tools} for request {@code requestId} of {@code tenant}, or empty: a blank
     * id, no tool, or a tool the tenant's policy does not make wait for approval (a misspelling, usually).
     */
    public static Optional<String> problem(Tenant tenant, String requestId, List<String> tools) {
        if (requestId == null || requestId.isBlank()) {
            return Optional.of("the request id is blank; an approval is for one request, named by its id");
        }
        if (tools.isEmpty()) {
            return Optional.of("no tool named; approve at least one of toolsRequiringApproval "
                    + tenant.toolsRequiringApproval() + " of tenant " + tenant.id());
        }
        for (String tool : tools) {
            if (!ToolPolicy.needsApproval(tenant, tool)) {
                return Optional.of("tool '" + tool + "' needs no approval for tenant " + tenant.id()
                        + "; toolsRequiringApproval is " + tenant.toolsRequiringApproval());
            }
        }
        return Optional.empty();
    }

    /** An approval of {@code tools} for one request, given now by {@code approvedBy}. */
    public static Approval approval(
            String tenantId, String requestId, List<String> tools, String approvedBy, Instant at, String note) {
        return Approval.newBuilder()
                .setTenantId(tenantId)
                .setRequestId(requestId)
                .setTools(List.copyOf(tools))
                .setApprovedBy(approvedBy)
                .setApprovedAt(at)
                .setNote(note)
                .build();
    }

    /** Sends one approval; the future completes when the broker acknowledged it, or with the send's failure. */
    public CompletableFuture<Approval> publish(Approval approval) {
        CompletableFuture<Approval> acked = new CompletableFuture<>();
        try {
            producer.send(new ProducerRecord<>(topic, approval.getTenantId(), approval), (metadata, error) -> {
                if (error != null) {
                    acked.completeExceptionally(error);
                } else {
                    acked.complete(approval);
                }
            });
        } catch (RuntimeException e) {
            // Serialization (registry unreachable) and buffer-full errors are thrown by send() itself.
            acked.completeExceptionally(e);
        }
        return acked;
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(30));
    }
}
