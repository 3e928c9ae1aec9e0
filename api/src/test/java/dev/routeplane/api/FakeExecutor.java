package dev.routeplane.api;

import dev.routeplane.contract.AttemptRecord;
import dev.routeplane.contract.ChatMessage;
import dev.routeplane.contract.ExecutionResult;
import dev.routeplane.contract.Output;
import dev.routeplane.contract.ResultStatus;
import dev.routeplane.contract.RouteRequest;
import dev.routeplane.contract.Usage;
import dev.routeplane.schemas.RouteplaneSerdes;
import dev.routeplane.schemas.Topics;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.WakeupException;

/**
 * Test scaffolding standing in for the router and executors: reads {@code rp.requests.v1} and writes one
 * {@code ExecutionResult} per request to {@code rp.results.v1}. The last message decides the outcome:
 * "please fail" fails, "over budget" is BUDGET_EXCEEDED, "never answer" gets no result, anything else is
 * echoed back. Counts deliveries per tenant/requestId so tests can prove a retry was not resubmitted.
 */
final class FakeExecutor implements AutoCloseable {
    final Map<String, AtomicInteger> seen = new ConcurrentHashMap<>();
    private final KafkaConsumer<String, RouteRequest> consumer;
    private final KafkaProducer<String, ExecutionResult> producer;
    private final Topics topics;
    private final Thread thread;
    private volatile boolean running = true;

    FakeExecutor(
            Map<String, Object> consumerProps,
            Map<String, Object> producerProps,
            Topics topics,
            RouteplaneSerdes serdes) {
        this.topics = topics;
        this.consumer = new KafkaConsumer<>(
                consumerProps,
                serdes.keySerde().deserializer(),
                serdes.valueSerde(topics.requests()).deserializer());
        this.producer = new KafkaProducer<>(
                producerProps,
                serdes.keySerde().serializer(),
                serdes.valueSerde(topics.results()).serializer());
        this.thread = new Thread(this::run, "fake-executor");
    }

    FakeExecutor start() {
        thread.start();
        return this;
    }

    int timesSeen(String tenant, String requestId) {
        AtomicInteger count = seen.get(tenant + "/" + requestId);
        return count == null ? 0 : count.get();
    }

    private void run() {
        consumer.subscribe(List.of(topics.requests().name()));
        try {
            while (running) {
                for (ConsumerRecord<String, RouteRequest> record : consumer.poll(Duration.ofMillis(100))) {
                    RouteRequest request = record.value();
                    seen.computeIfAbsent(request.getTenantId() + "/" + request.getRequestId(), k -> new AtomicInteger())
                            .incrementAndGet();
                    List<ChatMessage> messages = request.getMessages();
                    String prompt = messages.get(messages.size() - 1).getContent();
                    if (!prompt.contains("never answer")) {
                        producer.send(new ProducerRecord<>(
                                topics.results().name(), request.getTenantId(), resultFor(request, prompt)));
                    }
                }
                producer.flush();
            }
        } catch (WakeupException e) {
            // closing
        }
    }

    private static ExecutionResult resultFor(RouteRequest request, String prompt) {
        ResultStatus status = prompt.contains("please fail")
                ? ResultStatus.FAILED
                : prompt.contains("over budget") ? ResultStatus.BUDGET_EXCEEDED : ResultStatus.SUCCEEDED;
        boolean ok = status == ResultStatus.SUCCEEDED;
        return ExecutionResult.newBuilder()
                .setRequestId(request.getRequestId())
                .setTenantId(request.getTenantId())
                .setBatchId(request.getBatchId())
                .setStatus(status)
                .setReason(ok ? null : status == ResultStatus.FAILED ? "PROVIDER_ERROR" : "BUDGET_EXCEEDED")
                .setProvider(ok ? "openai" : null)
                .setModel(ok ? "gpt-4o-mini" : null)
                .setOutput(
                        ok
                                ? Output.newBuilder()
                                        .setText("echo: " + prompt)
                                        .setFinishReason("stop")
                                        .build()
                                : null)
                .setUsage(Usage.newBuilder()
                        .setInputTokens(ok ? 7 : 0)
                        .setOutputTokens(ok ? 3 : 0)
                        .build())
                .setCostMicros(ok ? 42 : 0)
                .setLatencyMs(5)
                .setAttempts(
                        status == ResultStatus.BUDGET_EXCEEDED
                                ? List.of()
                                : List.of(AttemptRecord.newBuilder()
                                        .setProvider("openai")
                                        .setModel("gpt-4o-mini")
                                        .setKeyProfile("primary")
                                        .setOutcome(ok ? "SUCCEEDED" : "SERVER_ERROR")
                                        .setErrorKind(ok ? null : "RETRYABLE")
                                        .setLatencyMs(5)
                                        .setCostMicros(ok ? 42 : 0)
                                        .build()))
                .setCompletedAt(Instant.now())
                .build();
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        consumer.wakeup();
        thread.join(10_000);
        consumer.close();
        producer.close();
    }
}
