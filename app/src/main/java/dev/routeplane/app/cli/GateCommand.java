package dev.routeplane.app.cli;

import dev.routeplane.bench.routing.ReplayConfig;
import dev.routeplane.bench.routing.ReplayPipeline;
import dev.routeplane.executors.simulator.ReplayDataset;
import dev.routeplane.executors.simulator.ReplaySample;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code gate}: promote an alias to a candidate model only if a recorded eval set says it is no worse. */
@Command(
    name = "gate",
    mixinStandardHelpOptions = true,
    description = {"Replay DIR's recorded eval set through the pipeline (embedded broker, router, executors against "
        + "the replaying simulator, ledger) pinned to alias A as bound now and pinned to candidate M; re-bind A to M "
        + "on rp.aliases.v1 only if accuracy drops at most --max-quality-drop and cost and p95 latency stay within "
        + "their bounds, else refuse and say by how much it failed.",
        "Exit code 0 when promoted, 3 when refused."})
public final class GateCommand implements Callable<Integer> {
  /** Exit code of a refusal (1 and 2 are picocli's for errors and usage). */
  static final int REFUSED = 3;

  @Option(names = "--alias", paramLabel = "A", required = true, description = "The alias to promote.")
  String alias;

  @Option(names = "--candidate", paramLabel = "M", required = true,
      description = "Candidate model: its recorded name (e.g. gpt-3.5-turbo-1106) or model id.")
  String candidate;

  @Option(names = "--current", paramLabel = "MODEL", required = true,
      description = "The model A is bound to now; the replay platform starts with A bound to it.")
  String current;

  @Option(names = "--data", paramLabel = "DIR", required = true,
      description = "Recorded eval set: a RouterBench-shaped directory of <task>_{train,test}.csv files; its test "
          + "split is replayed (every row when it has no test split).")
  Path data;

  @Option(names = "--max-quality-drop", defaultValue = "0.02",
      description = "Tolerated accuracy drop, absolute (default: ${DEFAULT-VALUE}).")
  double maxQualityDrop;

  @Option(names = "--max-cost-ratio", defaultValue = "1.10",
      description = "Candidate cost / current cost at most (default: ${DEFAULT-VALUE}).")
  double maxCostRatio;

  @Option(names = "--max-latency-ratio", defaultValue = "1.5",
      description = "Candidate p95 latency / current p95 at most (default: ${DEFAULT-VALUE}).")
  double maxLatencyRatio;

  @Override
  public Integer call() throws Exception {
    if (!Files.isDirectory(data)) {
      throw new IllegalArgumentException("--data " + data + " is not a directory of <task>_{train,test}.csv files");
    }
    ReplayDataset dataset = ReplayDataset.load(data);
    ReplayConfig rc = ReplayConfig.of(dataset, data, Map.of(alias, current));
    Path dir = Files.createTempDirectory("routeplane-gate-");
    try (ReplayPipeline pipeline = ReplayRuntime.start(rc.config(), dir, data, 42L,
        line -> System.out.println("  " + line))) {
      EvalGate.Verdict verdict = EvalGate.run(pipeline, rc, dataset, evalSet(dataset), alias, candidate,
          new EvalGate.Criteria(maxQualityDrop, maxCostRatio, maxLatencyRatio), Duration.ofMinutes(20), System.out);
      return verdict.promoted() ? 0 : REFUSED;
    } finally {
      try (var paths = Files.walk(dir)) {
        paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  /** The test split, or every row when the directory has none. */
  static List<ReplaySample> evalSet(ReplayDataset dataset) {
    List<ReplaySample> test = dataset.samples().stream().filter(s -> s.split().equals("test")).toList();
    return test.isEmpty() ? dataset.samples() : test;
  }
}
