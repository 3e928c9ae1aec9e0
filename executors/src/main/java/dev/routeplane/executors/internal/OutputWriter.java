package dev.routeplane.executors.internal;

import dev.routeplane.contract.CallIntent;
import dev.routeplane.contract.CostEvent;
import dev.routeplane.contract.ExecutionResult;
import dev.routeplane.contract.ExecutionTask;
import dev.routeplane.contract.ProviderBatch;
import dev.routeplane.contract.ProviderHealth;
import dev.routeplane.contract.RejectedRequest;
import dev.routeplane.schemas.Partitions;
import dev.routeplane.schemas.RouteplaneSerdes;
import dev.routeplane.schemas.TaskHeaders;
import dev.routeplane.schemas.Topics;
import dev.routeplane.schemas.TransientFailures;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Everything a worker writes, through one idempotent producer ({@code acks=all}, so a retried send is never
 * duplicated and a completed future means the record is durable). Futures complete on the producer's I/O thread, so a
 * caller chains a further send on another executor ({@code thenComposeAsync}): a send that needs metadata, made on that
 * thread, would wait for the thread itself until {@code max.block.ms}.
 *
 * <p>An outage is waited out, never turned into a lost record: a value that cannot be serialized because the schema
 * registry is unreachable, or a send that fails because the broker is (any {@link TransientFailures transient}
 * failure), is tried again with backoff until it succeeds or the writer closes. A cost event in particular must
 * reach the ledger once the provider has billed the call, however long the outage. Thread-safe.
 */
public final class OutputWriter implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(OutputWriter.class);
    private static final long FIRST_BACKOFF_MS = 100;
    private static final long MAX_BACKOFF_MS = 2_000;

    private final KafkaProducer<String, byte[]> producer;
    private final Topics topics;
    private final String doneTopic;
    private final Serializer<CostEvent> costs;
    private final Serializer<CallIntent> intents;
    private final Serializer<ExecutionResult> results;
    private final Serializer<ExecutionTask> tasks;
    private final Serializer<ProviderHealth> health;
    private final Serializer<RejectedRequest> rejected;
    private final Serializer<ProviderBatch> providerBatches;
    private final ScheduledExecutorService retries = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "routeplane-output-retry");
        t.setDaemon(true);
        return t;
    });
    private volatile boolean closed;

    public OutputWriter(Map<String, Object> kafka, RouteplaneSerdes serdes, Topics topics, String clientId) {
        Map<String, Object> props = new HashMap<>(kafka);
        props.put("acks", "all");
        props.put("enable.idempotence", true);
        props.put("linger.ms", 5);
        props.put("client.id", clientId);
        // The producer retries a send through a broker restart for this long; beyond it this writer sends again.
        props.put("delivery.timeout.ms", (int) TimeUnit.MINUTES.toMillis(5));
        this.producer = new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
        this.topics = topics;
        this.doneTopic = DoneMarkers.topicName(topics);
        this.costs = serdes.valueSerde(topics.ledger()).serializer();
        this.intents = serdes.valueSerde(topics.callIntents()).serializer();
        this.results = serdes.valueSerde(topics.results()).serializer();
        this.tasks = serdes.valueSerde(topics.exec("x")).serializer();
        this.health = serdes.valueSerde(topics.providerHealth()).serializer();
        this.rejected = serdes.valueSerde(topics.requestsRejected()).serializer();
        this.providerBatches = serdes.valueSerde(topics.providerBatches()).serializer();
    }

    /** A cost event to the ledger, keyed by tenant. */
    public CompletableFuture<Void> cost(CostEvent e) {
        String topic = topics.ledger().name();
        return send(topic, e.getTenantId(), () -> costs.serialize(topic, e));
    }

    /** A call's intent (or its closing record), keyed by tenant like the cost events that close it. */
    public CompletableFuture<Void> intent(CallIntent i) {
        String topic = topics.callIntents().name();
        return send(topic, i.getTenantId(), () -> intents.serialize(topic, i));
    }

    /**
     * The terminal result and the request's done marker, sent together; completes when both are durable. They go out
     * in one produce round trip: sending the marker only after the result is durable opened a window in which a
     * killed worker left a durable result without its marker, and the delivery taking its claim over wrote a second
     * result (seen in the chaos run). A shadow call's result goes to the shadow results topic, where no caller waits
     * for it.
     */
    public CompletableFuture<Void> result(ExecutionResult r) {
        String topic = r.getShadowOf() == null
                ? topics.results().name()
                : topics.shadowResults().name();
        CompletableFuture<Void> result = send(topic, r.getTenantId(), () -> results.serialize(topic, r));
        byte[] status = r.getStatus().name().getBytes(StandardCharsets.UTF_8);
        CompletableFuture<Void> marker =
                send(doneTopic, DoneMarkers.key(r.getTenantId(), r.getRequestId()), () -> status);
        return CompletableFuture.allOf(result, marker);
    }

    /** A claim on the request's terminal result ({@link DoneMarkers#claim}); completes with where it landed. */
    public CompletableFuture<RecordMetadata> claim(String tenantId, String requestId, String claim) {
        byte[] value = claim.getBytes(StandardCharsets.UTF_8);
        CompletableFuture<RecordMetadata> done = new CompletableFuture<>();
        attempt(doneTopic, null, DoneMarkers.key(tenantId, requestId), null, () -> value, done, 0);
        return done;
    }

    /**
     * A fallback or cascade task to its provider's exec topic of the request's class, keyed by tenant, in the partition
     * the router would give it ({@link Partitions#ofTask}: by request id, so a tenant's tasks spread over all partitions).
     */
    public CompletableFuture<Void> forward(ExecutionTask t) {
        String topic = topics.exec(
                        t.getDecision().getRoute().getProvider(),
                        t.getRequest().getHints().getLatencyClass())
                .name();
        RecordHeaders headers = new RecordHeaders();
        TaskHeaders.withRequestId(headers, t.getRequest().getRequestId());
        int partition;
        try {
            // The producer's metadata cache answers at once once the topic is known; the first call may wait for it
            // as a send would.
            partition = Partitions.ofTask(t, producer.partitionsFor(topic).size());
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
        return send(topic, partition, t.getRequest().getTenantId(), headers, () -> tasks.serialize(topic, t));
    }

    /**
     * A provider batch's ownership record, keyed by {@link Topics#providerBatchKey}; {@code batch} null writes the
     * tombstone that closes it.
     */
    public CompletableFuture<Void> providerBatch(String key, ProviderBatch batch) {
        String topic = topics.providerBatches().name();
        return send(topic, key, () -> batch == null ? null : providerBatches.serialize(topic, batch));
    }

    /** A health report, keyed by provider (compacted topic). */
    public CompletableFuture<Void> health(ProviderHealth h) {
        String topic = topics.providerHealth().name();
        return send(topic, h.getProvider(), () -> health.serialize(topic, h));
    }

    /** An undecodable task, keyed by its coordinates as the rejected topic's contract says. */
    public CompletableFuture<Void> rejected(RejectedRequest r) {
        String topic = topics.requestsRejected().name();
        String key = r.getSourceTopic() + "-" + r.getSourcePartition() + "-" + r.getSourceOffset();
        return send(topic, key, () -> rejected.serialize(topic, r));
    }

    private CompletableFuture<Void> send(String topic, String key, Supplier<byte[]> value) {
        return send(topic, null, key, null, value);
    }

    /** {@code partition} null: where the key sends the record. */
    private CompletableFuture<Void> send(
            String topic, Integer partition, String key, Headers headers, Supplier<byte[]> value) {
        CompletableFuture<RecordMetadata> done = new CompletableFuture<>();
        attempt(topic, partition, key, headers, value, done, 0);
        return done.thenApply(metadata -> null);
    }

    /** One try: serialize (the registry may be down), send (the broker may be); a transient failure tries again. */
    private void attempt(
            String topic,
            Integer partition,
            String key,
            Headers headers,
            Supplier<byte[]> value,
            CompletableFuture<RecordMetadata> done,
            int tries) {
        try {
            byte[] bytes = value.get();
            producer.send(new ProducerRecord<>(topic, partition, key, bytes, headers), (metadata, error) -> {
                if (error == null) {
                    done.complete(metadata);
                } else {
                    retryOrFail(topic, partition, key, headers, () -> bytes, done, tries, error);
                }
            });
        } catch (RuntimeException e) {
            retryOrFail(topic, partition, key, headers, value, done, tries, e);
        }
    }

    private void retryOrFail(
            String topic,
            Integer partition,
            String key,
            Headers headers,
            Supplier<byte[]> value,
            CompletableFuture<RecordMetadata> done,
            int tries,
            Throwable error) {
        if (closed || !TransientFailures.isTransient(error)) {
            done.completeExceptionally(error);
            return;
        }
        if (tries == 0 || tries % 20 == 0) {
            LOG.warn(
                    "writing to {} failed ({}); trying again until it succeeds",
                    topic,
                    error.getClass().getName());
        }
        long backoff = Math.min(MAX_BACKOFF_MS, FIRST_BACKOFF_MS << Math.min(tries, 5));
        try {
            retries.schedule(
                    () -> attempt(topic, partition, key, headers, value, done, tries + 1),
                    backoff,
                    TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            done.completeExceptionally(error); // closed meanwhile
        }
    }

    @Override
    public void close() {
        closed = true;
        retries.shutdownNow();
        producer.close();
    }
}
