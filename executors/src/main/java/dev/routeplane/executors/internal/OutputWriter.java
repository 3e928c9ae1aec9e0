package dev.routeplane.executors.internal;

import dev.routeplane.contract.CostEvent;
import dev.routeplane.contract.ExecutionResult;
import dev.routeplane.contract.ExecutionTask;
import dev.routeplane.contract.ProviderHealth;
import dev.routeplane.contract.RejectedRequest;
import dev.routeplane.schemas.Partitions;
import dev.routeplane.schemas.RouteplaneSerdes;
import dev.routeplane.schemas.Topics;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Everything a worker writes, through one idempotent producer ({@code acks=all}, so a retried send is never
 * duplicated and a completed future means the record is durable). Futures complete on the producer's I/O thread.
 * Thread-safe.
 */
public final class OutputWriter implements AutoCloseable {
    private final KafkaProducer<String, byte[]> producer;
    private final Topics topics;
    private final String doneTopic;
    private final Serializer<CostEvent> costs;
    private final Serializer<ExecutionResult> results;
    private final Serializer<ExecutionTask> tasks;
    private final Serializer<ProviderHealth> health;
    private final Serializer<RejectedRequest> rejected;

    public OutputWriter(Map<String, Object> kafka, RouteplaneSerdes serdes, Topics topics, String clientId) {
        Map<String, Object> props = new HashMap<>(kafka);
        props.put("acks", "all");
        props.put("enable.idempotence", true);
        props.put("linger.ms", 5);
        props.put("client.id", clientId);
        this.producer = new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
        this.topics = topics;
        this.doneTopic = DoneMarkers.topicName(topics);
        this.costs = serdes.valueSerde(topics.ledger()).serializer();
        this.results = serdes.valueSerde(topics.results()).serializer();
        this.tasks = serdes.valueSerde(topics.exec("x")).serializer();
        this.health = serdes.valueSerde(topics.providerHealth()).serializer();
        this.rejected = serdes.valueSerde(topics.requestsRejected()).serializer();
    }

    /** A cost event to the ledger, keyed by tenant. */
    public CompletableFuture<Void> cost(CostEvent e) {
        String topic = topics.ledger().name();
        return send(topic, e.getTenantId(), costs.serialize(topic, e));
    }

    /**
     * The terminal result, then the request's done marker; completes when both are durable. A shadow call's result
     * goes to the shadow results topic, where no caller waits for it.
     */
    public CompletableFuture<Void> result(ExecutionResult r) {
        String topic = r.getShadowOf() == null
                ? topics.results().name()
                : topics.shadowResults().name();
        CompletableFuture<Void> result = send(topic, r.getTenantId(), results.serialize(topic, r));
        CompletableFuture<Void> marker = send(
                doneTopic,
                DoneMarkers.key(r.getTenantId(), r.getRequestId()),
                r.getStatus().name().getBytes(StandardCharsets.UTF_8));
        return CompletableFuture.allOf(result, marker);
    }

    /**
     * A fallback or cascade task to its provider's exec topic of the request's class, keyed by tenant, in the partition
     * the router would give it ({@link Partitions#ofTask}: a batch's tasks spread over all partitions).
     */
    public CompletableFuture<Void> forward(ExecutionTask t) {
        String topic = topics.exec(
                        t.getDecision().getRoute().getProvider(),
                        t.getRequest().getHints().getLatencyClass())
                .name();
        try {
            // The producer's metadata cache answers at once once the topic is known; the first call may wait for it
            // as a send would.
            int partition = Partitions.ofTask(t, producer.partitionsFor(topic).size());
            return send(topic, partition, t.getRequest().getTenantId(), tasks.serialize(topic, t));
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /** A health report, keyed by provider (compacted topic). */
    public CompletableFuture<Void> health(ProviderHealth h) {
        String topic = topics.providerHealth().name();
        return send(topic, h.getProvider(), health.serialize(topic, h));
    }

    /** An undecodable task, keyed by its coordinates as the rejected topic's contract says. */
    public CompletableFuture<Void> rejected(RejectedRequest r) {
        String topic = topics.requestsRejected().name();
        String key = r.getSourceTopic() + "-" + r.getSourcePartition() + "-" + r.getSourceOffset();
        return send(topic, key, rejected.serialize(topic, r));
    }

    private CompletableFuture<Void> send(String topic, String key, byte[] value) {
        return send(topic, null, key, value);
    }

    /** {@code partition} null: where the key sends the record. */
    private CompletableFuture<Void> send(String topic, Integer partition, String key, byte[] value) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        try {
            producer.send(new ProducerRecord<>(topic, partition, key, value), (metadata, error) -> {
                if (error != null) {
                    done.completeExceptionally(error);
                } else {
                    done.complete(null);
                }
            });
        } catch (RuntimeException e) {
            done.completeExceptionally(e);
        }
        return done;
    }

    @Override
    public void close() {
        producer.close();
    }
}
