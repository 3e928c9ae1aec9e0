package dev.routeplane.router;

import dev.routeplane.classifier.Classifier;
import dev.routeplane.config.RouteplaneConfig;
import dev.routeplane.schemas.RouteplaneSerdes;
import dev.routeplane.schemas.streams.StreamsFailureHandlers;
import dev.routeplane.schemas.streams.StreamsShutdown;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the router topology: builds it with {@link RouterTopology#build}, starts Kafka Streams with
 * {@link RouterStreamsConfig} and stops it on {@link #close()}. Topics must exist (see {@code TopicBootstrapper}).
 *
 * <p>A stream thread that dies (e.g. the registry was unreachable while serializing, which fails the
 * transaction on purpose) is replaced, so the router retries instead of going down.
 *
 * <p>Threading: {@link #start} and {@link #close} from one thread; {@link #state} from any.
 */
public final class RouterService implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RouterService.class);

    private final KafkaStreams streams;
    private final Topology topology;
    private final KafkaStreamsMetrics streamsMetrics;

    private RouterService(Topology topology, KafkaStreams streams, KafkaStreamsMetrics streamsMetrics) {
        this.topology = topology;
        this.streams = streams;
        this.streamsMetrics = streamsMetrics;
    }

    /**
     * Builds and starts the router and waits until it is RUNNING.
     *
     * @param routerVersion written into decisions
     * @param seed          exploration seed
     * @throws TimeoutException if it is not RUNNING within {@code startTimeout} (it is closed again)
     */
    public static RouterService start(
            RouteplaneConfig config,
            Classifier classifier,
            RouterStreamsConfig streamsConfig,
            Clock clock,
            String routerVersion,
            long seed,
            Duration startTimeout)
            throws TimeoutException {
        RouteplaneSerdes serdes = new RouteplaneSerdes(streamsConfig.serdeConfig());
        RouterTopologyConfig cfg =
                RouterTopologyConfig.of(config, streamsConfig.topics(), serdes, classifier, clock, routerVersion, seed);
        return start(cfg, streamsConfig, startTimeout);
    }

    /** As above with a prepared topology configuration (e.g. a custom selector), exporting no metrics. */
    public static RouterService start(
            RouterTopologyConfig cfg, RouterStreamsConfig streamsConfig, Duration startTimeout)
            throws TimeoutException {
        return start(cfg, streamsConfig, startTimeout, new CompositeMeterRegistry());
    }

    /**
     * As above, with the router's meters ({@link RouterMeters}) and Kafka Streams' own metrics (threads, tasks,
     * state stores, clients) registered in {@code registry}.
     */
    public static RouterService start(
            RouterTopologyConfig cfg, RouterStreamsConfig streamsConfig, Duration startTimeout, MeterRegistry registry)
            throws TimeoutException {
        Objects.requireNonNull(streamsConfig, "streamsConfig");
        Properties props = streamsConfig.toProperties();
        checkTaskFits(cfg.config().router().maxRequestBytes(), props);
        Topology topology = RouterTopology.build(cfg, RouterMeters.of(registry));
        KafkaStreams streams = new KafkaStreams(topology, props);
        KafkaStreamsMetrics streamsMetrics = new KafkaStreamsMetrics(streams);
        streamsMetrics.bindTo(registry);
        StreamsFailureHandlers.replaceThread(streams, "Router");
        RouterService service = new RouterService(topology, streams, streamsMetrics);
        streams.start();
        long deadline = System.nanoTime() + startTimeout.toNanos();
        while (streams.state() != KafkaStreams.State.RUNNING) {
            if (System.nanoTime() > deadline
                    || streams.state() == KafkaStreams.State.ERROR
                    || streams.state() == KafkaStreams.State.NOT_RUNNING) {
                KafkaStreams.State state = streams.state();
                service.close();
                throw new TimeoutException(
                        "router did not reach RUNNING within " + startTimeout + " (state " + state + ")");
            }
            try {
                Thread.sleep(20); // KafkaStreams offers no blocking wait for a state
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                service.close();
                throw new TimeoutException("interrupted while waiting for the router to start");
            }
        }
        LOG.info("Router running: {}", topology.describe().subtopologies().size() + " sub-topology(ies)");
        return service;
    }

    /**
     * Room the routed task needs beyond the request itself: the decision (its explanation and estimates are a few
     * KB) and record framing.
     */
    static final long TASK_HEADROOM_BYTES = 64 * 1024;

    /**
     * Refuses limits that disagree: under exactly-once a send refused as too large leaves the transactional producer in
     * an error state, so the task can only abort and replay the same request forever, stalling its partition. Every
     * request the validator admits ({@code router.maxRequestBytes}) must therefore fit in a task the producer sends.
     */
    static void checkTaskFits(long maxRequestBytes, Properties props) {
        Object configured = props.get(StreamsConfig.producerPrefix(ProducerConfig.MAX_REQUEST_SIZE_CONFIG));
        if (configured == null) {
            configured = props.get(ProducerConfig.MAX_REQUEST_SIZE_CONFIG);
        }
        long producerLimit = configured == null ? 1_048_576L : Long.parseLong(configured.toString());
        if (maxRequestBytes + TASK_HEADROOM_BYTES > producerLimit) {
            throw new IllegalArgumentException("the router's producer max.request.size " + producerLimit
                    + " leaves no room for a routed task of a request of router.maxRequestBytes " + maxRequestBytes
                    + " (the task adds up to " + TASK_HEADROOM_BYTES + " bytes): lower router.maxRequestBytes to at"
                    + " most " + (producerLimit - TASK_HEADROOM_BYTES) + " or raise producer.max.request.size");
        }
    }

    public KafkaStreams.State state() {
        return streams.state();
    }

    /** The running topology, e.g. for a description endpoint. */
    public Topology topology() {
        return topology;
    }

    @Override
    public void close() {
        StreamsShutdown.close(streams, Duration.ofSeconds(30));
        streamsMetrics.close();
    }
}
