package dev.routeplane.router.internal;

import dev.routeplane.contract.ExecutionResult;
import dev.routeplane.contract.Feedback;
import dev.routeplane.contract.ResultStatus;
import dev.routeplane.contract.RoutingDecision;
import dev.routeplane.router.LearnerTopology;
import dev.routeplane.router.LearnerTopologyConfig;
import dev.routeplane.schemas.RecordDecoder;
import dev.routeplane.schemas.Topics;
import dev.routeplane.schemas.UndecodableRecordException;
import java.time.Clock;
import java.time.Duration;
import java.util.OptionalDouble;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The online guard's per-tenant join: remembers each decision routed through an alias and emits, keyed by alias,
 * {@link AliasOutcome}s: one per result (failed or not, for the error rate) and one per judged answer (its
 * feedback's quality), in whichever order result and feedback are read.
 */
public final class GuardJoinProcessor implements Processor<String, byte[], String, AliasOutcome> {
    private static final Logger LOG = LoggerFactory.getLogger(GuardJoinProcessor.class);
    private static final Duration PURGE_INTERVAL = Duration.ofSeconds(10);

    private final Topics topics;
    private final Clock clock;
    private final Duration retention;
    private final RecordDecoder<RoutingDecision> decisions;
    private final RecordDecoder<ExecutionResult> results;
    private final RecordDecoder<Feedback> feedback;
    private ProcessorContext<String, AliasOutcome> context;
    private ExpiringStore pending;

    public GuardJoinProcessor(LearnerTopologyConfig cfg) {
        this.topics = cfg.topics();
        this.clock = cfg.clock();
        this.retention = cfg.pendingRetention();
        this.decisions = cfg.serdes().decoder(topics.decisions());
        this.results = cfg.serdes().decoder(topics.results());
        this.feedback = cfg.serdes().decoder(topics.feedback());
    }

    /** A request routed through an alias; {@code answered} once its result succeeded, quality NaN until feedback. */
    private record Pending(String alias, String model, long decidedAt, boolean answered, double quality) {}

    @Override
    public void init(ProcessorContext<String, AliasOutcome> context) {
        this.context = context;
        this.pending = new ExpiringStore(context.getStateStore(LearnerTopology.GUARD_PENDING_STORE), retention);
        context.schedule(PURGE_INTERVAL, PunctuationType.WALL_CLOCK_TIME, now -> purge(clock.millis()));
    }

    @Override
    public void process(Record<String, byte[]> record) {
        if (record.value() == null) {
            return;
        }
        RecordMetadata md = context.recordMetadata().orElseThrow();
        String topic = md.topic();
        try {
            if (topic.equals(topics.decisions().name())) {
                onDecision(decisions.decode(topic, md.partition(), md.offset(), record.value()));
            } else if (topic.equals(topics.results().name())) {
                onResult(results.decode(topic, md.partition(), md.offset(), record.value()), record.timestamp());
            } else if (topic.equals(topics.feedback().name())) {
                onFeedback(feedback.decode(topic, md.partition(), md.offset(), record.value()), record.timestamp());
            }
        } catch (UndecodableRecordException e) {
            if (e.kind().retriable()) {
                throw e;
            }
            LOG.warn("Guard skips undecodable record at {}-{}@{}: {}", topic, md.partition(), md.offset(), e.kind());
        }
    }

    private void onDecision(RoutingDecision d) {
        if (d == null || d.getRoute().getAlias() == null) {
            return;
        }
        pending.put(
                JoinState.key(d.getTenantId(), d.getRequestId()),
                encode(new Pending(
                        d.getRoute().getAlias(),
                        d.getRoute().getModel(),
                        d.getDecidedAt().toEpochMilli(),
                        false,
                        Double.NaN)));
    }

    private void onResult(ExecutionResult r, long timestamp) {
        if (r == null) {
            return;
        }
        String key = JoinState.key(r.getTenantId(), r.getRequestId());
        ExpiringStore.Entry entry = pending.find(key, clock.millis());
        if (entry == null) {
            return;
        }
        Pending p = decode(entry.value());
        if (p.answered) {
            return; // a second result for the same request: counted once
        }
        boolean failed = r.getStatus() != ResultStatus.SUCCEEDED;
        forward(p, failed, Double.NaN, timestamp);
        if (failed) {
            pending.delete(entry);
        } else if (!Double.isNaN(p.quality)) {
            pending.delete(entry);
            forward(p, false, p.quality, timestamp);
        } else {
            pending.put(key, encode(new Pending(p.alias, p.model, p.decidedAt, true, Double.NaN)));
        }
    }

    private void onFeedback(Feedback f, long timestamp) {
        if (f == null) {
            return;
        }
        OptionalDouble q = LearnerJoinProcessor.quality(f);
        String key = JoinState.key(f.getTenantId(), f.getRequestId());
        ExpiringStore.Entry entry = q.isEmpty() ? null : pending.find(key, clock.millis());
        if (entry == null) {
            return;
        }
        Pending p = decode(entry.value());
        if (!Double.isNaN(p.quality)) {
            return; // one judgement per request
        }
        if (p.answered) {
            pending.delete(entry);
            forward(p, false, q.getAsDouble(), timestamp);
        } else {
            pending.put(key, encode(new Pending(p.alias, p.model, p.decidedAt, false, q.getAsDouble())));
        }
    }

    private void forward(Pending p, boolean failed, double quality, long timestamp) {
        context.forward(
                new Record<>(p.alias, new AliasOutcome(p.alias, p.model, p.decidedAt, failed, quality), timestamp));
    }

    private void purge(long now) {
        pending.purge(now);
    }

    /** Leads with the decision time: the time the entry expires after ({@link ExpiringStore}). */
    private static byte[] encode(Pending p) {
        return JoinState.write(64, out -> {
            out.writeLong(p.decidedAt);
            out.writeUTF(p.alias);
            out.writeUTF(p.model);
            out.writeBoolean(p.answered);
            out.writeDouble(p.quality);
        });
    }

    private static Pending decode(byte[] bytes) {
        return JoinState.read(bytes, in -> {
            long decidedAt = in.readLong();
            return new Pending(in.readUTF(), in.readUTF(), decidedAt, in.readBoolean(), in.readDouble());
        });
    }
}
