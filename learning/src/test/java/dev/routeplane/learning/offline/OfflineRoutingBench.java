package dev.routeplane.learning.offline;

import dev.routeplane.classifier.ClassifierInput;
import dev.routeplane.classifier.Features;
import dev.routeplane.classifier.Message;
import dev.routeplane.classifier.RuleBasedClassifier;
import dev.routeplane.config.QualityTier;
import dev.routeplane.learning.ChooserConfig;
import dev.routeplane.learning.CostEstimator;
import dev.routeplane.learning.CostQualityChooser;
import dev.routeplane.learning.EstimatorConfig;
import dev.routeplane.learning.HashingPromptFeaturizer;
import dev.routeplane.learning.OnlineSuccessEstimator;
import dev.routeplane.learning.SparseVector;
import dev.routeplane.learning.cascade.CascadePlan;
import dev.routeplane.learning.cascade.CascadePlanner;
import dev.routeplane.learning.cascade.EscalationVerdict;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * Offline evaluation of learned routing and cascades on recorded per-model outcomes (RouterBench shape).
 *
 * <p>Assumption, as in {@code bench routing}: the train split is replayed through every model with
 * feedback, so the learner sees one (features, model, score) example per recorded train pair, and one
 * (features, cascade, outcome, escalated) example per configured cascade, computed from the recorded
 * responses exactly as the executor would. Task names never reach the router; they label the report only.
 * Test rows missing any model's score are left out (the router may pick any model). Every call a route
 * makes on test is charged at its recorded cost.
 *
 * <p>Run by hand: {@code java ... OfflineRoutingBench [dataDir] [epochs]}.
 */
public final class OfflineRoutingBench {

    /** Accuracy and cost of one routing strategy over the test rows. */
    record Result(String name, double correct, double cost, int n) {
        double accuracy() {
            return correct / n;
        }
    }

    /** A test or train prompt with what is known before any call. */
    record Prepared(BenchRow row, SparseVector x, int tokens) {}

    /** Everything a run produced, for printing and for the IT to assert on. */
    record Report(
            List<Result> table,
            Result router,
            Result best,
            Result oracle,
            Map<String, Result> routerByTask,
            String finalLine) {}

    private OfflineRoutingBench() {}

    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args.length > 0 ? args[0] : "/work/shared/data/routerbench-subset");
        int epochs = args.length > 1 ? Integer.parseInt(args[1]) : 1;
        Report report = run(dir, epochs);
        print(report);
    }

    static void print(Report report) {
        System.out.printf(Locale.ROOT, "%-48s %8s %10s %8s%n", "strategy", "accuracy", "cost $", "% best");
        for (Result r : report.table()) {
            System.out.printf(
                    Locale.ROOT,
                    "%-48s %8.3f %10.3f %7.1f%%%n",
                    r.name(),
                    r.accuracy(),
                    r.cost(),
                    100 * r.cost() / report.best().cost());
        }
        report.routerByTask()
                .forEach((task, r) -> System.out.printf(
                        Locale.ROOT, "  router on %-37s %8.3f %10.3f%n", task, r.accuracy(), r.cost()));
        System.out.println(report.finalLine());
    }

    static Report run(Path dir, int epochs) throws IOException {
        if (!Files.isDirectory(dir)) {
            throw new IllegalArgumentException("data directory " + dir + " does not exist");
        }
        BenchData train = BenchData.load(dir, "train");
        BenchData test = BenchData.load(dir, "test");
        List<String> models = train.models;
        HashingPromptFeaturizer featurizer = HashingPromptFeaturizer.ofDefaults();
        RuleBasedClassifier classifier = new RuleBasedClassifier();
        List<Prepared> trainRows = prepare(train.rows, featurizer, classifier);
        List<Prepared> testRows =
                prepare(test.rows.stream().filter(BenchRow::complete).toList(), featurizer, classifier);

        List<CascadePlan> plans = CascadePlans.fromFeedback(train.rows, models);
        OnlineSuccessEstimator estimator =
                new OnlineSuccessEstimator(tuned(EstimatorConfig.ofDefaults().withDimension(featurizer.dimension())));
        CostEstimator costs = new CostEstimator();
        Map<String, double[]> planStats = new HashMap<>();
        Random shuffle = new Random(42);
        for (int epoch = 0; epoch < epochs; epoch++) {
            List<Prepared> stream = new ArrayList<>(trainRows);
            Collections.shuffle(stream, shuffle);
            for (Prepared p : stream) {
                learn(p, models, plans, estimator, costs, epoch == 0 ? planStats : null);
            }
        }

        double[] ll = planStats.remove("#logloss");
        System.out.printf(
                Locale.ROOT, "train progressive log loss %.4f over %d examples%n", ll[0] / ll[2], (long) ll[2]);
        ChooserConfig chooserConfig = ChooserConfig.ofDefaults();
        CostQualityChooser chooser = new CostQualityChooser(chooserConfig);
        CascadePlanner planner = new CascadePlanner(estimator, costs, 3.0);
        List<Result> table = new ArrayList<>();
        for (String m : models) {
            table.add(evaluate("always " + m, testRows, p -> m, plans));
        }
        Result best = table.stream()
                .max(Comparator.comparingDouble(Result::accuracy).thenComparing(r -> -r.cost()))
                .orElseThrow();
        table.add(random(testRows, models));
        table.add(perTaskBest(testRows, models, plans));
        Result oracle = oracle(testRows, models);
        table.add(oracle);
        double lambda = chooserConfig.costWeight(QualityTier.STANDARD);
        String fixedPlan = CascadePlans.bestByTrainScore(planStats, lambda);
        if (fixedPlan != null) {
            table.add(evaluate("cascade-only " + fixedPlan, testRows, p -> fixedPlan, plans));
        }
        table.add(evaluate(
                "learned-only (standard)",
                testRows,
                p -> chooser.choose(
                                planner.candidates(p.x(), p.tokens(), models, List.of()),
                                QualityTier.STANDARD,
                                p.row().sampleId())
                        .route(),
                plans));
        Result router = null;
        Map<String, Result> byTask = new java.util.TreeMap<>();
        for (QualityTier tier : QualityTier.values()) {
            Result r = evaluate(
                    "learned+cascade (" + tier.name().toLowerCase(Locale.ROOT) + ")",
                    testRows,
                    p -> chooser.choose(
                                    planner.candidates(p.x(), p.tokens(), models, plans),
                                    tier,
                                    p.row().sampleId())
                            .route(),
                    plans);
            table.add(r);
            if (tier == QualityTier.STANDARD) {
                router = r;
                for (String task : testRows.stream()
                        .map(p -> p.row().task())
                        .distinct()
                        .sorted()
                        .toList()) {
                    byTask.put(
                            task,
                            evaluate(
                                    task,
                                    testRows.stream()
                                            .filter(p -> p.row().task().equals(task))
                                            .toList(),
                                    p -> chooser.choose(
                                                    planner.candidates(p.x(), p.tokens(), models, plans),
                                                    tier,
                                                    p.row().sampleId())
                                            .route(),
                                    plans));
                }
            }
        }
        String line = String.format(
                Locale.ROOT,
                "routing: accuracy %.3f at $%.3f = %.1f%% of always-%s (%.3f at $%.3f); oracle %.3f at $%.3f",
                router.accuracy(),
                router.cost(),
                100 * router.cost() / best.cost(),
                best.name().substring("always ".length()),
                best.accuracy(),
                best.cost(),
                oracle.accuracy(),
                oracle.cost());
        return new Report(table, router, best, oracle, byTask, line);
    }

    /** Lets a by-hand run try other settings: -Dlearning.rate=, -Dlearning.l2=. */
    private static EstimatorConfig tuned(EstimatorConfig c) {
        return new EstimatorConfig(
                c.dimension(),
                Double.parseDouble(System.getProperty("learning.rate", String.valueOf(c.learningRate()))),
                Double.parseDouble(System.getProperty("learning.l2", String.valueOf(c.l2()))),
                c.pseudoCount(),
                c.defaultPrior());
    }

    private static List<Prepared> prepare(
            List<BenchRow> rows, HashingPromptFeaturizer featurizer, RuleBasedClassifier classifier) {
        List<Prepared> out = new ArrayList<>(rows.size());
        for (BenchRow r : rows) {
            Features f = classifier.classify(ClassifierInput.of(Message.user(r.prompt())));
            out.add(new Prepared(r, featurizer.featurize(r.prompt(), f), f.inputTokens()));
        }
        return out;
    }

    /** The feedback the production learner would receive for one replayed train prompt. */
    private static void learn(
            Prepared p,
            List<String> models,
            List<CascadePlan> plans,
            OnlineSuccessEstimator estimator,
            CostEstimator costs,
            Map<String, double[]> planStats) {
        BenchRow row = p.row();
        for (String m : models) {
            Double score = row.scores().get(m);
            if (score != null) {
                if (planStats != null) {
                    // Progressive validation: log loss of the estimate made before learning the example.
                    double q = Math.min(
                            1 - 1e-6,
                            Math.max(1e-6, estimator.estimate(p.x(), m).probability()));
                    double[] ll = planStats.computeIfAbsent("#logloss", k -> new double[3]);
                    ll[0] -= score * Math.log(q) + (1 - score) * Math.log(1 - q);
                    ll[2]++;
                }
                estimator.update(p.x(), m, score);
                costs.observe(m, p.tokens(), row.costs().get(m));
            }
        }
        for (CascadePlan plan : plans) {
            Outcome o = runCascade(plan, row);
            if (o == null) {
                continue;
            }
            CascadePlanner.learn(estimator, p.x(), plan, o.escalated(), o.score());
            if (planStats != null) {
                double[] s = planStats.computeIfAbsent(plan.id(), k -> new double[3]);
                s[0] += o.score();
                s[1] += o.cost() / row.costs().get(plan.escalationRoute());
                s[2]++;
            }
        }
    }

    record Outcome(double score, double cost, boolean escalated) {}

    /** Replays a cascade on recorded responses: cheap calls, signal, maybe the escalation call. */
    static Outcome runCascade(CascadePlan plan, BenchRow row) {
        List<String> responses = new ArrayList<>();
        double cost = 0;
        for (String r : plan.cheapRoutes()) {
            responses.add(row.responses().get(r));
            cost += row.costs().get(r);
        }
        EscalationVerdict v = plan.signal().evaluate(responses);
        String answered =
                v.escalate() ? plan.escalationRoute() : plan.cheapRoutes().get(v.answerIndex());
        if (v.escalate()) {
            cost += row.costs().get(plan.escalationRoute());
        }
        Double score = row.scores().get(answered);
        return score == null ? null : new Outcome(score, cost, v.escalate());
    }

    private static Result evaluate(
            String name,
            List<Prepared> rows,
            java.util.function.Function<Prepared, String> route,
            List<CascadePlan> plans) {
        Map<String, CascadePlan> byId = new HashMap<>();
        plans.forEach(pl -> byId.put(pl.id(), pl));
        double correct = 0;
        double cost = 0;
        for (Prepared p : rows) {
            String r = route.apply(p);
            CascadePlan plan = byId.get(r);
            if (plan != null) {
                Outcome o = runCascade(plan, p.row());
                correct += o.score();
                cost += o.cost();
            } else {
                correct += p.row().scores().get(r);
                cost += p.row().costs().get(r);
            }
        }
        return new Result(name, correct, cost, rows.size());
    }

    private static Result random(List<Prepared> rows, List<String> models) {
        double correct = 0;
        double cost = 0;
        for (Prepared p : rows) {
            for (String m : models) {
                correct += p.row().scores().get(m) / models.size();
                cost += p.row().costs().get(m) / models.size();
            }
        }
        return new Result("random (expected)", correct, cost, rows.size());
    }

    /** Reference only: the single best model per task, picked on test (ties to the cheaper). */
    private static Result perTaskBest(List<Prepared> rows, List<String> models, List<CascadePlan> plans) {
        double correct = 0;
        double cost = 0;
        for (String task : rows.stream().map(p -> p.row().task()).distinct().toList()) {
            List<Prepared> sub =
                    rows.stream().filter(p -> p.row().task().equals(task)).toList();
            Result best = null;
            for (String m : models) {
                Result r = evaluate(m, sub, p -> m, plans);
                if (best == null
                        || r.correct() > best.correct()
                        || (r.correct() == best.correct() && r.cost() < best.cost())) {
                    best = r;
                }
            }
            correct += best.correct();
            cost += best.cost();
        }
        return new Result("per-task best single model (test oracle by task)", correct, cost, rows.size());
    }

    /** Reference only: the cheapest correct model per prompt; the cheapest model when none is correct. */
    private static Result oracle(List<Prepared> rows, List<String> models) {
        double correct = 0;
        double cost = 0;
        for (Prepared p : rows) {
            String pick = null;
            String cheapest = null;
            for (String m : models) {
                double c = p.row().costs().get(m);
                if (cheapest == null || c < p.row().costs().get(cheapest)) {
                    cheapest = m;
                }
                if (p.row().scores().get(m) > 0.5
                        && (pick == null || c < p.row().costs().get(pick))) {
                    pick = m;
                }
            }
            String chosen = pick != null ? pick : cheapest;
            correct += p.row().scores().get(chosen);
            cost += p.row().costs().get(chosen);
        }
        return new Result("oracle (cheapest correct)", correct, cost, rows.size());
    }
}
