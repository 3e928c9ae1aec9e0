package dev.routeplane.control.replay;

import dev.routeplane.contract.ExecutionResult;
import dev.routeplane.contract.Feedback;
import dev.routeplane.contract.RouteRequest;
import dev.routeplane.schemas.RouteplaneSerdes;
import dev.routeplane.schemas.Topics;
import dev.routeplane.simulator.ReplayRows;
import dev.routeplane.simulator.ReplaySample;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;

/**
 * Submits requests to a running pipeline the way a client does (Avro on {@code rp.requests.v1}, keyed by tenant),
 * waits for each one's terminal result on {@code rp.results.v1}, and produces feedback for results as they come
 * (on {@code rp.feedback.v1}, as an evaluation suite would). Each request is bound to the recorded row it replays
 * before it is sent, so the simulator answers from that row and no other with the same prompt. Keeps a bounded number
 * of requests in flight so a large replay does not flood the pipeline. Not thread-safe.
 */
public final class ReplayDriver implements AutoCloseable {
    private static final int MAX_IN_FLIGHT = 2_000;

    /** A request and the recorded row it replays. */
    public record Call(RouteRequest request, ReplaySample row) {
        public Call {
            Objects.requireNonNull(request, "request");
            Objects.requireNonNull(row, "row");
        }

        public String requestId() {
            return request.getRequestId();
        }
    }

    private final ReplayRows rows;
    private final Topics topics;
    private final KafkaProducer<String, RouteRequest> requests;
    private final KafkaProducer<String, Feedback> feedback;
    private final KafkaConsumer<String, ExecutionResult> results;

    public ReplayDriver(ReplayPipeline runtime) {
        this.rows = runtime.replayRows();
        this.topics = runtime.topics();
        RouteplaneSerdes serdes = runtime.serdes();
        Map<String, Object> producer = new HashMap<>(runtime.clientProperties());
        producer.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        producer.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        this.requests = new KafkaProducer<>(
                producer,
                serdes.keySerde().serializer(),
                serdes.valueSerde(topics.requests()).serializer());
        this.feedback = new KafkaProducer<>(
                producer,
                serdes.keySerde().serializer(),
                serdes.valueSerde(topics.feedback()).serializer());
        Map<String, Object> consumer = new HashMap<>(runtime.clientProperties());
        consumer.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        consumer.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        consumer.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5_000);
        this.results = new KafkaConsumer<>(
                consumer,
                serdes.keySerde().deserializer(),
                serdes.valueSerde(topics.results()).deserializer());
        List<TopicPartition> partitions = new ArrayList<>();
        results.partitionsFor(topics.results().name())
                .forEach(p -> partitions.add(new TopicPartition(p.topic(), p.partition())));
        results.assign(partitions);
        results.seekToEnd(partitions);
        partitions.forEach(results::position); // resolve now: results of requests sent from here on are all seen
    }

    /**
     * Submits {@code batch}, each request answered from its row, and returns each request's terminal result by
     * requestId.
     *
     * @param feedbackFor the feedback to publish for a result, if any
     * @param label       names the phase in progress lines
     * @throws TimeoutException if some result has not come within {@code timeout}
     */
    public Map<String, ExecutionResult> run(
            List<Call> batch,
            Function<ExecutionResult, Optional<Feedback>> feedbackFor,
            Duration timeout,
            String label,
            PrintStream progress)
            throws TimeoutException {
        Set<String> waiting = new HashSet<>();
        Map<String, ExecutionResult> done = new HashMap<>(batch.size() * 2);
        long deadline = System.nanoTime() + timeout.toNanos();
        long started = System.nanoTime();
        long lastLine = started;
        int next = 0;
        int feedbackSent = 0;
        while (done.size() < batch.size()) {
            while (next < batch.size() && waiting.size() < MAX_IN_FLIGHT) {
                Call call = batch.get(next++);
                RouteRequest r = call.request();
                // Submitted now, not when the batch was built: the deadline counts from submittedAt.
                r.setSubmittedAt(Instant.now());
                rows.bind(r.getRequestId(), call.row().key());
                waiting.add(r.getRequestId());
                requests.send(new ProducerRecord<>(topics.requests().name(), r.getTenantId(), r));
            }
            requests.flush();
            for (ConsumerRecord<String, ExecutionResult> rec : results.poll(Duration.ofMillis(200))) {
                ExecutionResult result = rec.value();
                if (result == null || !waiting.remove(result.getRequestId())) {
                    continue;
                }
                done.put(result.getRequestId(), result);
                rows.unbind(result.getRequestId());
                Optional<Feedback> fb = feedbackFor.apply(result);
                if (fb.isPresent()) {
                    feedback.send(new ProducerRecord<>(
                            topics.feedback().name(), fb.get().getTenantId(), fb.get()));
                    feedbackSent++;
                }
            }
            long now = System.nanoTime();
            if (now - lastLine > 5_000_000_000L) {
                lastLine = now;
                progress.printf(
                        Locale.ROOT,
                        "  %s: %d/%d results, %d feedback, %.0f s%n",
                        label,
                        done.size(),
                        batch.size(),
                        feedbackSent,
                        (now - started) / 1e9);
            }
            if (now > deadline) {
                throw new TimeoutException(label + ": " + (batch.size() - done.size()) + " of " + batch.size()
                        + " requests have no result after " + timeout);
            }
        }
        feedback.flush();
        progress.printf(
                Locale.ROOT,
                "  %s: %d results, %d feedback in %.0f s%n",
                label,
                done.size(),
                feedbackSent,
                (System.nanoTime() - started) / 1e9);
        return done;
    }

    @Override
    public void close() {
        requests.close(Duration.ofSeconds(10));
        feedback.close(Duration.ofSeconds(10));
        results.close(Duration.ofSeconds(10));
    }
}
