package dev.routeplane.router;

import dev.routeplane.classifier.Classifier;
import dev.routeplane.config.RouteplaneConfig;
import dev.routeplane.schemas.RouteplaneSerdes;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
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

  private RouterService(Topology topology, KafkaStreams streams) {
    this.topology = topology;
    this.streams = streams;
  }

  /**
   * Builds and starts the router and waits until it is RUNNING.
   *
   * @param routerVersion written into decisions
   * @param seed          exploration seed
   * @throws TimeoutException if it is not RUNNING within {@code startTimeout} (it is closed again)
   */
  public static RouterService start(RouteplaneConfig config, Classifier classifier, RouterStreamsConfig streamsConfig,
      Clock clock, String routerVersion, long seed, Duration startTimeout) throws TimeoutException {
    RouteplaneSerdes serdes = new RouteplaneSerdes(streamsConfig.serdeConfig());
    RouterTopologyConfig cfg = RouterTopologyConfig.of(config, streamsConfig.topics(), serdes, classifier, clock,
        routerVersion, seed);
    return start(cfg, streamsConfig, startTimeout);
  }

  /** As above with a prepared topology configuration (e.g. a custom selector). */
  public static RouterService start(RouterTopologyConfig cfg, RouterStreamsConfig streamsConfig, Duration startTimeout)
      throws TimeoutException {
    Objects.requireNonNull(streamsConfig, "streamsConfig");
    Topology topology = RouterTopology.build(cfg);
    KafkaStreams streams = new KafkaStreams(topology, streamsConfig.toProperties());
    streams.setUncaughtExceptionHandler(e -> {
      LOG.error("Router stream thread failed ({}); replacing it", e.getClass().getName());
      return StreamThreadExceptionResponse.REPLACE_THREAD;
    });
    RouterService service = new RouterService(topology, streams);
    streams.start();
    long deadline = System.nanoTime() + startTimeout.toNanos();
    while (streams.state() != KafkaStreams.State.RUNNING) {
      if (System.nanoTime() > deadline || streams.state() == KafkaStreams.State.ERROR
          || streams.state() == KafkaStreams.State.NOT_RUNNING) {
        KafkaStreams.State state = streams.state();
        service.close();
        throw new TimeoutException("router did not reach RUNNING within " + startTimeout + " (state " + state + ")");
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

  public KafkaStreams.State state() {
    return streams.state();
  }

  /** The running topology, e.g. for a description endpoint. */
  public Topology topology() {
    return topology;
  }

  @Override
  public void close() {
    streams.close(Duration.ofSeconds(30));
  }
}
