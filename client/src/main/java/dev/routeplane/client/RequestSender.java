package dev.routeplane.client;

import dev.routeplane.contract.RouteRequest;
import dev.routeplane.schemas.RouteplaneSerdes;
import dev.routeplane.schemas.Topics;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The one producer of {@link RouteRequest}s: sends them to {@code rp.requests.v1} keyed by tenantId (so a tenant's
 * requests share the partition that owns its budget), with an idempotent producer ({@code acks=all},
 * {@code enable.idempotence=true}): a request acknowledged here is durably on the topic once, even if the producer
 * retried. Sending the same requestId again is safe: the router refuses a request it already routed
 * ({@code DUPLICATE_REQUEST}) instead of running it twice.
 *
 * <p>Thread-safe (one shared producer). {@link #close()} flushes what is in flight.
 */
public final class RequestSender implements AutoCloseable {
    /** How long a send may block when the broker is unreachable or the buffer is full before it fails. */
    public static final Duration MAX_BLOCK = Duration.ofSeconds(30);

    private final Producer<String, RouteRequest> producer;
    private final String topic;

    /**
     * @param kafkaConfig client properties ({@code bootstrap.servers}, security settings); durability and serializer
     *     settings are overridden
     * @param serdes the registry-aware serdes of the deployment
     * @param clientId the producer's {@code client.id}, naming who submits (api, submit, demo, bench)
     */
    public RequestSender(Map<String, ?> kafkaConfig, Topics topics, RouteplaneSerdes serdes, String clientId) {
        Map<String, Object> config = new HashMap<>(kafkaConfig);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.putIfAbsent(ProducerConfig.LINGER_MS_CONFIG, 5); // batch files send thousands at once
        config.putIfAbsent(ProducerConfig.MAX_BLOCK_MS_CONFIG, (int) MAX_BLOCK.toMillis());
        config.putIfAbsent(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 60_000);
        config.putIfAbsent(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 30_000);
        config.putIfAbsent(ProducerConfig.CLIENT_ID_CONFIG, clientId);
        this.producer = new KafkaProducer<>(
                config,
                new StringSerializer(),
                serdes.valueSerde(topics.requests()).serializer());
        this.topic = topics.requests().name();
    }

    /**
     * Sends one request; the future completes when the broker acknowledged it, or with the send's failure (also for
     * failures {@code send} itself throws: a registry that cannot be reached, a full buffer).
     */
    public CompletableFuture<Void> send(RouteRequest request) {
        CompletableFuture<Void> acked = new CompletableFuture<>();
        try {
            producer.send(new ProducerRecord<>(topic, request.getTenantId(), request), (metadata, error) -> {
                if (error != null) {
                    acked.completeExceptionally(error);
                } else {
                    acked.complete(null);
                }
            });
        } catch (RuntimeException e) {
            acked.completeExceptionally(e);
        }
        return acked;
    }

    /** Sends everything buffered and waits for it. */
    public void flush() {
        producer.flush();
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(30));
    }
}
