package dev.routeplane.router;

import dev.routeplane.schemas.RegistrySerdeConfig;
import dev.routeplane.schemas.Topics;
import dev.routeplane.schemas.streams.StreamsFailureHandlers;
import dev.routeplane.schemas.streams.StreamsShutdown;
import dev.routeplane.schemas.streams.TaskIdling;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs {@link LearnerTopology} under exactly-once as its own Kafka Streams application ({@code routeplane-learner}),
 * so training never competes with routing for a stream thread; or, for routers without learned routing, only its
 * online guard ({@code routeplane-alias-guard}). Topics must exist.
 *
 * <p>Threading: {@link #start} and {@link #close} from one thread.
 */
public final class LearnerService implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LearnerService.class);
    /** The default application id. */
    public static final String DEFAULT_APPLICATION_ID = "routeplane-learner";
    /** The application id of the guard alone (routers without learned routing). */
    public static final String GUARD_APPLICATION_ID = "routeplane-alias-guard";

    private final KafkaStreams streams;
    private KafkaStreamsMetrics streamsMetrics;

    private LearnerService(KafkaStreams streams) {
        this.streams = streams;
    }

    /** Exports this application's Kafka Streams metrics ({@code kafka_stream_*}, its clients') to {@code registry}. */
    public synchronized void bindMetrics(MeterRegistry registry) {
        if (streamsMetrics == null) {
            streamsMetrics = new KafkaStreamsMetrics(streams);
        }
        streamsMetrics.bindTo(registry);
    }

    /**
     * Builds and starts the learner and waits until it is RUNNING.
     *
     * @param overrides applied last to the Streams properties
     * @throws TimeoutException if it is not RUNNING within {@code startTimeout} (it is closed again)
     */
    public static LearnerService start(
            LearnerTopologyConfig cfg,
            String bootstrapServers,
            String registryUrl,
            Path stateDir,
            Map<String, Object> overrides,
            Duration startTimeout)
            throws TimeoutException {
        return start(
                LearnerTopology.build(cfg),
                DEFAULT_APPLICATION_ID,
                "learner",
                bootstrapServers,
                registryUrl,
                stateDir,
                overrides,
                startTimeout);
    }

    /**
     * Builds and starts only the online guard ({@link LearnerTopology#guardOnly}) as application
     * {@value #GUARD_APPLICATION_ID}, for routers without learned routing, and waits until it is RUNNING.
     *
     * @throws TimeoutException if it is not RUNNING within {@code startTimeout} (it is closed again)
     */
    public static LearnerService startGuardOnly(
            LearnerTopologyConfig cfg,
            String bootstrapServers,
            String registryUrl,
            Path stateDir,
            Map<String, Object> overrides,
            Duration startTimeout)
            throws TimeoutException {
        return start(
                LearnerTopology.guardOnly(cfg),
                GUARD_APPLICATION_ID,
                "alias guard",
                bootstrapServers,
                registryUrl,
                stateDir,
                overrides,
                startTimeout);
    }

    private static LearnerService start(
            Topology topology,
            String applicationId,
            String what,
            String bootstrapServers,
            String registryUrl,
            Path stateDir,
            Map<String, Object> overrides,
            Duration startTimeout)
            throws TimeoutException {
        Properties p = new Properties();
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
        p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        p.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 200);
        TaskIdling.off(p);
        p.put(RegistrySerdeConfig.SCHEMA_REGISTRY_URL, registryUrl);
        // A bad input record is logged and skipped (the router dead-letters bad requests; the learner's other inputs
        // are Routeplane's own outputs); an outage fails the task and the thread is replaced, so learning resumes.
        StreamsFailureHandlers.configure(p, Topics.defaults(), List.of());
        p.putAll(overrides);
        KafkaStreams streams = new KafkaStreams(topology, p);
        StreamsFailureHandlers.replaceThread(streams, what);
        LearnerService service = new LearnerService(streams);
        streams.start();
        long deadline = System.nanoTime() + startTimeout.toNanos();
        while (streams.state() != KafkaStreams.State.RUNNING) {
            KafkaStreams.State state = streams.state();
            if (System.nanoTime() > deadline
                    || state == KafkaStreams.State.ERROR
                    || state == KafkaStreams.State.NOT_RUNNING) {
                service.close();
                throw new TimeoutException(
                        what + " did not reach RUNNING within " + startTimeout + " (state " + state + ")");
            }
            try {
                Thread.sleep(20); // KafkaStreams offers no blocking wait for a state
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                service.close();
                throw new TimeoutException("interrupted while waiting for the " + what + " to start");
            }
        }
        LOG.info("{} running", what);
        return service;
    }

    public KafkaStreams.State state() {
        return streams.state();
    }

    @Override
    public synchronized void close() {
        StreamsShutdown.close(streams, Duration.ofSeconds(30));
        if (streamsMetrics != null) {
            streamsMetrics.close();
        }
    }
}
