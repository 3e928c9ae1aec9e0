package dev.routeplane.api;

import dev.routeplane.contract.RouteRequest;
import dev.routeplane.schemas.RouteplaneSerdes;
import dev.routeplane.schemas.Topics;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Produces {@link RouteRequest}s to {@code rp.requests.v1}, keyed by tenantId (so a tenant's requests share
 * the partition that owns its budget), with an idempotent producer ({@code acks=all},
 * {@code enable.idempotence=true}): a request acknowledged here is durably on the topic exactly once, even
 * if the producer retried. Re-submitting the same requestId is safe: the router deduplicates per tenant.
 *
 * <p>Thread-safe (one shared producer); {@link #close()} flushes what is in flight.
 */
public final class RequestSubmitter implements AutoCloseable {
    private final Producer<String, RouteRequest> producer;
    private final String topic;

    /**
     * @param kafkaConfig client properties ({@code bootstrap.servers}, security settings); durability and
     *     serializer settings are overridden
     * @param serdes the registry-aware serdes of the deployment
     */
    public RequestSubmitter(Map<String, ?> kafkaConfig, Topics topics, RouteplaneSerdes serdes) {
        Map<String, Object> config = new HashMap<>(kafkaConfig);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.putIfAbsent(ProducerConfig.LINGER_MS_CONFIG, 5); // batch files send thousands at once
        config.putIfAbsent(ProducerConfig.CLIENT_ID_CONFIG, "routeplane-api-submitter");
        this.producer = new KafkaProducer<>(
                config,
                new StringSerializer(),
                serdes.valueSerde(topics.requests()).serializer());
        this.topic = topics.requests().name();
    }

    /** Sends one request; the future completes when the broker acknowledged it, or with the send's failure. */
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
            // Serialization (registry unreachable) and buffer-full errors are thrown by send() itself.
            acked.completeExceptionally(e);
        }
        return acked;
    }

    /**
     * Sends one request and waits for the acknowledgement.
     *
     * @throws ExecutionException with the send's failure as cause
     * @throws TimeoutException if not acknowledged within {@code timeout}; the request may still arrive
     */
    public void submit(RouteRequest request, Duration timeout)
            throws ExecutionException, TimeoutException, InterruptedException {
        send(request).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(30));
    }
}
