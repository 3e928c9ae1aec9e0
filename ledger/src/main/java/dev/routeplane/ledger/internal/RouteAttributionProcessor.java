package dev.routeplane.ledger.internal;

import dev.routeplane.contract.AttemptRecord;
import dev.routeplane.contract.CostEvent;
import dev.routeplane.contract.ExecutionResult;
import dev.routeplane.contract.Feedback;
import dev.routeplane.schemas.Topics;
import dev.routeplane.schemas.streams.GenerationKeys;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;
import java.util.Set;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.ProcessorSupplier;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns tenant-keyed cost events, results and feedback into route-keyed {@link StatsDelta}s.
 *
 * <p>Cost events give calls, outcomes, cost and latency directly, and the request's lane. Feedback names
 * only a request, so it is attributed to the route that produced the request's output: the result's
 * provider and model in the lane of its cost events. All three inputs are keyed by tenantId and
 * co-partitioned, so one store {@code requestId → RequestRoute} on the tenant's partition sees all of a
 * request's records without a repartition. Feedback arriving before the route is known waits in that
 * store and is applied when it becomes known; entries expire {@code retention} after their last change
 * (wall-clock), which is how late feedback may be and still count. Keys lead with the generation of the last change
 * ({@link GenerationKeys}), so expired entries are forgotten by key range without reading the live ones; a change
 * moves its entry to the current generation.
 *
 * <p>A fallback is counted for an attempt that failed and was followed by an attempt on another route;
 * a retry on the same route is not a fallback.
 */
public final class RouteAttributionProcessor implements Processor<String, RouteSignal, String, StatsDelta> {
    private static final Logger LOG = LoggerFactory.getLogger(RouteAttributionProcessor.class);
    private static final String SUCCEEDED = "SUCCEEDED";

    private final String storeName;
    private final Repricer repricer;
    private final Clock clock;
    private final Duration retention;
    private final Duration cleanupInterval;
    private ProcessorContext<String, StatsDelta> context;
    private KeyValueStore<Bytes, RequestRoute> requests;
    private GenerationKeys keys;

    private RouteAttributionProcessor(
            String storeName, Repricer repricer, Clock clock, Duration retention, Duration cleanupInterval) {
        this.storeName = storeName;
        this.repricer = repricer;
        this.clock = clock;
        this.retention = retention;
        this.cleanupInterval = cleanupInterval;
    }

    public static ProcessorSupplier<String, RouteSignal, String, StatsDelta> supplier(
            String storeName, Repricer repricer, Clock clock, Duration retention, Duration cleanupInterval) {
        return new ProcessorSupplier<>() {
            @Override
            public Processor<String, RouteSignal, String, StatsDelta> get() {
                return new RouteAttributionProcessor(storeName, repricer, clock, retention, cleanupInterval);
            }

            @Override
            public Set<StoreBuilder<?>> stores() {
                return Set.of(CachedStores.keyValue(storeName, Serdes.Bytes(), StateSerde.REQUEST_ROUTE));
            }
        };
    }

    @Override
    public void init(ProcessorContext<String, StatsDelta> context) {
        this.context = context;
        this.requests = context.getStateStore(storeName);
        this.keys = new GenerationKeys(retention);
        context.schedule(cleanupInterval, PunctuationType.WALL_CLOCK_TIME, now -> keys.purge(requests, clock.millis()));
    }

    @Override
    public void process(Record<String, RouteSignal> record) {
        RouteSignal signal = record.value();
        if (signal.cost() != null) {
            onCost(signal.cost(), record.timestamp());
        } else if (signal.result() != null) {
            onResult(signal.result(), record.timestamp());
        } else if (signal.feedback() != null) {
            onFeedback(signal.feedback(), record.timestamp());
        }
    }

    private void onCost(CostEvent cost, long timestamp) {
        boolean success = SUCCEEDED.equals(cost.getOutcome());
        forward(
                StatsDelta.call(
                        cost.getLane(),
                        cost.getProvider(),
                        cost.getModel(),
                        success,
                        repricer.price(cost).billedMicros(),
                        cost.getLatencyMs()),
                timestamp);
        Stored stored = load(cost.getRequestId());
        RequestRoute state = stored.state();
        if (state.lane == null) {
            state.lane = cost.getLane();
            applyResultIfReady(state, timestamp);
        }
        save(stored);
    }

    private void onResult(ExecutionResult result, long timestamp) {
        Stored stored = load(result.getRequestId());
        RequestRoute state = stored.state();
        if (state.resultSeen) {
            return; // a re-sent result; its fallbacks were already counted
        }
        state.resultSeen = true;
        state.provider = result.getProvider();
        state.model = result.getModel();
        for (AttemptRecord attempt : result.getAttempts()) {
            state.attempts.add(
                    new RequestRoute.Attempt(attempt.getProvider(), attempt.getModel(), attempt.getOutcome()));
        }
        applyResultIfReady(state, timestamp);
        save(stored);
    }

    private void onFeedback(Feedback feedback, long timestamp) {
        OptionalDouble quality = FeedbackValues.quality(feedback);
        if (quality.isEmpty()) {
            LOG.warn(
                    "Ignoring feedback {} for request {}: kind {} without a valid value",
                    feedback.getFeedbackId(),
                    feedback.getRequestId(),
                    feedback.getKind());
            return;
        }
        Stored stored = load(feedback.getRequestId());
        RequestRoute state = stored.state();
        if (state.seenFeedback(feedback.getFeedbackId())) {
            return;
        }
        if (state.routeKnown()) {
            forward(StatsDelta.feedback(state.lane, state.provider, state.model, quality.getAsDouble()), timestamp);
            state.appliedFeedbackIds.add(feedback.getFeedbackId());
        } else {
            state.pendingFeedback.add(
                    new RequestRoute.PendingFeedback(feedback.getFeedbackId(), quality.getAsDouble()));
        }
        save(stored);
    }

    /** Once both the lane and the result are known: count fallbacks and release waiting feedback. */
    private void applyResultIfReady(RequestRoute state, long timestamp) {
        if (!state.resultSeen || state.resultApplied || state.lane == null) {
            return;
        }
        state.resultApplied = true;
        List<RequestRoute.Attempt> attempts = state.attempts;
        for (int i = 0; i + 1 < attempts.size(); i++) {
            RequestRoute.Attempt failed = attempts.get(i);
            RequestRoute.Attempt next = attempts.get(i + 1);
            boolean otherRoute = !failed.provider().equals(next.provider())
                    || !failed.model().equals(next.model());
            if (!SUCCEEDED.equals(failed.outcome()) && otherRoute) {
                forward(StatsDelta.fallback(state.lane, failed.provider(), failed.model()), timestamp);
            }
        }
        state.attempts = new ArrayList<>();
        if (state.routeKnown()) {
            for (RequestRoute.PendingFeedback pending : state.pendingFeedback) {
                forward(StatsDelta.feedback(state.lane, state.provider, state.model, pending.quality()), timestamp);
                state.appliedFeedbackIds.add(pending.feedbackId());
            }
            state.pendingFeedback = new ArrayList<>();
        }
    }

    private void forward(StatsDelta delta, long timestamp) {
        String key;
        try {
            key = Topics.routeStatsKey(delta.lane(), delta.provider(), delta.model());
        } catch (IllegalArgumentException unusableRoute) {
            LOG.warn("Not counting route statistics: {}", unusableRoute.getMessage());
            return;
        }
        context.forward(new Record<>(key, delta, timestamp));
    }

    /** A request's state and the key it was found under (null: new). */
    private record Stored(byte[] id, Bytes key, RequestRoute state) {}

    /** The request's state if it changed within the retention, else a new one. */
    private Stored load(String requestId) {
        byte[] id = requestId.getBytes(StandardCharsets.UTF_8);
        long now = clock.millis();
        KeyValue<Bytes, RequestRoute> found = keys.find(requests, id, now);
        if (found == null) {
            return new Stored(id, null, new RequestRoute());
        }
        return new Stored(id, found.key, keys.live(found.value.touchedAt, now) ? found.value : new RequestRoute());
    }

    /** Keeps the state under the current generation, moving it there from an older one. */
    private void save(Stored stored) {
        long now = clock.millis();
        Bytes key = keys.keyAt(now, stored.id());
        if (stored.key() != null && !stored.key().equals(key)) {
            requests.delete(stored.key());
        }
        stored.state().touchedAt = now;
        requests.put(key, stored.state());
    }
}
