package dev.routeplane.executors;

import dev.routeplane.cascade.CascadeSignal;
import dev.routeplane.cascade.Signals;
import dev.routeplane.contract.SuccessModelSnapshot;
import dev.routeplane.executors.internal.TailThreads;
import dev.routeplane.learning.AnswerScoreSignal;
import dev.routeplane.learning.AnswerScorer;
import dev.routeplane.learning.AnswerScoring;
import dev.routeplane.schemas.RecordDecoder;
import dev.routeplane.schemas.RouteplaneSerdes;
import dev.routeplane.schemas.Topics;
import dev.routeplane.schemas.UndecodableRecordException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the executors' answer scorers current, for the {@link CascadeSignal#ANSWER_SCORE} signal: tails the compacted
 * {@code rp.success-models.v1} from its start and loads every answer scorer the learner publishes there (route
 * {@code answer:<model>}, the answer featurizer of {@link AnswerScoring}), so every executor judges with the same
 * snapshot the routers plan with. Other snapshots on the topic (the routers' success models) are skipped. Until a
 * model's scorer has arrived, a cascade of that model is judged by agreement ({@link AnswerScoreSignal}).
 *
 * <p>One daemon thread; {@link #signals()} may be used by any number of executor threads.
 */
public final class AnswerScoreFeed implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AnswerScoreFeed.class);

    private final AnswerScorer scorer;
    private final Signals signals;
    private final KafkaConsumer<String, byte[]> consumer;
    private final RecordDecoder<SuccessModelSnapshot> decoder;
    private final String topic;
    private final AtomicLong loaded = new AtomicLong();
    private final Thread tail;
    private volatile boolean running = true;

    private AnswerScoreFeed(Map<String, Object> kafka, String registryUrl, Topics topics, AnswerScoring scoring) {
        this.scorer = new AnswerScorer(scoring);
        this.signals = Signals.builtIn().with(CascadeSignal.ANSWER_SCORE, new AnswerScoreSignal(scorer));
        this.topic = topics.successModels().name();
        this.decoder = new RouteplaneSerdes(Map.of("schema.registry.url", registryUrl)).decoder(topics.successModels());
        Map<String, Object> props = new HashMap<>(kafka);
        props.put("enable.auto.commit", false);
        props.put("auto.offset.reset", "earliest");
        props.put("allow.auto.create.topics", false);
        props.remove("group.id");
        this.consumer = new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer());
        List<TopicPartition> partitions = new ArrayList<>();
        consumer.partitionsFor(topic, Duration.ofSeconds(30))
                .forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
        if (partitions.isEmpty()) {
            consumer.close();
            throw new IllegalStateException("topic " + topic + " has no partitions; create the topics first");
        }
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        this.tail = new Thread(this::run, "answer-scores-" + topic);
        tail.setDaemon(true);
        tail.start();
    }

    /**
     * Starts tailing the scorers' snapshots.
     *
     * @param kafka       client properties of the cluster (bootstrap servers and security settings)
     * @param registryUrl the schema registry the snapshots are written with
     * @param topics      topic names
     * @param scoring     the answer scoring settings the learner trains with
     */
    public static AnswerScoreFeed start(
            Map<String, Object> kafka, String registryUrl, Topics topics, AnswerScoring scoring) {
        return new AnswerScoreFeed(kafka, registryUrl, topics, scoring);
    }

    /** The built-in signals with {@code ANSWER_SCORE} judged by this feed's scorers; for {@link WorkerSettings}. */
    public Signals signals() {
        return signals;
    }

    /** The scorers as loaded so far. */
    public AnswerScorer scorer() {
        return scorer;
    }

    /** Scorer snapshots loaded so far (each publication of a model counts). */
    public long loaded() {
        return loaded.get();
    }

    private void run() {
        try {
            while (running) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                    if (r.value() != null && AnswerScorer.modelOf(r.key()).isPresent()) {
                        load(r);
                    }
                }
            }
        } catch (WakeupException e) {
            if (running) {
                throw e;
            }
        } catch (RuntimeException e) {
            LOG.error("Answer scorer feed stopped; cascades keep the scorers loaded so far", e);
        } finally {
            consumer.close(Duration.ofSeconds(5));
        }
    }

    private void load(ConsumerRecord<String, byte[]> r) {
        try {
            SuccessModelSnapshot snapshot = decoder.decode(topic, r.partition(), r.offset(), r.value());
            byte[] state = new byte[snapshot.getState().remaining()];
            snapshot.getState().duplicate().get(state);
            Optional<String> model = scorer.load(snapshot.getFeaturizer(), state);
            if (model.isPresent()) {
                loaded.incrementAndGet();
            } else {
                LOG.debug("Skipping answer scorer {} of featurizer {}", r.key(), snapshot.getFeaturizer());
            }
        } catch (UndecodableRecordException | IllegalArgumentException e) {
            LOG.warn(
                    "Ignoring unreadable answer scorer {} at {}-{}@{}: {}",
                    r.key(),
                    topic,
                    r.partition(),
                    r.offset(),
                    e.getMessage());
        }
    }

    @Override
    public void close() {
        running = false;
        TailThreads.stop(consumer, tail, Duration.ofSeconds(10));
    }
}
