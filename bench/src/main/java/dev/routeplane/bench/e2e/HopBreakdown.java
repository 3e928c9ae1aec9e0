package dev.routeplane.bench.e2e;

import dev.routeplane.contract.AttemptRecord;
import dev.routeplane.contract.CallIntent;
import dev.routeplane.contract.ExecutionResult;
import dev.routeplane.contract.RouteRequest;
import dev.routeplane.contract.RoutingDecision;
import dev.routeplane.executors.ExecutorPool;
import dev.routeplane.schemas.RecordDecoder;
import dev.routeplane.schemas.RouteplaneSerdes;
import dev.routeplane.schemas.Topics;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BiConsumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Where a synchronous call's time goes, hop by hop, from what the pipeline wrote about it: the client's send time,
 * the request record's timestamp on {@code rp.requests.v1} (the API's produce), the router's {@code decidedAt} on
 * {@code rp.decisions.v1}, the executor's call intent ({@code at}: the call starts), its provider time (the result's
 * attempts), the claim on the done-marker topic and the result record (their produce times), and the client's answer.
 * Every time is this machine's wall clock, read by the process that wrote it (one JVM and the API process).
 *
 * <p>Hops: client to request appended (HTTP, the API's parsing and its produce call); appended to decided (the router's
 * fetch, queue and processing); decided to call start (the router's transaction commit, the share fetch of the
 * committed task, dispatch and the intent write); the provider call; call end to claim sent; claim sent to result sent
 * (the claim's produce and read-back); result sent to the answer read by the client (the result's produce, the API's
 * read of it, the HTTP answer).
 */
final class HopBreakdown {
    private static final List<String> HOPS = List.of(
            "client -> request appended",
            "appended -> router decided",
            "decided -> executor call starts",
            "provider call",
            "call ends -> claim sent",
            "claim sent -> result sent",
            "result sent -> answer at client",
            "total round trip");

    /** Per request id, the instants of its hops in epoch milliseconds (0 = not seen). */
    static final class Times {
        long request;
        long decided;
        long callStart;
        long providerMs = -1;
        long claim;
        long result;
    }

    private final Map<String, Times> byRequest;

    HopBreakdown(Map<String, Times> byRequest) {
        this.byRequest = byRequest;
    }

    /**
     * Reads what the pipeline wrote since {@code since} about the requests the client sent, then reports the hops.
     *
     * @param sentAtMs request id to the client's send time (epoch ms)
     * @param roundTripMs request id to the client's round trip (ms)
     */
    static List<String> of(
            Map<String, Object> kafka,
            Topics topics,
            RouteplaneSerdes serdes,
            Instant since,
            Map<String, Long> sentAtMs,
            Map<String, Long> roundTripMs,
            Path tsv)
            throws IOException {
        HopBreakdown b = new HopBreakdown(new HashMap<>());
        sentAtMs.keySet().forEach(id -> b.byRequest.put(id, new Times()));
        RecordDecoder<RouteRequest> requests = serdes.decoder(topics.requests());
        RecordDecoder<RoutingDecision> decisions = serdes.decoder(topics.decisions());
        RecordDecoder<CallIntent> intents = serdes.decoder(topics.callIntents());
        RecordDecoder<ExecutionResult> results = serdes.decoder(topics.results());
        try (KafkaConsumer<byte[], byte[]> consumer =
                new KafkaConsumer<>(kafka, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            read(consumer, topics.requests().name(), since, (r, ts) -> {
                Times t = b.byRequest.get(requests.decode(r).getRequestId());
                if (t != null && t.request == 0) {
                    t.request = ts;
                }
            });
            read(consumer, topics.decisions().name(), since, (r, ts) -> {
                RoutingDecision d = decisions.decode(r);
                Times t = b.byRequest.get(d.getRequestId());
                if (t != null && t.decided == 0) {
                    t.decided = d.getDecidedAt().toEpochMilli();
                }
            });
            read(consumer, topics.callIntents().name(), since, (r, ts) -> {
                CallIntent i = intents.decode(r);
                Times t = b.byRequest.get(i.getRequestId());
                if (t != null && t.callStart == 0 && i.getClosedBy() == null) {
                    t.callStart = i.getAt().toEpochMilli();
                }
            });
            read(consumer, ExecutorPool.doneMarkerTopic(topics), since, (r, ts) -> {
                String key = new String(r.key(), java.nio.charset.StandardCharsets.UTF_8);
                Times t = b.byRequest.get(key.substring(key.indexOf('/') + 1));
                if (t != null
                        && t.claim == 0
                        && new String(r.value(), java.nio.charset.StandardCharsets.UTF_8).startsWith("CLAIM")) {
                    t.claim = ts;
                }
            });
            read(consumer, topics.results().name(), since, (r, ts) -> {
                ExecutionResult res = results.decode(r);
                Times t = b.byRequest.get(res.getRequestId());
                if (t != null && t.result == 0) {
                    t.result = ts;
                    t.providerMs = 0;
                    for (AttemptRecord a : res.getAttempts()) {
                        t.providerMs += a.getLatencyMs();
                    }
                }
            });
        }
        b.write(tsv, sentAtMs, roundTripMs);
        return b.report(sentAtMs, roundTripMs);
    }

    /** Every call's instants (epoch ms; 0 = not seen), one line each, for a closer look than percentiles give. */
    private void write(Path tsv, Map<String, Long> sentAtMs, Map<String, Long> roundTripMs) throws IOException {
        List<String> lines = new ArrayList<>();
        lines.add("request\tsent\tappended\tdecided\tcall_start\tprovider_ms\tclaim\tresult\tanswered");
        byRequest.forEach((id, t) -> {
            long sent = sentAtMs.get(id);
            Long rtt = roundTripMs.get(id);
            lines.add(String.join(
                    "\t",
                    id,
                    Long.toString(sent),
                    Long.toString(t.request),
                    Long.toString(t.decided),
                    Long.toString(t.callStart),
                    Long.toString(t.providerMs),
                    Long.toString(t.claim),
                    Long.toString(t.result),
                    Long.toString(rtt == null ? 0 : sent + rtt)));
        });
        Files.write(tsv, lines);
    }

    /** The summary lines: per hop, p50 and p99 over the calls whose every instant was seen. */
    List<String> report(Map<String, Long> sentAtMs, Map<String, Long> roundTripMs) {
        Map<String, List<Long>> hops = new LinkedHashMap<>();
        HOPS.forEach(h -> hops.put(h, new ArrayList<>()));
        int complete = 0;
        for (Map.Entry<String, Times> e : byRequest.entrySet()) {
            Times t = e.getValue();
            Long rtt = roundTripMs.get(e.getKey());
            if (rtt == null || t.request == 0 || t.decided == 0 || t.callStart == 0 || t.claim == 0 || t.result == 0) {
                continue;
            }
            complete++;
            long sent = sentAtMs.get(e.getKey());
            long callEnd = t.callStart + t.providerMs;
            long[] values = {
                t.request - sent,
                t.decided - t.request,
                t.callStart - t.decided,
                t.providerMs,
                t.claim - callEnd,
                t.result - t.claim,
                sent + rtt - t.result,
                rtt
            };
            for (int i = 0; i < values.length; i++) {
                hops.get(HOPS.get(i)).add(values[i]);
            }
        }
        List<String> lines = new ArrayList<>();
        lines.add(String.format(
                Locale.ROOT,
                "  hops of %d calls (of %d answered) with every hop seen, ms:",
                complete,
                roundTripMs.size()));
        hops.forEach((hop, values) -> lines.add(String.format(
                Locale.ROOT, "    %-34s p50 %5d  p99 %5d", hop, Overhead.p50(values), Overhead.p99(values))));
        return lines;
    }

    /** Reads every partition of {@code topic} from {@code since} up to its end when called. */
    private static void read(
            KafkaConsumer<byte[], byte[]> consumer,
            String topic,
            Instant since,
            BiConsumer<ConsumerRecord<byte[], byte[]>, Long> handler) {
        List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                .map(p -> new TopicPartition(topic, p.partition()))
                .toList();
        consumer.assign(partitions);
        Map<TopicPartition, Long> query = new HashMap<>();
        partitions.forEach(p -> query.put(p, since.toEpochMilli()));
        Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, Duration.ofSeconds(30));
        Map<TopicPartition, OffsetAndTimestamp> starts = consumer.offsetsForTimes(query, Duration.ofSeconds(30));
        Map<TopicPartition, Long> remaining = new HashMap<>();
        for (TopicPartition p : partitions) {
            OffsetAndTimestamp start = starts.get(p);
            long from = start == null ? ends.get(p) : start.offset();
            consumer.seek(p, from);
            if (from < ends.get(p)) {
                remaining.put(p, ends.get(p));
            }
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!remaining.isEmpty() && System.nanoTime() < deadline) {
            for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                TopicPartition p = new TopicPartition(r.topic(), r.partition());
                Long end = remaining.get(p);
                if (end == null || r.offset() >= end) {
                    continue;
                }
                if (r.value() != null) {
                    handler.accept(r, r.timestamp());
                }
                if (r.offset() + 1 >= end) {
                    remaining.remove(p);
                }
            }
            // Transaction markers take offsets too: a partition whose position passed its end is done.
            remaining.keySet().removeIf(p -> consumer.position(p) >= remaining.get(p));
        }
    }
}
