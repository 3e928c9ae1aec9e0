package dev.routeplane.cli.chaos;

import dev.routeplane.cli.chaos.ChaosLoad.Submitted;
import dev.routeplane.contract.CostEvent;
import dev.routeplane.contract.ExecutionResult;
import dev.routeplane.contract.RejectedRequest;
import dev.routeplane.contract.RouteRequest;
import dev.routeplane.contract.RoutingDecision;
import dev.routeplane.schemas.ReasonCodes;
import dev.routeplane.schemas.RouteplaneSerdes;
import dev.routeplane.schemas.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * The pipeline's outcomes as its topics hold them: every request record (by partition and offset, and by id), every
 * terminal result, every rejection, every routing decision and every cost event. A request with an id ends in its
 * terminal result (a refused one too, next to its rejection record); input that never decoded ends in a rejection
 * naming its coordinates. A {@code DUPLICATE_REQUEST} rejection refuses a second submission of an id, not the request,
 * and is not an outcome. Not thread-safe.
 */
final class Outcomes implements AutoCloseable {
    /** What the checks need of a request; the prompt is not kept. */
    record RequestFacts(String tenantId, String requestId, List<String> tags) {}

    private record Rejection(String key, String coordinates) {}

    /** Counted outcomes of the submitted records. */
    record Counts(long requests, long terminal, long duplicates, List<String> lost, List<String> doubled) {}

    private final String requestsTopic;
    private final Map<String, RequestFacts> requestsById = new HashMap<>();
    private final Map<String, String> keyByCoordinates = new HashMap<>();
    private final Map<String, Integer> results = new HashMap<>();
    private final List<Rejection> rejections = new ArrayList<>();
    private final Map<String, String> dataClassById = new HashMap<>();
    private final Map<String, Long> costByEventId = new HashMap<>();
    private final Map<String, List<String>> outcomesByKey = new HashMap<>();
    private final List<TopicTail> tails = new ArrayList<>();
    private final TopicTail decisions;
    private final TopicTail ledger;

    Outcomes(String bootstrap, String registryUrl, Topics topics) {
        RouteplaneSerdes serdes = new RouteplaneSerdes(Map.of("schema.registry.url", registryUrl));
        this.requestsTopic = topics.requests().name();
        Deserializer<RouteRequest> requests =
                serdes.valueSerde(topics.requests()).deserializer();
        Deserializer<ExecutionResult> resultValues =
                serdes.valueSerde(topics.results()).deserializer();
        Deserializer<RejectedRequest> rejected =
                serdes.valueSerde(topics.requestsRejected()).deserializer();
        Deserializer<RoutingDecision> decided =
                serdes.valueSerde(topics.decisions()).deserializer();
        Deserializer<CostEvent> costs = serdes.valueSerde(topics.ledger()).deserializer();
        tails.add(new TopicTail(bootstrap, requestsTopic, r -> request(r, requests)));
        tails.add(new TopicTail(bootstrap, topics.results().name(), r -> {
            ExecutionResult result = resultValues.deserialize(r.topic(), r.value());
            String key = ChaosLoad.key(result.getTenantId(), result.getRequestId());
            results.merge(key, 1, Integer::sum);
            outcomesByKey
                    .computeIfAbsent(key, k -> new ArrayList<>())
                    .add("result " + result.getStatus() + " "
                            + (result.getReason() == null ? "" : result.getReason()) + " at " + r.partition() + "@"
                            + r.offset());
        }));
        tails.add(new TopicTail(bootstrap, topics.requestsRejected().name(), r -> rejection(r, rejected)));
        decisions = new TopicTail(bootstrap, topics.decisions().name(), r -> {
            RoutingDecision d = decided.deserialize(r.topic(), r.value());
            dataClassById.put(d.getRequestId(), d.getPolicy().getDataClass());
        });
        ledger = new TopicTail(bootstrap, topics.ledger().name(), r -> {
            CostEvent e = costs.deserialize(r.topic(), r.value());
            costByEventId.put(e.getEventId(), e.getCostMicros());
        });
    }

    /** Reads what the topics gained since the last call. */
    void refresh() {
        for (TopicTail tail : tails) {
            tail.catchUp(Duration.ofSeconds(60));
        }
    }

    /** Reads the routing decisions and cost events too (at the end). */
    void refreshDecisionsAndCosts() {
        decisions.catchUp(Duration.ofSeconds(60));
        ledger.catchUp(Duration.ofSeconds(60));
    }

    /** Cost events on the ledger topic, by event id ({@code provider/callId}), deduplicated. */
    Map<String, Long> costEvents() {
        return costByEventId;
    }

    /** What the topics say happened to a request, for explaining a count. */
    List<String> outcomesOf(String key) {
        return outcomesByKey.getOrDefault(key, List.of());
    }

    /** A submitted request by its id, as read back from the requests topic. */
    RequestFacts request(String requestId) {
        return requestsById.get(requestId);
    }

    /** The data class the router decided a request has, or null when it was never routed. */
    String decidedDataClass(String requestId) {
        return dataClassById.get(requestId);
    }

    boolean routed(String requestId) {
        return dataClassById.containsKey(requestId);
    }

    Counts count(Map<String, Submitted> submitted, Map<String, Submitted> malformed) {
        Map<String, Integer> refusals = new HashMap<>();
        for (Rejection r : rejections) {
            String key = r.key() != null ? r.key() : keyByCoordinates.getOrDefault(r.coordinates(), r.coordinates());
            refusals.merge(key, 1, Integer::sum);
        }
        long done = 0;
        long doubled = 0;
        List<String> lost = new ArrayList<>();
        List<String> twice = new ArrayList<>();
        Map<String, Submitted> all = new HashMap<>(submitted);
        all.putAll(malformed);
        for (Map.Entry<String, Submitted> e : all.entrySet()) {
            // A request with an id ends in its result (a refused one too: REJECTED or BUDGET_EXCEEDED); bytes that
            // never decoded can only end in a rejection. Refusing a request twice is a duplicate as well.
            boolean hasId = !malformed.containsKey(e.getKey());
            int outcomes = hasId ? results.getOrDefault(e.getKey(), 0) : refusals.getOrDefault(e.getKey(), 0);
            if (outcomes > 0) {
                done++;
            } else {
                lost.add(e.getKey() + " (" + e.getValue().via() + ")");
            }
            if (outcomes > 1 || refusals.getOrDefault(e.getKey(), 0) > 1) {
                doubled++;
                twice.add(e.getKey());
            }
        }
        return new Counts(all.size(), done, doubled, lost, twice);
    }

    @Override
    public void close() {
        tails.forEach(TopicTail::close);
        decisions.close();
        ledger.close();
    }

    private void request(ConsumerRecord<String, byte[]> r, Deserializer<RouteRequest> requests) {
        RouteRequest request;
        try {
            request = requests.deserialize(r.topic(), r.value());
        } catch (SerializationException e) {
            return; // malformed on purpose: known to the load by its coordinates
        }
        if (request == null) {
            return;
        }
        String key = ChaosLoad.key(request.getTenantId(), request.getRequestId());
        keyByCoordinates.put(coordinates(r.partition(), r.offset()), key);
        requestsById.putIfAbsent(
                request.getRequestId(),
                new RequestFacts(
                        request.getTenantId(),
                        request.getRequestId(),
                        List.copyOf(request.getHints().getTags())));
    }

    private void rejection(ConsumerRecord<String, byte[]> r, Deserializer<RejectedRequest> rejected) {
        RejectedRequest rejection = rejected.deserialize(r.topic(), r.value());
        if (ReasonCodes.DUPLICATE_REQUEST.equals(rejection.getReasonCode())) {
            return;
        }
        String key = rejection.getRequestId() != null && rejection.getTenantId() != null
                ? ChaosLoad.key(rejection.getTenantId(), rejection.getRequestId())
                : null;
        String at = requestsTopic.equals(rejection.getSourceTopic())
                ? coordinates(rejection.getSourcePartition(), rejection.getSourceOffset())
                : "elsewhere:" + rejection.getSourceTopic() + "-" + rejection.getSourcePartition() + "@"
                        + rejection.getSourceOffset();
        rejections.add(new Rejection(key, at));
        outcomesByKey
                .computeIfAbsent(key != null ? key : at, k -> new ArrayList<>())
                .add("rejection " + rejection.getReasonCode() + " of " + rejection.getSourceTopic() + " " + at + " at "
                        + r.partition() + "@" + r.offset());
    }

    static String coordinates(int partition, long offset) {
        return partition + "@" + offset;
    }
}
