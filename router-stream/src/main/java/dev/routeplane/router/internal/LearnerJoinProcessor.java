package dev.routeplane.router.internal;

import dev.routeplane.cascade.CascadePlan;
import dev.routeplane.classifier.Classifier;
import dev.routeplane.classifier.Features;
import dev.routeplane.config.RouteplaneConfig;
import dev.routeplane.config.Tenant;
import dev.routeplane.contract.ExecutionResult;
import dev.routeplane.contract.Feedback;
import dev.routeplane.contract.ResultStatus;
import dev.routeplane.contract.RouteRequest;
import dev.routeplane.learning.AnswerFeaturizer;
import dev.routeplane.learning.PromptFeaturizer;
import dev.routeplane.learning.SparseVector;
import dev.routeplane.router.LearnerTopology;
import dev.routeplane.router.LearnerTopologyConfig;
import dev.routeplane.router.PromptText;
import dev.routeplane.schemas.RecordDecoder;
import dev.routeplane.schemas.Topics;
import dev.routeplane.schemas.UndecodableRecordException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.OptionalDouble;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The learner's per-tenant join: remembers each routed request's prompt vector, then which model answered it, and
 * turns the request's feedback into one {@link TrainingExample} keyed by that model, and one for that model's answer
 * scorer ({@link AnswerExamples}: the prompt, the answer and its agreement with other models' answers to the same
 * prompt); for a request that ran as a cascade, into one keyed by the cascade instead, plus, from its result alone,
 * one on whether it escalated. Requests whose result failed or whose feedback never comes are forgotten after the
 * retention. Inputs are raw bytes decoded here, so bad records are skipped with a log line (never their content)
 * instead of stopping the thread.
 */
public final class LearnerJoinProcessor implements Processor<String, byte[], String, TrainingExample> {
    private static final Logger LOG = LoggerFactory.getLogger(LearnerJoinProcessor.class);
    private static final Duration PURGE_INTERVAL = Duration.ofSeconds(10);
    private static final byte[] NO_ANSWER = new byte[0];

    private final RouteplaneConfig config;
    private final Topics topics;
    private final Classifier classifier;
    private final PromptFeaturizer featurizer;
    private final AnswerFeaturizer answerFeaturizer;
    private final Clock clock;
    private final Duration retention;
    private final RecordDecoder<RouteRequest> requests;
    private final RecordDecoder<ExecutionResult> results;
    private final RecordDecoder<Feedback> feedback;
    private ProcessorContext<String, TrainingExample> context;
    private ExpiringStore pending;
    private ExpiringStore vectors;
    private AnswerExamples answers;

    public LearnerJoinProcessor(LearnerTopologyConfig cfg) {
        this.config = cfg.config();
        this.topics = cfg.topics();
        this.classifier = cfg.classifier();
        this.featurizer = cfg.learned().featurizer();
        this.answerFeaturizer = cfg.learned().answers().featurizer();
        this.clock = cfg.clock();
        this.retention = cfg.pendingRetention();
        this.requests = cfg.serdes().decoder(topics.requests());
        this.results = cfg.serdes().decoder(topics.results());
        this.feedback = cfg.serdes().decoder(topics.feedback());
    }

    @Override
    public void init(ProcessorContext<String, TrainingExample> context) {
        this.context = context;
        this.pending = new ExpiringStore(context.getStateStore(LearnerTopology.PENDING_STORE), retention);
        this.vectors = new ExpiringStore(context.getStateStore(LearnerTopology.VECTORS_STORE), retention);
        this.answers = new AnswerExamples(
                answerFeaturizer,
                new ExpiringStore(context.getStateStore(LearnerTopology.ANSWER_PROMPTS_STORE), retention),
                new ExpiringStore(context.getStateStore(LearnerTopology.ANSWERS_STORE), retention));
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
            if (topic.equals(topics.requests().name())) {
                onRequest(requests.decode(topic, md.partition(), md.offset(), record.value()));
            } else if (topic.equals(topics.results().name())) {
                onResult(results.decode(topic, md.partition(), md.offset(), record.value()));
            } else if (topic.equals(topics.feedback().name())) {
                onFeedback(feedback.decode(topic, md.partition(), md.offset(), record.value()), record);
            }
        } catch (UndecodableRecordException e) {
            if (e.kind().retriable()) {
                throw e;
            }
            LOG.warn("Learner skips undecodable record at {}-{}@{}: {}", topic, md.partition(), md.offset(), e.kind());
        }
    }

    private void onRequest(RouteRequest request) {
        Tenant tenant = request == null ? null : config.tenants().get(request.getTenantId());
        if (tenant == null || request.getMessages().isEmpty()) {
            return; // the router rejects these; nothing will be answered
        }
        Features f = classifier.classify(RoutingEngine.toClassifierInput(request, tenant));
        String text = PromptText.of(request);
        SparseVector v = featurizer.featurize(text, f.categories());
        long now = clock.millis();
        byte[] encoded = encodeVector(now, v);
        String digest = digest(encoded, 16);
        vectors.put(digest, encoded);
        answers.onRequest(digest, text, now);
        pending.put(
                JoinState.key(request.getTenantId(), request.getRequestId()),
                encodePending(new Pending(now, digest, "", Double.NaN, "", NO_ANSWER)));
    }

    private void onResult(ExecutionResult result) {
        if (result == null) {
            return;
        }
        String key = JoinState.key(result.getTenantId(), result.getRequestId());
        long now = clock.millis();
        ExpiringStore.Entry entry = pending.find(key, now);
        if (entry == null) {
            return;
        }
        Pending p = decodePending(entry.value());
        if (result.getCascade() != null) {
            // Whether the cascade escalated is known from its result alone: learn it now, feedback or not.
            byte[] vector = vectors.get(p.digest, now);
            if (vector != null) {
                String escalation = CascadePlan.escalationKeyOf(result.getCascade());
                context.forward(new Record<>(
                        escalation,
                        new TrainingExample(escalation, result.getEscalated() ? 1 : 0, decodeVector(vector)),
                        result.getCompletedAt().toEpochMilli()));
            }
        }
        if (result.getStatus() != ResultStatus.SUCCEEDED || result.getModel() == null) {
            pending.delete(entry); // no answer to judge
            return;
        }
        String cascade = result.getCascade() == null ? "" : result.getCascade();
        String text = result.getOutput() == null ? null : result.getOutput().getText();
        byte[] answer = text == null ? NO_ANSWER : answers.onAnswer(p.digest, result.getModel(), text, now);
        Pending answered = new Pending(p.at, p.digest, result.getModel(), p.quality, cascade, answer);
        if (p.hasQuality()) {
            emit(entry, answered, result.getCompletedAt().toEpochMilli(), now);
        } else {
            pending.put(key, encodePending(answered)); // the same time, so the same key
        }
    }

    private void onFeedback(Feedback item, Record<String, byte[]> record) {
        if (item == null) {
            return;
        }
        OptionalDouble quality = quality(item);
        String key = JoinState.key(item.getTenantId(), item.getRequestId());
        long now = clock.millis();
        ExpiringStore.Entry entry = quality.isEmpty() ? null : pending.find(key, now);
        if (entry == null) {
            return;
        }
        Pending p = decodePending(entry.value());
        if (p.hasQuality()) {
            return; // one example per request: a second feedback item for the same answer would weigh it twice
        }
        Pending judged = new Pending(p.at, p.digest, p.model, quality.getAsDouble(), p.cascade, p.answer);
        if (p.model.isEmpty()) {
            // Feedback read before its result (different topics, no cross-topic order): wait for the result.
            pending.put(key, encodePending(judged));
        } else {
            emit(entry, judged, record.timestamp(), now);
        }
    }

    private void emit(ExpiringStore.Entry entry, Pending judged, long timestamp, long now) {
        pending.delete(entry);
        byte[] vector = vectors.get(judged.digest, now);
        if (vector == null) {
            return; // purged: the request waited longer than the retention
        }
        SparseVector x = decodeVector(vector);
        if (judged.cascade.isEmpty()) {
            context.forward(
                    new Record<>(judged.model, new TrainingExample(judged.model, judged.quality, x), timestamp));
            // A cascade's kept answer is not one: the scorer picked it, and learning from its own picks would flatter
            // it.
            answers.example(judged.digest, judged.model, judged.answer, judged.quality, now)
                    .ifPresent(e -> context.forward(new Record<>(e.route(), e, timestamp)));
        } else {
            // A cascade's answer teaches the cascade as a whole, not the model that gave it: a kept answer is one the
            // stages agreed on, so it would flatter that model.
            context.forward(
                    new Record<>(judged.cascade, new TrainingExample(judged.cascade, judged.quality, x), timestamp));
        }
    }

    /**
     * A rating r of 1–5 is (r−1)/4, an eval score is itself, pass is 1 and fail 0; malformed feedback has no value
     * (the ledger's quality statistics read feedback the same way).
     */
    static OptionalDouble quality(Feedback f) {
        return switch (f.getKind()) {
            case RATING ->
                f.getRating() != null && f.getRating() >= 1 && f.getRating() <= 5
                        ? OptionalDouble.of((f.getRating() - 1) / 4.0)
                        : OptionalDouble.empty();
            case EVAL_SCORE ->
                f.getScore() != null && f.getScore() >= 0 && f.getScore() <= 1
                        ? OptionalDouble.of(f.getScore())
                        : OptionalDouble.empty();
            case PASS_FAIL -> f.getPassed() == null ? OptionalDouble.empty() : OptionalDouble.of(f.getPassed() ? 1 : 0);
        };
    }

    private void purge(long now) {
        pending.purge(now);
        vectors.purge(now);
        answers.purge(now);
    }

    /** A routed request: when it was seen, its vector's digest, the model that answered ("" until known), its
     * feedback's quality (NaN until known), the cascade it ran as ("" for none) and its answer's side of the answer
     * scorer's features (empty until known, or when it had no text). */
    private record Pending(long at, String digest, String model, double quality, String cascade, byte[] answer) {
        boolean hasQuality() {
            return !Double.isNaN(quality);
        }
    }

    private static byte[] encodePending(Pending p) {
        return JoinState.write(64, out -> {
            out.writeLong(p.at);
            out.writeUTF(p.digest);
            out.writeUTF(p.model);
            out.writeDouble(p.quality);
            out.writeUTF(p.cascade);
            out.writeInt(p.answer.length);
            out.write(p.answer);
        });
    }

    private static Pending decodePending(byte[] bytes) {
        return JoinState.read(bytes, in -> {
            long at = in.readLong();
            String digest = in.readUTF();
            String model = in.readUTF();
            double quality = in.readDouble();
            // Entries written before cascades end here; those of the first cascade build carry a trailing flag, unused;
            // those written before answer scoring end after the cascade.
            String cascade = in.available() > 1 ? in.readUTF() : "";
            byte[] answer = NO_ANSWER;
            if (in.available() >= 4) {
                answer = new byte[in.readInt()];
                in.readFully(answer);
            }
            return new Pending(at, digest, model, quality, cascade, answer);
        });
    }

    private static byte[] encodeVector(long lastUsed, SparseVector v) {
        return JoinState.write(16 + v.size() * 6, out -> {
            out.writeLong(lastUsed);
            VectorCodec.write(out, v);
        });
    }

    private static SparseVector decodeVector(byte[] bytes) {
        return JoinState.read(bytes, in -> {
            in.readLong();
            return VectorCodec.read(in);
        });
    }

    /** Hex of the first {@code n} bytes of SHA-256 over the vector (its timestamp prefix left out). */
    private static String digest(byte[] encodedVector, int n) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(encodedVector, 8, encodedVector.length - 8);
            return HexFormat.of().formatHex(sha.digest(), 0, n);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JVM", e);
        }
    }
}
