package dev.routeplane.bench.router;

import dev.routeplane.classifier.Classifier;
import dev.routeplane.classifier.ClassifierConfig;
import dev.routeplane.classifier.RuleBasedClassifier;
import dev.routeplane.config.RouteplaneConfig;
import dev.routeplane.contract.RejectedRequest;
import dev.routeplane.contract.RouteRequest;
import dev.routeplane.platform.EmbeddedPlatform;
import dev.routeplane.platform.PlatformOptions;
import dev.routeplane.router.RouterService;
import dev.routeplane.router.RouterStreamsConfig;
import dev.routeplane.router.RouterTopologyConfig;
import dev.routeplane.schemas.CleanupPolicy;
import dev.routeplane.schemas.RegistrySerdeConfig;
import dev.routeplane.schemas.RouteplaneSerdes;
import dev.routeplane.schemas.TopicBootstrapper;
import dev.routeplane.schemas.TopicSpec;
import dev.routeplane.schemas.Topics;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;

/**
 * Router throughput against an identity topology, in one process on the embedded broker and registry.
 *
 * <p>Both topologies read the same pre-produced, registry-serialized requests with the same Kafka Streams
 * settings ({@link RouterStreamsConfig#toProperties()}: exactly_once_v2, one stream thread, the router's commit,
 * cache, producer and consumer settings); the identity topology decodes each {@code RouteRequest} and encodes
 * it back to an output topic, the router runs its production {@code RouterTopology} under
 * {@link RouterService}. A run is timed from its first processed record to the moment all input offsets are
 * committed, which under exactly-once is when the last output becomes visible to read_committed consumers.
 * Afterwards the outputs are counted with a read_committed consumer: exactly one per input.
 *
 * <p>Each measured round produces the same bytes into fresh topics, so every run starts from empty state and
 * empty output topics. The last line printed is {@link BenchResult#summaryLine()}.
 */
public final class RouterBenchmark {
  private static final String ROUTER_VERSION = "bench";
  private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
  private static final List<String> SHOWN_SETTINGS = List.of(
      StreamsConfig.PROCESSING_GUARANTEE_CONFIG,
      StreamsConfig.NUM_STREAM_THREADS_CONFIG,
      StreamsConfig.COMMIT_INTERVAL_MS_CONFIG,
      StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG,
      StreamsConfig.producerPrefix(ProducerConfig.LINGER_MS_CONFIG),
      StreamsConfig.producerPrefix(ProducerConfig.BATCH_SIZE_CONFIG),
      StreamsConfig.producerPrefix(ProducerConfig.COMPRESSION_TYPE_CONFIG),
      StreamsConfig.consumerPrefix("max.poll.records"),
      StreamsConfig.consumerPrefix("fetch.min.bytes"),
      StreamsConfig.consumerPrefix("fetch.max.wait.ms"));

  private final RouterBenchOptions options;
  private final PrintStream out;
  private final EmbeddedPlatform platform;
  private final Path stateRoot;
  private final Admin admin;
  private final RouteplaneSerdes serdes;
  private final RouteplaneConfig config = RouteplaneConfig.defaults();
  private final Classifier classifier = new RuleBasedClassifier(ClassifierConfig.ofDefaults());
  private final CommitProbe probe;
  private final OutputCounter counter;

  private RouterBenchmark(RouterBenchOptions options, PrintStream out, EmbeddedPlatform platform, Path stateRoot) {
    this.options = options;
    this.out = out;
    this.platform = platform;
    this.stateRoot = stateRoot;
    this.admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, platform.bootstrapServers()));
    this.serdes = new RouteplaneSerdes(Map.of(RegistrySerdeConfig.SCHEMA_REGISTRY_URL, platform.registryUrl()));
    this.probe = new CommitProbe(admin, out);
    this.counter = new OutputCounter(platform.bootstrapServers());
  }

  /** {@code java -cp … dev.routeplane.bench.router.RouterBenchmark [--requests N] [--partitions P] …}. */
  public static void main(String[] args) {
    RouterBenchOptions options;
    try {
      options = RouterBenchOptions.parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      System.exit(2);
      return;
    }
    run(options, System.out);
    System.exit(0); // the broker's and registry's non-daemon threads are closed, but do not wait for stragglers
  }

  /**
   * Runs the benchmark and prints progress, the figures and, as the last line, the ratio.
   *
   * @throws BenchmarkFailedException if the platform does not start, a run does not finish in time, or a run
   *     does not produce exactly one output per input
   */
  public static BenchResult run(RouterBenchOptions options, PrintStream out) {
    Path root = workDir(options);
    out.printf("router benchmark: %,d requests (%d–%d B prompts), %d partitions, %,d warm-up requests, %d round(s),"
        + " seed %d, data in %s%n", options.requests(), options.minPromptBytes(), options.maxPromptBytes(),
        options.partitions(), options.warmupRequests(), options.rounds(), options.seed(), root);
    BenchResult result;
    EmbeddedPlatform platform = EmbeddedPlatform.start(
        PlatformOptions.of(root.resolve("platform")).withPorts(0, 0));
    try {
      RouterBenchmark bench = new RouterBenchmark(options, out, platform, root.resolve("state"));
      try {
        result = bench.runAll();
      } finally {
        bench.admin.close(Duration.ofSeconds(5));
      }
    } finally {
      platform.close();
      if (options.dataDir() == null) {
        deleteRecursively(root);
      }
    }
    printSummary(result, out);
    return result;
  }

  private BenchResult runAll() {
    Topics probeTopics = Topics.withPrefix("bench", options.partitions());
    Serde<RouteRequest> requestSerde = serdes.valueSerde(probeTopics.requests());
    String subjectTopic = probeTopics.requests().name();
    long t0 = System.nanoTime();
    BenchInput input = BenchInput.generate(options.requests(), options.minPromptBytes(), options.maxPromptBytes(),
        options.seed(), "bench", Clock.systemUTC(), r -> requestSerde.serializer().serialize(subjectTopic, r));
    out.printf("input: %,d requests, %,d bytes serialized (%,d B mean), %s; generated in %d ms%n", input.size(),
        input.totalValueBytes(), input.totalValueBytes() / input.size(), input.promptSummary(),
        (System.nanoTime() - t0) / 1_000_000);
    out.println("mix (tenant/kind: requests): " + input.mix());
    Map<String, String> settings = shownSettings(streamsConfig("bench-settings", probeTopics).toProperties());
    out.println("streams settings, identical for identity and router (application.id aside): " + settings);

    List<RunFigures> warmup = new ArrayList<>();
    if (options.warmupRequests() > 0) {
      BenchInput warm = BenchInput.generate(options.warmupRequests(), options.minPromptBytes(),
          options.maxPromptBytes(), options.seed() + 1, "warmup", Clock.systemUTC(),
          r -> requestSerde.serializer().serialize(subjectTopic, r));
      out.printf("warm-up: %,d requests through identity and router (not measured)%n", warm.size());
      Topics topics = prepare("bench-w", warm);
      warmup.add(runIdentity(0, topics, warm.size()));
      warmup.add(runRouter(0, topics, warm.size()));
    }
    List<RunFigures> runs = new ArrayList<>();
    for (int round = 1; round <= options.rounds(); round++) {
      Topics topics = prepare("bench-r" + round, input);
      boolean identityFirst = round % 2 == 1;
      out.printf("round %d of %d (%s first)%n", round, options.rounds(), identityFirst ? "identity" : "router");
      if (identityFirst) {
        runs.add(runIdentity(round, topics, input.size()));
        runs.add(runRouter(round, topics, input.size()));
      } else {
        runs.add(runRouter(round, topics, input.size()));
        runs.add(runIdentity(round, topics, input.size()));
      }
    }
    return new BenchResult(options, settings, warmup, runs);
  }

  /** Creates the round's topics and produces the input into its requests topic; nothing is timed here. */
  private Topics prepare(String prefix, BenchInput input) {
    Topics topics = Topics.withPrefix(prefix, options.partitions());
    List<TopicSpec<? extends SpecificRecord>> specs = new ArrayList<>(topics.all(config.providers().keySet()));
    specs.add(identityOutput(topics));
    new TopicBootstrapper(admin).ensure(specs);
    long t0 = System.nanoTime();
    Map<String, Object> props = Map.of(
        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, platform.bootstrapServers(),
        ProducerConfig.ACKS_CONFIG, "all",
        ProducerConfig.LINGER_MS_CONFIG, 20,
        ProducerConfig.BATCH_SIZE_CONFIG, 512 * 1024,
        ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
    try (KafkaProducer<String, byte[]> producer =
        new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer())) {
      String topic = topics.requests().name();
      for (int i = 0; i < input.size(); i++) {
        producer.send(new ProducerRecord<>(topic, input.keys().get(i), input.values().get(i)));
      }
      producer.flush();
    }
    out.printf("  produced %,d requests into %s in %d ms%n", input.size(), topics.requests().name(),
        (System.nanoTime() - t0) / 1_000_000);
    return topics;
  }

  private RunFigures runIdentity(int round, Topics topics, int n) {
    String appId = "bench-identity-" + topics.prefix();
    RouterStreamsConfig sc = streamsConfig(appId, topics);
    FirstRecordMark mark = new FirstRecordMark();
    TopicSpec<RouteRequest> output = identityOutput(topics);
    KafkaStreams streams = new KafkaStreams(IdentityTopology.build(topics.requests().name(), output.name(),
        serdes.valueSerde(output), mark), sc.toProperties());
    long started = System.nanoTime();
    CommitProbe.Observed observed;
    try {
      streams.start();
      observed = await("identity", round, appId, topics, n, mark);
    } finally {
      streams.close(Duration.ofSeconds(30));
    }
    Map<String, Long> outputs = counter.count(List.of(output.name()), r -> "OUTPUT");
    return figures("identity", round, n, started, mark, observed, outputs);
  }

  private RunFigures runRouter(int round, Topics topics, int n) {
    String appId = "bench-router-" + topics.prefix();
    RouterStreamsConfig sc = streamsConfig(appId, topics);
    FirstRecordMark mark = new FirstRecordMark();
    RouterTopologyConfig cfg = RouterTopologyConfig.of(config, topics, serdes,
        new MarkingClassifier(classifier, mark), Clock.systemUTC(), ROUTER_VERSION, options.seed());
    long started = System.nanoTime();
    CommitProbe.Observed observed;
    try (RouterService router = RouterService.start(cfg, sc, START_TIMEOUT)) {
      observed = await("router", round, appId, topics, n, mark);
    } catch (TimeoutException e) {
      throw new BenchmarkFailedException("the router did not start: " + e.getMessage(), e);
    }
    Deserializer<RejectedRequest> rejected = serdes.valueSerde(topics.requestsRejected()).deserializer();
    String decisions = topics.decisions().name();
    String rejections = topics.requestsRejected().name();
    Map<String, Long> outputs = counter.count(List.of(decisions, rejections), r -> r.topic().equals(decisions)
        ? "DECIDED" : rejected.deserialize(r.topic(), r.value()).getReasonCode());
    return figures("router", round, n, started, mark, observed, outputs);
  }

  private CommitProbe.Observed await(String topology, int round, String appId, Topics topics, int n,
      FirstRecordMark mark) {
    Map<TopicPartition, Long> targets = new HashMap<>();
    try {
      Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
      for (int p = 0; p < topics.partitions(); p++) {
        latest.put(new TopicPartition(topics.requests().name(), p), OffsetSpec.latest());
      }
      admin.listOffsets(latest).all().get().forEach((tp, info) -> targets.put(tp, info.offset()));
      Duration timeout = Duration.ofSeconds(Math.max(120, n / 500));
      return probe.awaitCommitted(topology + (round == 0 ? " warm-up" : " round " + round), appId, targets, n,
          mark, new CpuMeter(appId), timeout);
    } catch (TimeoutException e) {
      throw new BenchmarkFailedException(e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new BenchmarkFailedException("interrupted while waiting for " + topology, e);
    } catch (ExecutionException e) {
      throw new BenchmarkFailedException("could not read the end offsets of " + topics.requests().name(), e);
    }
  }

  private RunFigures figures(String topology, int round, int n, long started, FirstRecordMark mark,
      CommitProbe.Observed observed, Map<String, Long> outputs) {
    long first = mark.nanos();
    RunFigures f = new RunFigures(topology, round, n, (observed.doneNanos() - first) / 1e9,
        (first - started) / 1_000_000, (observed.firstCommitNanos() - first) / 1_000_000,
        observed.streamThreadCpuNanos() / 1000.0 / n, observed.processCpuNanos() / 1000.0 / n, outputs);
    out.printf("  %s%s: %,d req/s (%,d requests in %.2f s; start-up %,d ms; first commit after %,d ms);"
        + " CPU per request: stream thread %.1f µs, process %.1f µs; outputs %s%n",
        topology, round == 0 ? " warm-up" : " round " + round, f.requestsPerSecond(), n, f.seconds(),
        f.startupMillis(), f.firstCommitMillis(), f.streamThreadCpuMicros(), f.processCpuMicros(), outputs);
    if (f.outputTotal() != n) {
      throw new BenchmarkFailedException(topology + " produced " + f.outputTotal() + " outputs for " + n
          + " inputs; exactly-once needs exactly one each: " + outputs);
    }
    return f;
  }

  private RouterStreamsConfig streamsConfig(String appId, Topics topics) {
    return new RouterStreamsConfig(appId, platform.bootstrapServers(), platform.registryUrl(),
        stateRoot.resolve(appId), topics, 1, Map.of());
  }

  private static TopicSpec<RouteRequest> identityOutput(Topics topics) {
    return new TopicSpec<>(topics.prefix() + ".identity.v1", RouteRequest.class, topics.partitions(),
        CleanupPolicy.DELETE, null);
  }

  private static Map<String, String> shownSettings(Properties p) {
    Map<String, String> shown = new LinkedHashMap<>();
    for (String key : SHOWN_SETTINGS) {
      shown.put(key, String.valueOf(p.get(key)));
    }
    return shown;
  }

  private static void printSummary(BenchResult result, PrintStream out) {
    out.println();
    out.println("== router benchmark ==");
    out.println("streams settings (identity and router): " + result.streamsSettings());
    for (RunFigures w : result.warmup()) {
      out.printf("warm-up  %-8s %,8d req/s (%,d requests)%n", w.topology(), w.requestsPerSecond(), w.requests());
    }
    Map<Integer, Map<String, RunFigures>> byRound = new TreeMap<>();
    for (RunFigures r : result.runs()) {
      byRound.computeIfAbsent(r.round(), k -> new HashMap<>()).put(r.topology(), r);
    }
    for (Map.Entry<Integer, Map<String, RunFigures>> e : byRound.entrySet()) {
      RunFigures id = e.getValue().get("identity");
      RunFigures ro = e.getValue().get("router");
      out.printf("round %d  identity %,8d req/s (%.2f s)  router %,8d req/s (%.2f s)  ratio %.2f;"
          + "  stream-thread CPU µs/request: identity %.1f, router %.1f (ratio %.2f)%n", e.getKey(),
          id.requestsPerSecond(), id.seconds(), ro.requestsPerSecond(), ro.seconds(),
          (double) ro.requestsPerSecond() / id.requestsPerSecond(), id.streamThreadCpuMicros(),
          ro.streamThreadCpuMicros(), id.streamThreadCpuMicros() / ro.streamThreadCpuMicros());
    }
    RunFigures last = result.runs().stream().filter(r -> r.topology().equals("router"))
        .max(Comparator.comparingInt(RunFigures::round)).orElseThrow();
    out.println("router outputs per run: " + last.outputs());
    out.println(result.summaryLine());
  }

  private static Path workDir(RouterBenchOptions options) {
    try {
      if (options.dataDir() == null) {
        return Files.createTempDirectory("routeplane-bench-");
      }
      Files.createDirectories(options.dataDir());
      return Files.createTempDirectory(options.dataDir(), "router-bench-");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create the benchmark's data directory"
          + (options.dataDir() == null ? "" : " under --data-dir " + options.dataDir()), e);
    }
  }

  private static void deleteRecursively(Path root) {
    try (Stream<Path> paths = Files.walk(root)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // a temp directory left behind is harmless
    }
  }

  /** The benchmark could not produce its figures. */
  public static final class BenchmarkFailedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    BenchmarkFailedException(String message, Throwable cause) {
      super(message, cause);
    }

    BenchmarkFailedException(String message) {
      super(message);
    }
  }
}
