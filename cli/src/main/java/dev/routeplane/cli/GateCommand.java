package dev.routeplane.cli;

import dev.routeplane.config.RouteplaneConfig;
import dev.routeplane.contract.AliasBinding;
import dev.routeplane.control.AliasPromotion;
import dev.routeplane.control.AliasTopic;
import dev.routeplane.control.EvalGate;
import dev.routeplane.control.LiveGate;
import dev.routeplane.control.ReplayRuntime;
import dev.routeplane.control.replay.ReplayConfig;
import dev.routeplane.control.replay.ReplayPipeline;
import dev.routeplane.router.AliasHistory;
import dev.routeplane.simulator.ReplayDataset;
import dev.routeplane.simulator.ReplaySample;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.CommonClientConfigs;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code gate}: promote an alias to a candidate model only if a recorded eval set says it is no worse. */
@Command(
        name = "gate",
        mixinStandardHelpOptions = true,
        description = {
            "Replay DIR's recorded eval set through the pipeline (embedded broker, router, executors against "
                    + "the replaying simulator, ledger) pinned to alias A as bound now and pinned to candidate M; re-bind A to M "
                    + "only if accuracy drops at most --max-quality-drop and cost and p95 latency stay within their bounds, else "
                    + "refuse and say by how much it failed.",
            "With --bootstrap-servers and that cluster's --config the gate acts on the live cluster: it reads A's "
                    + "binding from its rp.aliases.v1 (else its --config's aliases), so --current may be omitted, and writes a "
                    + "promotion there, naming M as the live --config does, unless A's binding changed there meanwhile. A "
                    + "binding with a canary split is gated only with --replace-split. Without --bootstrap-servers the replay "
                    + "platform, discarded when the gate ends, is the only place A is re-bound.",
            "Exit code 0 when promoted, 3 when refused."
        })
public final class GateCommand implements Callable<Integer> {
    /** Exit code of a refusal (1 and 2 are picocli's for errors and usage). */
    static final int REFUSED = 3;

    @Option(names = "--alias", paramLabel = "A", required = true, description = "The alias to promote.")
    String alias;

    @Option(
            names = "--candidate",
            paramLabel = "M",
            required = true,
            description =
                    "Candidate model: its recorded name (e.g. gpt-3.5-turbo-1106) or model id (with a live cluster: "
                            + "also the live --config's model id).")
    String candidate;

    @Option(
            names = "--current",
            paramLabel = "MODEL",
            description =
                    "The model A is bound to now; the replay platform starts with A bound to it. Required without "
                            + "--bootstrap-servers; with it, taken from the live binding, and when given it must agree with it.")
    String current;

    @Option(
            names = "--data",
            paramLabel = "DIR",
            required = true,
            description =
                    "Recorded eval set: a RouterBench-shaped directory of <task>_{train,test}.csv files; its test "
                            + "split is replayed (every row when it has no test split).")
    Path data;

    @Option(
            names = "--limit",
            paramLabel = "N",
            defaultValue = "0",
            description =
                    "Evaluate on at most N prompts, spread evenly over the eval set (default: all); for quick checks.")
    int limit;

    @Option(
            names = "--max-quality-drop",
            defaultValue = "0.02",
            description = "Tolerated accuracy drop, absolute (default: ${DEFAULT-VALUE}).")
    double maxQualityDrop;

    @Option(
            names = "--max-cost-ratio",
            defaultValue = "1.10",
            description = "Candidate cost / current cost at most (default: ${DEFAULT-VALUE}).")
    double maxCostRatio;

    @Option(
            names = "--max-latency-ratio",
            defaultValue = "1.5",
            description = "Candidate p95 latency / current p95 at most (default: ${DEFAULT-VALUE}).")
    double maxLatencyRatio;

    @ArgGroup(
            exclusive = false,
            heading = "%nLive cluster (where A is read and a promotion is written; without "
                    + "--bootstrap-servers, only on the throwaway replay platform):%n")
    LiveCluster live;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /**
     * The cluster the user runs. Not the {@link KafkaOptions} mixin: its default bootstrap servers would make every
     * gate a live one, while here naming a cluster is what asks for a live promotion.
     */
    static final class LiveCluster {
        @Option(
                names = "--bootstrap-servers",
                paramLabel = "HOST:PORT[,...]",
                required = true,
                description = "The live cluster's Kafka bootstrap servers.")
        String bootstrapServers;

        @Option(
                names = "--command-config",
                paramLabel = "FILE",
                description = "Kafka client properties (SASL, TLS, ...) passed through unchanged.")
        Path commandConfig;

        @Option(
                names = "--schema-registry-url",
                paramLabel = "URL",
                defaultValue = "http://localhost:8081",
                description = "The live cluster's schema registry (default: ${DEFAULT-VALUE}).")
        String registryUrl = "http://localhost:8081";

        // Not required by picocli, so that its absence can be explained (see call()).
        @Option(
                names = "--config",
                paramLabel = "FILE",
                description =
                        "The live cluster's routeplane.yaml, required with --bootstrap-servers: its model serving M is "
                                + "the one bound, and A's binding when its rp.aliases.v1 has none.")
        Path configFile;

        @Option(
                names = "--replace-split",
                description =
                        "Gate A even when its live binding has a canary split: it is evaluated as its provider/model "
                                + "alone, and a promotion replaces the split with M alone ('alias rollback' restores no split).")
        boolean replaceSplit;

        RouteplaneConfig config() {
            return RouteplaneConfig.load(configFile);
        }

        AliasTopic aliases() {
            Map<String, Object> client = new HashMap<>(KafkaOptions.readProperties(commandConfig));
            client.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
            return new AliasTopic(client, bootstrapServers, registryUrl);
        }
    }

    @Override
    public Integer call() throws Exception {
        if (!Files.isDirectory(data)) {
            throw new IllegalArgumentException(
                    "--data " + data + " is not a directory of <task>_{train,test}.csv files");
        }
        if (limit < 0) {
            throw new CommandLine.ParameterException(
                    spec.commandLine(), "--limit must be >= 0 (0 = all), got " + limit);
        }
        if (live == null && current == null) {
            throw new CommandLine.ParameterException(
                    spec.commandLine(),
                    "Missing --current: name the model " + alias
                            + " is bound to now, or pass --bootstrap-servers to read it from the live cluster");
        }
        if (live != null && live.configFile == null) {
            throw new CommandLine.ParameterException(
                    spec.commandLine(),
                    "Missing --config: with --bootstrap-servers the "
                            + "gate binds " + alias + " to the model of the live cluster's configuration that serves "
                            + candidate
                            + ", so pass that cluster's routeplane.yaml; the bundled example's models need not be the ones its "
                            + "routers serve");
        }
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        ReplayDataset dataset = ReplayDataset.load(data);
        String currentModel = current;
        String candidateModel = candidate;
        AliasPromotion livePromotion = null;
        if (live != null) {
            // Everything about the live cluster is checked before the replay platform starts, which takes a while.
            RouteplaneConfig liveConfig = live.config();
            AliasTopic aliases = live.aliases();
            AliasBinding bound = AliasHistory.current(alias, aliases.latest(err), liveConfig);
            if (bound == null) {
                throw new IllegalArgumentException(
                        "alias '" + alias + "' is neither bound on " + aliases.name() + " at " + live.bootstrapServers
                                + " nor configured in " + live.configFile + "; bind it with 'alias set' first");
            }
            LiveGate plan = LiveGate.resolve(
                    bound,
                    liveConfig,
                    live.configFile.toString(),
                    recordedNames(dataset, data),
                    current,
                    candidate,
                    live.replaceSplit);
            currentModel = plan.currentRecorded();
            candidateModel = plan.candidateRecorded();
            livePromotion =
                    AliasPromotion.onLiveCluster(aliases, live.bootstrapServers, liveConfig, bound, plan.candidate());
            out.println("gate: " + alias + " on the live cluster at " + live.bootstrapServers + " is bound to "
                    + AliasPromotion.describe(bound, liveConfig) + "; evaluating it as " + currentModel
                    + (AliasPromotion.hasSplit(bound) ? " alone (--replace-split: a promotion ends the split)" : "")
                    + " against " + candidateModel + " on " + data);
            out.flush();
        }
        ReplayConfig rc = ReplayConfig.of(dataset, data, Map.of(alias, currentModel));
        Path dir = Files.createTempDirectory("routeplane-gate-");
        try (ReplayPipeline pipeline =
                ReplayRuntime.start(rc.config(), dir, data, 42L, line -> System.out.println("  " + line))) {
            AliasPromotion promotion = livePromotion != null
                    ? livePromotion
                    : EvalGate.onReplayPlatform(pipeline, rc, alias, candidateModel, err);
            EvalGate.Verdict verdict = EvalGate.run(
                    pipeline,
                    rc,
                    dataset,
                    evalSet(dataset, limit),
                    alias,
                    candidateModel,
                    new EvalGate.Criteria(maxQualityDrop, maxCostRatio, maxLatencyRatio),
                    Duration.ofMinutes(20),
                    System.out,
                    promotion);
            verdict.report().forEach(out::println);
            out.println(verdict.promoted() ? promotion.promotedLine(verdict.promotion()) : promotion.refusedLine());
            out.flush();
            return verdict.promoted() ? 0 : REFUSED;
        } finally {
            try (var paths = Files.walk(dir)) {
                paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /**
     * The test split, or every row when the directory has none; with a positive {@code limit}, at most that many
     * rows, spread evenly over it (so that every task of a multi-task set keeps its share).
     */
    static List<ReplaySample> evalSet(ReplayDataset dataset, int limit) {
        List<ReplaySample> test =
                dataset.samples().stream().filter(s -> s.split().equals("test")).toList();
        List<ReplaySample> all = test.isEmpty() ? dataset.samples() : test;
        if (limit <= 0 || limit >= all.size()) {
            return all;
        }
        List<ReplaySample> spread = new ArrayList<>(limit);
        for (int i = 0; i < limit; i++) {
            spread.add(all.get((int) ((long) i * all.size() / limit)));
        }
        return spread;
    }

    /** Every name the replay knows a recorded model by (its recorded name and its replay model id), to the former. */
    static Map<String, String> recordedNames(ReplayDataset dataset, Path dir) {
        ReplayConfig plain = ReplayConfig.of(dataset, dir);
        Map<String, String> names = new HashMap<>();
        for (String wire : dataset.models()) {
            names.put(wire, wire);
            names.put(plain.modelId(wire), wire);
        }
        return names;
    }
}
