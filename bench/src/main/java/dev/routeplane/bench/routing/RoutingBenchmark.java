package dev.routeplane.bench.routing;

import dev.routeplane.bench.routing.CostQualityCurve.Point;
import dev.routeplane.cascade.CascadePlan;
import dev.routeplane.config.QualityTier;
import dev.routeplane.contract.ExecutionResult;
import dev.routeplane.contract.Feedback;
import dev.routeplane.contract.RouteRequest;
import dev.routeplane.control.replay.ReplayConfig;
import dev.routeplane.control.replay.ReplayDriver;
import dev.routeplane.control.replay.ReplayPipeline;
import dev.routeplane.control.replay.ReplaySteps;
import dev.routeplane.learning.AnswerScorer;
import dev.routeplane.ledger.UsageTotals;
import dev.routeplane.router.LearnedSelector;
import dev.routeplane.router.ScoredCascades;
import dev.routeplane.simulator.RecordedAnswer;
import dev.routeplane.simulator.ReplayDataset;
import dev.routeplane.simulator.ReplaySample;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
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
 *       executors, and the provider simulator replaying the data set (every call billed at its recorded cost, each
 *       request answered from the recorded row it replays).</li>
 *   <li>The train split is shuffled; {@value #VALIDATION_SHARE_PERCENT}% of it is held out as a validation slice
 *       that never gets feedback.</li>
 *   <li>Train: every train prompt not held out is sent once per recorded model, pinned to it, the models in a random order
 *       per prompt (an evaluation sweep), and each answer's recorded score is published as {@code EVAL_SCORE}
 *       feedback. The learner learns the success models and the answer scorers from that feedback only; the router
 *       never sees a label.</li>
 *   <li>Calibrate: the validation slice is routed once per quality tier, without feedback; from the scores its score
 *       cascades recorded and the recorded costs, {@link ThresholdCalibration} picks each operating point's
 *       threshold: the highest that keeps the slice's cost within the point's share of the most accurate single
 *       model's cost on it. The test split plays no part.</li>
 *   <li>Practise: every swept prompt is routed once, unpinned, under the calibrated thresholds, and the answers of
 *       cascades (which a pinned sweep cannot reach) are scored as feedback, so cascades learn from their own
 *       outcomes. Then calibrate again: what they learned changes which requests run as cascades.</li>
 *   <li>Test: every test prompt whose answers are all scored is routed at each operating point (the standard tier's
 *       first: the last line reports it), each point's threshold first settled on the validation slice routed under
 *       it ({@code Phases.settle}); accuracy is the recorded score of the answer returned, cost what the ledger
 *       billed for the point's batch. The points give the router's cost-quality curve and its AIQ.</li>
 * </ol>
 * Reference rows (single models, per-task best, random, oracle) come from the same test prompts' recorded outcomes.
 * The learner also learns from the test runs' results whether cascades escalated (no labels), so later points see
 * slightly more evidence than the first.
 */
public final class RoutingBenchmark {
    static final int VALIDATION_SHARE_PERCENT = 15;
    /** Validation runs per operating point to settle its threshold under itself ({@code Phases.settle}). */
    static final int SETTLE_ROUNDS = 3;

    /** Where the router runs on the curve: a quality tier, and the cost its cascades' threshold is chosen to meet. */
    record OperatingPoint(QualityTier tier, double costShare) {
        String label() {
            return String.format(Locale.ROOT, "%s, %.0f%% cost target", tier.configName(), 100 * costShare);
        }
    }

    /**
     * The standard tier's point first (the last line reports it), then from economy to premium. Each tier's own
     * threshold is the one of its first point here; the others are set for their run only. The premium tier's λ
     * rarely picks a cascade, so the standard tier's points at higher cost targets fill the curve between them.
     */
    static final List<OperatingPoint> POINTS = List.of(
            new OperatingPoint(QualityTier.STANDARD, 0.30),
            new OperatingPoint(QualityTier.ECONOMY, 0.10),
            new OperatingPoint(QualityTier.ECONOMY, 0.15),
            new OperatingPoint(QualityTier.STANDARD, 0.22),
            new OperatingPoint(QualityTier.STANDARD, 0.40),
            new OperatingPoint(QualityTier.STANDARD, 0.60),
            new OperatingPoint(QualityTier.PREMIUM, 0.60),
            new OperatingPoint(QualityTier.PREMIUM, 0.45),
            new OperatingPoint(QualityTier.PREMIUM, 1.00));

    private RoutingBenchmark() {}

    /**
     * The measured figures; {@link #line()} is the benchmark's last line.
     *
     * @param curve      the router's operating points on the test split (cost billed, accuracy), cheapest first
     * @param aiq        AIQ of the router's curve over the single models' cost range
     * @param modelsAiq  AIQ of the single models' hull over the same range
     */
    public record Report(
            double accuracy,
            double costUsd,
            String best,
            double bestAccuracy,
            double bestCostUsd,
            double oracleAccuracy,
            double oracleCostUsd,
            List<Point> curve,
            double aiq,
            double modelsAiq) {
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

        Report withCurve(List<Point> points, double routerAiq, double singlesAiq) {
            return new Report(
                    accuracy,
                    costUsd,
                    best,
                    bestAccuracy,
                    bestCostUsd,
                    oracleAccuracy,
                    oracleCostUsd,
                    List.copyOf(points),
                    routerAiq,
                    singlesAiq);
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
        Random random = new Random(options.seed());
        Collections.shuffle(train, random);
        if (options.trainLimit() > 0 && train.size() > options.trainLimit()) {
            train = train.subList(0, options.trainLimit());
        }
        int held = Math.max(1, train.size() * VALIDATION_SHARE_PERCENT / 100);
        List<ReplaySample> fit = List.copyOf(train.subList(0, train.size() - held));
        List<ReplaySample> validation = train.subList(train.size() - held, train.size()).stream()
                .filter(s -> complete(s, wires))
                .toList();
        List<ReplaySample> test = data.samples().stream()
                .filter(s -> s.split().equals("test") && complete(s, wires))
                .toList();
        if (options.testLimit() > 0 && test.size() > options.testLimit()) {
            test = test.subList(0, options.testLimit());
        }
        out.printf(
                Locale.ROOT,
                "bench routing: %s, %d models, %d train prompts (x models, with feedback), %d held out for "
                        + "validation (every model scored, no feedback), %d test prompts (every model scored)%n",
                options.dataDir(),
                wires.size(),
                fit.size(),
                validation.size(),
                test.size());

        Report report;
        try (ReplayPipeline pipeline = pipelines.start(
                        rc.config(),
                        options.workDir(),
                        options.dataDir(),
                        options.seed(),
                        line -> out.println("  " + line));
                ReplayDriver driver = new ReplayDriver(pipeline)) {
            Phases phases = new Phases(pipeline, driver, rc, options.timeout(), out);
            Map<String, Long> expected = phases.sweep(fit, wires, random);
            LearnedSelector selector = pipeline.learnedSelector();
            long bestMicros = bestSingleCostMicros(validation, wires);
            // Calibrated before the cascades practise, so that they learn their outcomes under the thresholds they
            // will run with, and again after, since what they learned changes which requests run as cascades.
            Map<OperatingPoint, Double> thresholds = phases.calibrate(validation, bestMicros, 1);
            selector.useScoredCascades(tierThresholds(selector.scoredCascades(), thresholds));
            phases.practice(fit, expected);
            thresholds = phases.calibrate(validation, bestMicros, 2);
            ScoredCascades tiers = tierThresholds(selector.scoredCascades(), thresholds);
            out.printf(Locale.ROOT, "  thresholds per quality tier: %s%n", tiers.thresholds());

            List<RouterRun> runs = new ArrayList<>();
            for (OperatingPoint p : POINTS) {
                double threshold = phases.settle(validation, p, bestMicros, tiers, thresholds.get(p));
                Map<QualityTier, Double> these = new EnumMap<>(tiers.thresholds());
                these.put(p.tier(), threshold);
                selector.useScoredCascades(tiers.withThresholds(these));
                runs.add(phases.test(test, p, threshold, "routing-test-" + runs.size()));
            }
            selector.useScoredCascades(tiers);
            report = RoutingReport.table(out, test, wires, runs.get(0));
            report = RoutingReport.curve(out, test, wires, runs, report);
        }
        // After the pipeline has stopped, so that the figure line is the last one a terminal shows.
        out.printf(Locale.ROOT, "  (%.0f s in all)%n", (System.nanoTime() - t0) / 1e9);
        out.println(report.line());
        return report;
    }

    /** Each tier's threshold is the one of its first operating point in {@link #POINTS}. */
    static ScoredCascades tierThresholds(ScoredCascades current, Map<OperatingPoint, Double> thresholds) {
        Map<QualityTier, Double> byTier = new EnumMap<>(QualityTier.class);
        for (OperatingPoint p : POINTS) {
            byTier.putIfAbsent(p.tier(), thresholds.get(p));
        }
        return current.withThresholds(byTier);
    }

    /** The recorded cost of the most accurate single model on {@code rows} (the cheaper on ties). */
    static long bestSingleCostMicros(List<ReplaySample> rows, List<String> wires) {
        String best = null;
        double bestCorrect = -1;
        long bestCost = 0;
        for (String w : wires) {
            double correct = 0;
            long cost = 0;
            for (ReplaySample s : rows) {
                correct += s.answers().get(w).correctness();
                cost += s.answers().get(w).costMicros();
            }
            if (best == null || correct > bestCorrect || (correct == bestCorrect && cost < bestCost)) {
                best = w;
                bestCorrect = correct;
                bestCost = cost;
            }
        }
        return bestCost;
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

    /** The benchmark's phases on one running pipeline. */
    private record Phases(
            ReplayPipeline pipeline, ReplayDriver driver, ReplayConfig rc, Duration timeout, PrintStream out) {

        /**
         * Every prompt on every recorded model, in a random order per prompt, each answer scored as feedback; waits
         * until the router has the success models and answer scorers trained on all of it. Returns the examples
         * each route has learned from.
         */
        Map<String, Long> sweep(List<ReplaySample> rows, List<String> wires, Random random) throws Exception {
            List<ReplayDriver.Call> calls = new ArrayList<>();
            Map<String, ReplaySample> rowOf = new HashMap<>();
            int n = 0;
            for (ReplaySample s : rows) {
                n++;
                List<String> order = new ArrayList<>(wires);
                Collections.shuffle(order, random);
                for (String wire : order) {
                    if (s.answers().containsKey(wire)) {
                        RouteRequest r = ReplaySteps.request(
                                "train-" + n + "-" + rc.modelId(wire),
                                ReplayConfig.EVAL_TENANT,
                                "routing-train",
                                s.prompt(),
                                rc.modelId(wire));
                        calls.add(new ReplayDriver.Call(r, s));
                        rowOf.put(r.getRequestId(), s);
                    }
                }
            }
            Map<String, Long> expected = new TreeMap<>();
            driver.run(
                    calls,
                    result -> {
                        Optional<Feedback> fb =
                                ReplaySteps.scoreAsFeedback(result, rowOf.get(result.getRequestId()), rc);
                        fb.ifPresent(f -> {
                            expected.merge(result.getModel(), 1L, Long::sum);
                            expected.merge(AnswerScorer.route(result.getModel()), 1L, Long::sum);
                        });
                        return fb;
                    },
                    timeout,
                    "train sweep",
                    out);
            ReplaySteps.awaitLearned(pipeline.learnedSelector(), expected, Duration.ofMinutes(5), out);
            return expected;
        }

        /**
         * The prompts once more, routed as production traffic, the answers of cascades scored as feedback, so the
         * routes a sweep cannot pin learn from their own outcomes as they would in production. Single-model answers
         * get no second score: the sweep scored every model on every prompt already, and scoring only the models the
         * router picked would weigh its own choices twice.
         */
        void practice(List<ReplaySample> rows, Map<String, Long> expected) throws Exception {
            List<ReplayDriver.Call> calls = new ArrayList<>();
            Map<String, ReplaySample> rowOf = new HashMap<>();
            int m = 0;
            for (ReplaySample s : rows) {
                RouteRequest r = ReplaySteps.request(
                        "practice-" + (++m), ReplayConfig.ROUTED_TENANT, "routing-practice", s.prompt(), null);
                calls.add(new ReplayDriver.Call(r, s));
                rowOf.put(r.getRequestId(), s);
            }
            driver.run(
                    calls,
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
                    timeout,
                    "train routed",
                    out);
            ReplaySteps.awaitLearned(pipeline.learnedSelector(), expected, Duration.ofMinutes(5), out);
        }

        /**
         * Each operating point's threshold: the validation slice routed once per tier, no feedback, and the highest
         * threshold meeting the point's cost target on it ({@link ThresholdCalibration}).
         */
        Map<OperatingPoint, Double> calibrate(List<ReplaySample> validation, long bestMicros, int round)
                throws Exception {
            Map<QualityTier, ThresholdCalibration> calibrations = new EnumMap<>(QualityTier.class);
            for (QualityTier tier : QualityTier.values()) {
                calibrations.put(tier, validate(validation, tier, "validation-" + round + "-" + tier.configName()));
            }
            Map<OperatingPoint, Double> thresholds = new HashMap<>();
            for (OperatingPoint p : POINTS) {
                ThresholdCalibration c = calibrations.get(p.tier());
                double t = c.thresholdFor(Math.round(p.costShare() * bestMicros));
                thresholds.put(p, t);
                out.printf(
                        Locale.ROOT,
                        "  calibration %d, %s: threshold %.3f (validation cost $%.3f of target $%.3f; %d of %d"
                                + " requests ran as score cascades)%n",
                        round,
                        p.label(),
                        t,
                        c.costMicros(t) / 1e6,
                        p.costShare() * bestMicros / 1e6,
                        c.scoreCascades(),
                        c.requests());
            }
            return thresholds;
        }

        /**
         * The point's threshold, re-chosen on the validation slice routed under it until it no longer changes (at most
         * {@value RoutingBenchmark#SETTLE_ROUNDS} rounds), just before the point's test run. Which requests the router sends through
         * a score cascade depends on how often it expects the cascade to escalate, which the learner keeps learning
         * from every run's results (no labels needed) and which depends on the threshold in force: a threshold chosen
         * on a run under another threshold, or before other runs moved that estimate, missed its cost target on the
         * test split by half in one run. Validation only; the test split plays no part.
         */
        double settle(
                List<ReplaySample> validation,
                OperatingPoint point,
                long bestMicros,
                ScoredCascades tiers,
                double start)
                throws Exception {
            long target = Math.round(point.costShare() * bestMicros);
            double threshold = start;
            for (int round = 1; round <= SETTLE_ROUNDS; round++) {
                Map<QualityTier, Double> these = new EnumMap<>(tiers.thresholds());
                these.put(point.tier(), threshold);
                pipeline.learnedSelector().useScoredCascades(tiers.withThresholds(these));
                ThresholdCalibration c = validate(
                        validation,
                        point.tier(),
                        "settle-" + point.tier().configName() + "-" + Math.round(100 * point.costShare()) + "-"
                                + round);
                double next = c.thresholdFor(target);
                out.printf(
                        Locale.ROOT,
                        "  settle %s, round %d: under %.3f the validation cost $%.3f (%d of %d score cascades);"
                                + " threshold %.3f meets $%.3f%n",
                        point.label(),
                        round,
                        threshold,
                        c.costMicros(threshold) / 1e6,
                        c.scoreCascades(),
                        c.requests(),
                        next,
                        target / 1e6);
                if (Math.abs(next - threshold) < 0.01) {
                    return next;
                }
                threshold = next;
            }
            return threshold;
        }

        /** The validation slice routed under {@code tier}, no feedback: what its thresholds are chosen from. */
        ThresholdCalibration validate(List<ReplaySample> rows, QualityTier tier, String batch) throws Exception {
            Map<String, ReplaySample> rowOf = new HashMap<>();
            List<ReplayDriver.Call> calls = routed(rows, tier, batch, rowOf);
            Map<String, ExecutionResult> results = driver.run(calls, r -> Optional.empty(), timeout, batch, out);
            return ThresholdCalibration.of(results, rowOf, rc);
        }

        /** The test prompts routed at one operating point, measured by recorded scores and the ledger's bill. */
        RouterRun test(List<ReplaySample> rows, OperatingPoint point, double threshold, String batch) throws Exception {
            Map<String, ReplaySample> rowOf = new HashMap<>();
            List<ReplayDriver.Call> calls = routed(rows, point.tier(), batch, rowOf);
            Map<String, ExecutionResult> results =
                    driver.run(calls, r -> Optional.empty(), timeout, "test, " + point.label(), out);
            long billedCalls = results.values().stream()
                    .mapToLong(r -> r.getAttempts().size())
                    .sum();
            UsageTotals billed =
                    ReplaySteps.awaitBilled(pipeline, ReplayConfig.ROUTED_TENANT, batch, billedCalls, timeout);
            return RouterRun.of(point.label(), threshold, results, rowOf, rc, billed);
        }

        private List<ReplayDriver.Call> routed(
                List<ReplaySample> rows, QualityTier tier, String batch, Map<String, ReplaySample> rowOf) {
            List<ReplayDriver.Call> calls = new ArrayList<>();
            int k = 0;
            for (ReplaySample s : rows) {
                RouteRequest r =
                        ReplaySteps.request(batch + "-" + (++k), ReplayConfig.ROUTED_TENANT, batch, s.prompt(), null);
                r.getHints().setQualityTier(tier.configName());
                calls.add(new ReplayDriver.Call(r, s));
                rowOf.put(r.getRequestId(), s);
            }
            return calls;
        }
    }
}
