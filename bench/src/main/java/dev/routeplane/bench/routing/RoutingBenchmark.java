package dev.routeplane.bench.routing;

import dev.routeplane.bench.routing.RecordedScores.Figure;
import dev.routeplane.cascade.CascadePlan;
import dev.routeplane.contract.ExecutionResult;
import dev.routeplane.contract.Feedback;
import dev.routeplane.contract.ResultStatus;
import dev.routeplane.contract.RouteRequest;
import dev.routeplane.control.replay.ReplayConfig;
import dev.routeplane.control.replay.ReplayDriver;
import dev.routeplane.control.replay.ReplayPipeline;
import dev.routeplane.control.replay.ReplaySteps;
import dev.routeplane.ledger.UsageTotals;
import dev.routeplane.router.LearnedSelector;
import dev.routeplane.simulator.RecordedAnswer;
import dev.routeplane.simulator.ReplayDataset;
import dev.routeplane.simulator.ReplaySample;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;

/**
 * {@code bench routing}: learned routing measured on recorded outcomes through the real pipeline.
 *
 * <ol>
 *   <li>The embedded broker and registry, the ledger, the learner, the router with {@link LearnedSelector}, the
 *       executors, and the provider simulator replaying the data set (every call billed at its recorded cost).</li>
 *   <li>Train: every train prompt is sent once per recorded model, pinned to it (an evaluation sweep), and each
 *       answer's recorded score is published as {@code EVAL_SCORE} feedback. The learner learns from that feedback
 *       only; the router never sees a label. Then every train prompt is routed once, unpinned, and the answers of
 *       cascades (which a pinned sweep cannot reach) are scored as feedback, so they learn from their own outcomes.</li>
 *   <li>Test: every test prompt whose answers are all scored is sent unpinned under the standard quality tier; the
 *       router picks the model. Accuracy is the recorded score of the answer returned; cost is what the ledger
 *       billed for the test batch.</li>
 * </ol>
 * Reference rows (single models, per-task best, random, oracle) come from the same test prompts' recorded outcomes.
 */
public final class RoutingBenchmark {
    private static final String TEST_BATCH = "routing-test";
    /** The cost share of the best single model that the target allows; the hindsight bound is computed at it. */
    private static final double TARGET_COST_SHARE = 0.35;

    private RoutingBenchmark() {}

    /** The measured figures; {@link #line()} is the benchmark's last line. */
    public record Report(
            double accuracy,
            double costUsd,
            String best,
            double bestAccuracy,
            double bestCostUsd,
            double oracleAccuracy,
            double oracleCostUsd) {
        public double percentOfBest() {
            return 100 * costUsd / bestCostUsd;
        }

        public String line() {
            return String.format(
                    Locale.ROOT,
                    "routing: accuracy %.3f at $%.3f = %.1f%% of always-%s (%.3f at $%.3f); oracle %.3f at $%.3f",
                    accuracy,
                    costUsd,
                    percentOfBest(),
                    best,
                    bestAccuracy,
                    bestCostUsd,
                    oracleAccuracy,
                    oracleCostUsd);
        }
    }

    public static Report run(RoutingBenchOptions options, ReplayPipeline.Starter pipelines, PrintStream out)
            throws Exception {
        long t0 = System.nanoTime();
        ReplayDataset data = ReplayDataset.load(options.dataDir());
        ReplayConfig rc = ReplayConfig.of(data, options.dataDir());
        List<String> wires = List.copyOf(data.models());
        List<ReplaySample> train = new ArrayList<>(
                data.samples().stream().filter(s -> s.split().equals("train")).toList());
        Collections.shuffle(train, new Random(options.seed()));
        if (options.trainLimit() > 0 && train.size() > options.trainLimit()) {
            train = train.subList(0, options.trainLimit());
        }
        List<ReplaySample> test = data.samples().stream()
                .filter(s -> s.split().equals("test") && complete(s, wires))
                .toList();
        if (options.testLimit() > 0 && test.size() > options.testLimit()) {
            test = test.subList(0, options.testLimit());
        }
        out.printf(
                Locale.ROOT,
                "bench routing: %s, %d models, %d train prompts (x models, with feedback), "
                        + "%d test prompts (every model scored)%n",
                options.dataDir(),
                wires.size(),
                train.size(),
                test.size());

        Report report;
        try (ReplayPipeline pipeline = pipelines.start(
                        rc.config(),
                        options.workDir(),
                        options.dataDir(),
                        options.seed(),
                        line -> out.println("  " + line));
                ReplayDriver driver = new ReplayDriver(pipeline)) {
            LearnedSelector selector = pipeline.learnedSelector();

            // Train: an evaluation sweep, every train prompt on every recorded model, scored as feedback.
            List<ReplayDriver.Call> sweep = new ArrayList<>();
            Map<String, ReplaySample> rowOf = new HashMap<>();
            int n = 0;
            for (ReplaySample s : train) {
                n++;
                for (String wire : wires) {
                    if (s.answers().containsKey(wire)) {
                        RouteRequest r = ReplaySteps.request(
                                "train-" + n + "-" + rc.modelId(wire),
                                ReplayConfig.EVAL_TENANT,
                                "routing-train",
                                s.prompt(),
                                rc.modelId(wire));
                        sweep.add(new ReplayDriver.Call(r, s));
                        rowOf.put(r.getRequestId(), s);
                    }
                }
            }
            Map<String, Long> expected = new TreeMap<>();
            driver.run(
                    sweep,
                    result -> {
                        Optional<Feedback> fb =
                                ReplaySteps.scoreAsFeedback(result, rowOf.get(result.getRequestId()), rc);
                        fb.ifPresent(f -> expected.merge(result.getModel(), 1L, Long::sum));
                        return fb;
                    },
                    options.timeout(),
                    "train sweep",
                    out);
            ReplaySteps.awaitLearned(selector, expected, Duration.ofMinutes(5), out);

            // Train, routed: the train prompts once more, routed as production traffic, and the answers of cascades
            // scored as feedback, so the routes a sweep cannot pin learn from their own outcomes as they would in
            // production. Single-model answers get no second score: the sweep scored every model on every train
            // prompt already, and scoring only the models the router picked would weigh its own choices twice.
            List<ReplayDriver.Call> practice = new ArrayList<>();
            int m = 0;
            for (ReplaySample s : train) {
                RouteRequest r = ReplaySteps.request(
                        "practice-" + (++m), ReplayConfig.ROUTED_TENANT, "routing-practice", s.prompt(), null);
                practice.add(new ReplayDriver.Call(r, s));
                rowOf.put(r.getRequestId(), s);
            }
            driver.run(
                    practice,
                    result -> {
                        if (result.getCascade() == null) {
                            return Optional.empty();
                        }
                        Optional<Feedback> fb =
                                ReplaySteps.scoreAsFeedback(result, rowOf.get(result.getRequestId()), rc);
                        fb.ifPresent(
                                f -> { // a cascade's feedback teaches the cascade, not the model whose answer it kept
                                    expected.merge(result.getCascade(), 1L, Long::sum);
                                    expected.merge(CascadePlan.escalationKeyOf(result.getCascade()), 1L, Long::sum);
                                });
                        return fb;
                    },
                    options.timeout(),
                    "train routed",
                    out);
            ReplaySteps.awaitLearned(selector, expected, Duration.ofMinutes(5), out);

            // Test: routed by the learned selector.
            List<ReplayDriver.Call> routed = new ArrayList<>();
            Map<String, ReplaySample> sampleOf = new LinkedHashMap<>();
            int k = 0;
            for (ReplaySample s : test) {
                RouteRequest r =
                        ReplaySteps.request("test-" + (++k), ReplayConfig.ROUTED_TENANT, TEST_BATCH, s.prompt(), null);
                routed.add(new ReplayDriver.Call(r, s));
                sampleOf.put(r.getRequestId(), s);
            }
            Map<String, ExecutionResult> results =
                    driver.run(routed, r -> Optional.empty(), options.timeout(), "test routing", out);
            long calls = results.values().stream()
                    .mapToLong(r -> r.getAttempts().size())
                    .sum();
            UsageTotals billed =
                    ReplaySteps.awaitBilled(pipeline, ReplayConfig.ROUTED_TENANT, TEST_BATCH, calls, options.timeout());

            report = report(results, sampleOf, test, wires, rc, billed, out);
        }
        // After the pipeline has stopped, so that the figure line is the last one a terminal shows.
        out.printf(Locale.ROOT, "  (%.0f s in all)%n", (System.nanoTime() - t0) / 1e9);
        out.println(report.line());
        return report;
    }

    private static boolean complete(ReplaySample s, List<String> wires) {
        for (String w : wires) {
            RecordedAnswer a = s.answers().get(w);
            if (a == null || a.correctness() == null) {
                return false;
            }
        }
        return true;
    }

    private static Report report(
            Map<String, ExecutionResult> results,
            Map<String, ReplaySample> sampleOf,
            List<ReplaySample> test,
            List<String> wires,
            ReplayConfig rc,
            UsageTotals billed,
            PrintStream out) {
        RecordedScores scores = new RecordedScores(test, wires);
        List<Figure> singles = scores.singles();
        Figure best = RecordedScores.best(singles);
        Map<String, String> taskBest = new LinkedHashMap<>();
        Figure perTask = scores.perTaskBest(taskBest);
        Figure random = scores.random();
        Figure oracle = scores.oracle();
        Map<String, String> fixedPolicies = new LinkedHashMap<>();
        Figure bound = scores.bestFixedPoliciesWithin(TARGET_COST_SHARE * best.costUsd(), fixedPolicies);

        double correct = 0;
        double recordedCost = 0;
        int failed = 0;
        Map<String, double[]> byTask = new TreeMap<>();
        Map<String, Integer> share = new TreeMap<>();
        Map<String, Integer> cascades = new TreeMap<>();
        for (ExecutionResult r : results.values()) {
            ReplaySample s = sampleOf.get(r.getRequestId());
            double[] t = byTask.computeIfAbsent(s.task(), x -> new double[3]);
            t[2]++;
            if (r.getStatus() != ResultStatus.SUCCEEDED || r.getModel() == null) {
                failed++;
                continue;
            }
            RecordedAnswer a = s.answers().get(rc.wireModel(r.getModel()));
            correct += a.correctness();
            recordedCost += a.costMicros() / 1e6;
            t[0] += a.correctness();
            t[1] += a.costMicros() / 1e6;
            share.merge(a.model(), 1, Integer::sum);
            if (r.getCascade() != null) {
                cascades.merge(r.getEscalated() ? "escalated" : "kept", 1, Integer::sum);
            }
        }
        double billedUsd = billed.costMicros() / 1e6;
        Figure router =
                new Figure("router: learned, standard tier (ledger-billed cost)", correct, billedUsd, results.size());

        out.println();
        out.printf(
                Locale.ROOT,
                "%-52s %8s %10s %8s%n",
                "strategy (test split, " + test.size() + " prompts)",
                "accuracy",
                "cost $",
                "% best");
        for (Figure f : singles) {
            row(out, f, best);
        }
        row(out, random, best);
        row(out, perTask, best);
        taskBest.forEach((task, model) -> out.printf(Locale.ROOT, "    best on %s: %s%n", task, model));
        row(out, bound, best);
        fixedPolicies.forEach((task, policy) -> out.printf(Locale.ROOT, "    %s on %s%n", policy, task));
        row(out, oracle, best);
        row(out, router, best);
        byTask.forEach((task, t) -> out.printf(
                Locale.ROOT,
                "    router on %-40s %8.3f %10.3f  (%d prompts, recorded cost)%n",
                task,
                t[0] / t[2],
                t[1],
                (int) t[2]));
        out.printf(Locale.ROOT, "    router choices (model of the returned answer): %s%n", share);
        out.printf(Locale.ROOT, "    cascades: %s%n", cascades.isEmpty() ? "none chosen" : cascades);
        out.printf(
                Locale.ROOT,
                "    ledger billed $%.6f for %d calls; recorded cost of the returned answers $%.6f; "
                        + "%d requests without an answer%n",
                billedUsd,
                billed.calls(),
                recordedCost,
                failed);
        return new Report(
                router.accuracy(),
                billedUsd,
                best.name().substring("always ".length()),
                best.accuracy(),
                best.costUsd(),
                oracle.accuracy(),
                oracle.costUsd());
    }

    private static void row(PrintStream out, Figure f, Figure best) {
        out.printf(
                Locale.ROOT,
                "%-52s %8.3f %10.3f %7.1f%%%n",
                f.name(),
                f.accuracy(),
                f.costUsd(),
                100 * f.costUsd() / best.costUsd());
    }
}
