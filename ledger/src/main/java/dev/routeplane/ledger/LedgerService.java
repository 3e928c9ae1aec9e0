package dev.routeplane.ledger;

import dev.routeplane.schemas.Topics;
import dev.routeplane.schemas.streams.StreamsFailureHandlers;
import dev.routeplane.schemas.streams.StreamsShutdown;
import dev.routeplane.schemas.streams.TaskIdling;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;

/**
 * Runs the {@link LedgerTopology} in one process: owns the {@link KafkaStreams} instance from
 * {@link #start} to {@link #close}.
 *
 * <p>Never stops silently: an undecodable or unprocessable input record becomes a dead letter on
 * {@code rp.requests.rejected.v1} and billing goes on; a transient failure (registry or broker unreachable) fails the
 * task and the stream thread is replaced, so the records are billed once the outage passes
 * ({@link StreamsFailureHandlers}).
 *
 * <p>Always runs with {@code processing.guarantee=exactly_once_v2}: the billing aggregates, the dedupe
 * store and the emitted tenant spend commit atomically with the consumed offsets, so a crash can neither
 * lose nor double-count a call. Defaults: {@code application.id=routeplane-ledger}. Callers supply at
 * least {@code bootstrap.servers}, usually {@code state.dir}, and {@code application.server}
 * ({@code host:port}) when several instances must route interactive queries to each other.
 *
 * <p>Not thread-safe for lifecycle calls; {@link #queries()} may be used from any thread once started.
 */
public final class LedgerService implements AutoCloseable {
    /** Application id used when none is configured. */
    public static final String DEFAULT_APPLICATION_ID = "routeplane-ledger";

    private final LedgerTopologyConfig cfg;
    private final KafkaStreams streams;
    private final CountDownLatch running = new CountDownLatch(1);
    private volatile KafkaStreams.State lastState = KafkaStreams.State.CREATED;
    private KafkaStreamsMetrics streamsMetrics;

    /**
     * @param cfg the topology configuration
     * @param streamsConfig Kafka Streams properties; {@code processing.guarantee} is overridden to
     *     {@code exactly_once_v2}
     */
    public LedgerService(LedgerTopologyConfig cfg, Map<String, ?> streamsConfig) {
        this.cfg = Objects.requireNonNull(cfg, "cfg");
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, DEFAULT_APPLICATION_ID);
        props.putAll(cfg.serdes().configs()); // the dead letters are written with the same registry settings
        Topics topics = cfg.topics();
        StreamsFailureHandlers.configure(
                props,
                topics,
                List.of(
                        topics.ledger().name(),
                        topics.callIntents().name(),
                        topics.results().name(),
                        topics.shadowResults().name(),
                        topics.feedback().name()));
        TaskIdling.off(props);
        props.putAll(streamsConfig);
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        this.streams = new KafkaStreams(LedgerTopology.build(cfg), props);
        StreamsFailureHandlers.replaceThread(streams, "Ledger");
        streams.setStateListener((now, before) -> {
            lastState = now;
            if (now == KafkaStreams.State.RUNNING) {
                running.countDown();
            }
        });
    }

    /** Convenience properties: bootstrap servers, state directory and, if non-null, {@code application.server}. */
    public static Map<String, Object> streamsConfig(
            String bootstrapServers, String stateDir, String applicationServer) {
        Map<String, Object> config = new HashMap<>();
        config.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(StreamsConfig.STATE_DIR_CONFIG, stateDir);
        if (applicationServer != null) {
            config.put(StreamsConfig.APPLICATION_SERVER_CONFIG, applicationServer);
        }
        return config;
    }

    /**
     * Starts processing and waits until the instance is RUNNING (partitions assigned, state restored).
     *
     * @throws IllegalStateException if it is not RUNNING within {@code timeout}, naming the state it is in
     */
    public void start(Duration timeout) throws InterruptedException {
        streams.start();
        Instant deadline = Instant.now().plus(timeout);
        if (!running.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new IllegalStateException("Ledger did not reach RUNNING by " + deadline + "; it is " + lastState
                    + ". Check that bootstrap.servers is reachable and the ledger's input topics exist.");
        }
    }

    /** Registers Kafka Streams' metrics of this instance (threads, tasks, stores, clients) in {@code registry}. */
    public synchronized void bindMetrics(MeterRegistry registry) {
        if (streamsMetrics == null) {
            streamsMetrics = new KafkaStreamsMetrics(streams);
        }
        streamsMetrics.bindTo(registry);
    }

    /** Interactive queries of this instance's stores. */
    public LedgerQueries queries() {
        return LedgerQueries.of(streams, cfg);
    }

    /** The current Kafka Streams state. */
    public KafkaStreams.State state() {
        return streams.state();
    }

    /** Closes, waiting up to 30 s for in-flight transactions to commit. */
    @Override
    public void close() {
        close(Duration.ofSeconds(30));
    }

    /** Closes, waiting up to {@code timeout}. */
    public void close(Duration timeout) {
        StreamsShutdown.close(streams, timeout);
        synchronized (this) {
            if (streamsMetrics != null) {
                streamsMetrics.close();
            }
        }
    }
}
