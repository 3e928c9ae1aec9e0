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
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.function.Supplier;
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
import org.apache.kafka.streams.Topology;

/**
 * Router throughput against an identity topology, in one process on the embedded broker and registry, with an
 * io-shaped topology between them as the upper bound the router's I/O allows.
 *
 * <p>All three topologies read the same pre-produced, registry-serialized requests with the same Kafka Streams
 * settings ({@link RouterStreamsConfig#toProperties()}: exactly_once_v2, one stream thread, the router's commit,
 * cache, producer and consumer settings). The identity topology decodes each {@code RouteRequest} and encodes
 * it back to an output topic; the router runs its production {@code RouterTopology} under
 * {@link RouterService}; {@link IoShapedTopology} writes what the router writes for a routed request (decision,
 * task, dedupe, budget and reservation state) from {@link DecisionTemplates} taken from the first router run,
 * computing nothing. A run is timed from its first processed record to the moment all input offsets are
 * committed, which under exactly-once is when the last output becomes visible to read_committed consumers.
 * Afterwards the outputs are counted and measured with a read_committed consumer: exactly one per input.
 *
 * <p>Each measured round produces the same bytes into fresh topics, so every run starts from empty state and
 * empty output topics; odd rounds run identity, router, io-shaped and even rounds the reverse, so drift favours
 * none of them. The last line printed is {@link BenchResult#summaryLine()}.
 */
public final class RouterBenchmark {
    private static final String ROUTER_VERSION = "bench";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    /** Odd rounds and the warm-up; even rounds run the reverse. The router precedes io-shaped in the first. */
    private static final List<String> ORDER = List.of(RunFigures.IDENTITY, RunFigures.ROUTER, RunFigures.IO_SHAPED);

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
    /** The first router run's decisions; every io-shaped run uses them. */
    private DecisionTemplates templates;

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
        out.printf(
                "router benchmark: %,d requests (%d–%d B prompts), %d partitions, %,d warm-up requests, %d round(s),"
                        + " seed %d, data in %s%n",
                options.requests(),
                options.minPromptBytes(),
                options.maxPromptBytes(),
                options.partitions(),
                options.warmupRequests(),
                options.rounds(),
                options.seed(),
                root);
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
        BenchReport.printSummary(result, out);
        return result;
    }

    private BenchResult runAll() {
        Topics probeTopics = Topics.withPrefix("bench", options.partitions());
        Serde<RouteRequest> requestSerde = serdes.valueSerde(probeTopics.requests());
        String subjectTopic = probeTopics.requests().name();
        long t0 = System.nanoTime();
        BenchInput input = BenchInput.generate(
                options.requests(),
                options.minPromptBytes(),
                options.maxPromptBytes(),
                options.seed(),
                "bench",
                Clock.systemUTC(),
                r -> requestSerde.serializer().serialize(subjectTopic, r));
        out.printf(
                "input: %,d requests, %,d bytes serialized (%,d B mean), %s; generated in %d ms%n",
                input.size(),
                input.totalValueBytes(),
                input.totalValueBytes() / input.size(),
                input.promptSummary(),
                (System.nanoTime() - t0) / 1_000_000);
        out.println("mix (tenant/kind: requests): " + input.mix());
        Map<String, String> settings =
                shownSettings(streamsConfig("bench-settings", probeTopics).toProperties());
        out.println(
                "streams settings, identical for identity, router and io-shaped (application.id aside): " + settings);

        List<RunFigures> warmup = new ArrayList<>();
        if (options.warmupRequests() > 0) {
            BenchInput warm = BenchInput.generate(
                    options.warmupRequests(),
                    options.minPromptBytes(),
                    options.maxPromptBytes(),
                    options.seed() + 1,
                    "warmup",
                    Clock.systemUTC(),
                    r -> requestSerde.serializer().serialize(subjectTopic, r));
            out.printf("warm-up: %,d requests through %s (not measured)%n", warm.size(), String.join(", ", ORDER));
            Topics topics = prepare("bench-w", warm);
            for (String topology : ORDER) {
                warmup.add(run(topology, 0, topics, warm.size()));
            }
        }
        List<RunFigures> runs = new ArrayList<>();
        for (int round = 1; round <= options.rounds(); round++) {
            Topics topics = prepare("bench-r" + round, input);
            List<String> order = new ArrayList<>(ORDER);
            if (round % 2 == 0) {
                Collections.reverse(order);
            }
            out.printf("round %d of %d (%s)%n", round, options.rounds(), String.join(", ", order));
            for (String topology : order) {
                runs.add(run(topology, round, topics, input.size()));
            }
        }
        return new BenchResult(options, settings, warmup, runs);
    }

    private RunFigures run(String topology, int round, Topics topics, int n) {
        return switch (topology) {
            case RunFigures.IDENTITY -> runIdentity(round, topics, n);
            case RunFigures.ROUTER -> runRouter(round, topics, n);
            case RunFigures.IO_SHAPED -> runIoShaped(round, topics, n);
            default -> throw new IllegalArgumentException("unknown topology " + topology);
        };
    }

    /** Creates the round's topics and produces the input into its requests topic; nothing is timed here. */
    private Topics prepare(String prefix, BenchInput input) {
        Topics topics = Topics.withPrefix(prefix, options.partitions());
        List<TopicSpec<? extends SpecificRecord>> specs =
                new ArrayList<>(topics.all(config.providers().keySet()));
        specs.add(identityOutput(topics));
        Topics io = ioShapedTopics(topics);
        specs.addAll(List.of(io.decisions(), io.requestsRejected(), io.results(), io.tenantSpend()));
        for (String provider : config.providers().keySet()) {
            specs.add(io.exec(provider));
            specs.add(io.execBatch(provider));
        }
        new TopicBootstrapper(admin).ensure(specs);
        long t0 = System.nanoTime();
        Map<String, Object> props = Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                platform.bootstrapServers(),
                ProducerConfig.ACKS_CONFIG,
                "all",
                ProducerConfig.LINGER_MS_CONFIG,
                20,
                ProducerConfig.BATCH_SIZE_CONFIG,
                512 * 1024,
                ProducerConfig.COMPRESSION_TYPE_CONFIG,
                "lz4");
        try (KafkaProducer<String, byte[]> producer =
                new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer())) {
            String topic = topics.requests().name();
            for (int i = 0; i < input.size(); i++) {
                producer.send(new ProducerRecord<>(
                        topic, input.keys().get(i), input.values().get(i)));
            }
            producer.flush();
        }
        out.printf(
                "  produced %,d requests into %s in %d ms%n",
                input.size(), topics.requests().name(), (System.nanoTime() - t0) / 1_000_000);
        return topics;
    }

    private RunFigures runIdentity(int round, Topics topics, int n) {
        TopicSpec<RouteRequest> output = identityOutput(topics);
        return runStreams(
                RunFigures.IDENTITY,
                round,
                topics,
                topics,
                n,
                mark -> IdentityTopology.build(
                        topics.requests().name(), output.name(), serdes.valueSerde(output), mark),
                () -> counter.count(List.of(output.name()), r -> "OUTPUT"));
    }

    private RunFigures runRouter(int round, Topics topics, int n) {
        String appId = "bench-router-" + topics.prefix();
        RouterStreamsConfig sc = streamsConfig(appId, topics);
        FirstRecordMark mark = new FirstRecordMark();
        MarkingClassifier timed = new MarkingClassifier(classifier, mark);
        RouterTopologyConfig cfg = RouterTopologyConfig.of(
                config, topics, serdes, timed, Clock.systemUTC(), ROUTER_VERSION, options.seed());
        long started = System.nanoTime();
        CommitProbe.Observed observed;
        try (RouterService router = RouterService.start(cfg, sc, START_TIMEOUT)) {
            observed = await(RunFigures.ROUTER, round, appId, topics, n, mark);
        } catch (TimeoutException e) {
            throw new BenchmarkFailedException("the router did not start: " + e.getMessage(), e);
        }
        if (templates == null) {
            templates = DecisionTemplates.read(
                    counter,
                    topics.decisions().name(),
                    serdes.valueSerde(topics.decisions()).deserializer());
            out.println("  io-shaped templates (tenant: provider share × decision bytes): " + templates);
        }
        RunFigures f =
                figures(RunFigures.ROUTER, round, n, started, topics.prefix(), mark, observed, countRouted(topics));
        out.printf(
                "    router %s: classifier inside the router %.1f µs thread CPU per classification (1 in %d timed, %,d"
                        + " timed)%n",
                round == 0 ? "warm-up" : "round " + round,
                timed.sampledMicros(),
                MarkingClassifier.SAMPLE_EVERY,
                timed.samples());
        long tasks = f.writtenTo(t -> t.startsWith("exec.")).records();
        long decided = f.outputs().getOrDefault("DECIDED", 0L);
        if (tasks < decided) {
            throw new BenchmarkFailedException("the router wrote " + decided + " decisions but the exec topics read"
                    + " hold " + tasks + " tasks: the benchmark does not read every topic the router writes tasks to");
        }
        return f;
    }

    private RunFigures runIoShaped(int round, Topics topics, int n) {
        if (templates == null) {
            throw new IllegalStateException("io-shaped needs a router run first, for its decision templates");
        }
        Topics io = ioShapedTopics(topics);
        RunFigures f = runStreams(
                RunFigures.IO_SHAPED,
                round,
                topics,
                io,
                n,
                mark -> IoShapedTopology.build(
                        topics.requests(), io, config, serdes, templates, Clock.systemUTC(), mark),
                () -> countRouted(io));
        long tasks = f.writtenTo(t -> t.startsWith("exec.")).records();
        if (!f.outputs().equals(Map.of("DECIDED", (long) n)) || tasks != n) {
            throw new BenchmarkFailedException("io-shaped must write a decision and a task for each of the " + n
                    + " inputs, as the router does for a routed request; it wrote " + tasks + " tasks and outputs "
                    + f.outputs());
        }
        return f;
    }

    /**
     * Runs a topology built here (identity, io-shaped) on the round's input until it is committed, then counts its
     * outputs, which are in {@code outputs}.
     */
    private RunFigures runStreams(
            String topology,
            int round,
            Topics topics,
            Topics outputs,
            int n,
            Function<FirstRecordMark, Topology> build,
            Supplier<OutputCounter.Counted> count) {
        String appId = "bench-" + topology + "-" + topics.prefix();
        FirstRecordMark mark = new FirstRecordMark();
        KafkaStreams streams =
                new KafkaStreams(build.apply(mark), streamsConfig(appId, topics).toProperties());
        long started = System.nanoTime();
        CommitProbe.Observed observed;
        try {
            streams.start();
            observed = await(topology, round, appId, topics, n, mark);
        } finally {
            streams.close(Duration.ofSeconds(30));
        }
        return figures(topology, round, n, started, outputs.prefix(), mark, observed, count.get());
    }

    /**
     * Decisions and rejections (one per input), with the tasks and refusal results that go with them, as the
     * router writes them; io-shaped writes to the same topics.
     */
    private OutputCounter.Counted countRouted(Topics topics) {
        Deserializer<RejectedRequest> rejected =
                serdes.valueSerde(topics.requestsRejected()).deserializer();
        String decisions = topics.decisions().name();
        String rejections = topics.requestsRejected().name();
        List<String> written =
                new ArrayList<>(List.of(decisions, rejections, topics.results().name()));
        for (String provider : config.providers().keySet()) {
            written.add(topics.exec(provider).name());
            written.add(topics.execBatch(provider).name());
        }
        return counter.count(
                written,
                r -> r.topic().equals(decisions)
                        ? "DECIDED"
                        : r.topic().equals(rejections)
                                ? rejected.deserialize(r.topic(), r.value()).getReasonCode()
                                : null);
    }

    private CommitProbe.Observed await(
            String topology, int round, String appId, Topics topics, int n, FirstRecordMark mark) {
        Map<TopicPartition, Long> targets = new HashMap<>();
        try {
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            for (int p = 0; p < topics.partitions(); p++) {
                latest.put(new TopicPartition(topics.requests().name(), p), OffsetSpec.latest());
            }
            admin.listOffsets(latest).all().get().forEach((tp, info) -> targets.put(tp, info.offset()));
            Duration timeout = Duration.ofSeconds(Math.max(120, n / 500));
            return probe.awaitCommitted(
                    topology + (round == 0 ? " warm-up" : " round " + round),
                    appId,
                    targets,
                    n,
                    mark,
                    new CpuMeter(appId),
                    timeout);
        } catch (TimeoutException e) {
            throw new BenchmarkFailedException(e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BenchmarkFailedException("interrupted while waiting for " + topology, e);
        } catch (ExecutionException e) {
            throw new BenchmarkFailedException(
                    "could not read the end offsets of " + topics.requests().name(), e);
        }
    }

    /** @param outputPrefix the prefix of the run's output topics, left out of the names in {@code written} */
    private RunFigures figures(
            String topology,
            int round,
            int n,
            long started,
            String outputPrefix,
            FirstRecordMark mark,
            CommitProbe.Observed observed,
            OutputCounter.Counted counted) {
        long first = mark.nanos();
        Map<String, RunFigures.Volume> written = new TreeMap<>();
        counted.topics().forEach((topic, v) -> written.put(topic.substring(outputPrefix.length() + 1), v));
        RunFigures f = new RunFigures(
                topology,
                round,
                n,
                (observed.doneNanos() - first) / 1e9,
                (first - started) / 1_000_000,
                (observed.firstCommitNanos() - first) / 1_000_000,
                observed.streamThreadCpuNanos() / 1000.0 / n,
                observed.processCpuNanos() / 1000.0 / n,
                counted.outputs(),
                written);
        BenchReport.printRun(f, out);
        if (f.outputTotal() != n) {
            throw new BenchmarkFailedException(topology + " produced " + f.outputTotal() + " outputs for " + n
                    + " inputs; exactly-once needs exactly one each: " + f.outputs());
        }
        return f;
    }

    private RouterStreamsConfig streamsConfig(String appId, Topics topics) {
        return new RouterStreamsConfig(
                appId,
                platform.bootstrapServers(),
                platform.registryUrl(),
                stateRoot.resolve(appId),
                topics,
                1,
                Map.of());
    }

    private static TopicSpec<RouteRequest> identityOutput(Topics topics) {
        return new TopicSpec<>(
                topics.prefix() + ".identity.v1", RouteRequest.class, topics.partitions(), CleanupPolicy.DELETE, null);
    }

    /**
     * The io-shaped run's copy of the router's output and other input topics, beside the round's; the Streams
     * configuration (and so the exception handlers' dead-letter topic) stays the round's, as for the others.
     */
    private static Topics ioShapedTopics(Topics topics) {
        return Topics.withPrefix(topics.prefix() + "-io", topics.partitions());
    }

    private static Map<String, String> shownSettings(Properties p) {
        Map<String, String> shown = new LinkedHashMap<>();
        for (String key : SHOWN_SETTINGS) {
            shown.put(key, String.valueOf(p.get(key)));
        }
        return shown;
    }

    private static Path workDir(RouterBenchOptions options) {
        try {
            if (options.dataDir() == null) {
                return Files.createTempDirectory("routeplane-bench-");
            }
            Files.createDirectories(options.dataDir());
            return Files.createTempDirectory(options.dataDir(), "router-bench-");
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "cannot create the benchmark's data directory"
                            + (options.dataDir() == null ? "" : " under --data-dir " + options.dataDir()),
                    e);
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
