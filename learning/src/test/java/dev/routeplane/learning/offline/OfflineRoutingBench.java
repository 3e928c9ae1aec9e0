package dev.routeplane.learning.offline;

import dev.routeplane.cascade.CascadePlan;
import dev.routeplane.cascade.CascadePlanner;
import dev.routeplane.cascade.EscalationVerdict;
import dev.routeplane.cascade.PlanOption;
import dev.routeplane.cascade.Signals;
import dev.routeplane.cascade.StageAnswers;
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
import dev.routeplane.learning.RouteOption;
import dev.routeplane.learning.SparseVector;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;

/**
 * Offline evaluation of learned routing and cascades on recorded per-model outcomes (RouterBench shape).
 *
 * <p>Assumption, as in {@code bench routing}: the train split is replayed through every model with
 * feedback, so the learner sees one (features, model, score) example per recorded train pair, and one
 * (features, cascade, outcome, escalated) example for the cascade the router's planner picks for that prompt
 * from a cheap pool ({@link CascadePlans}), computed from the recorded responses exactly as the executor would. Task names never reach the router; they label the report only.
 * Test rows missing any model's score are left out (the router may pick any model). Every call a route
 * makes on test is charged at its recorded cost.
 *
 * <p>Run by hand: {@code java ... OfflineRoutingBench [dataDir] [epochs]}.
 */
public final class OfflineRoutingBench {
    private static final Signals SIGNALS = Signals.builtIn();

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

        Set<String> pool = CascadePlans.pool(train.rows, models);
        OnlineSuccessEstimator estimator =
                new OnlineSuccessEstimator(tuned(EstimatorConfig.ofDefaults().withDimension(featurizer.dimension())));
        CostEstimator costs = new CostEstimator();
        Options options = new Options(estimator, costs, models, pool);
        double[] ll = new double[3];
        Random shuffle = new Random(42);
        for (int epoch = 0; epoch < epochs; epoch++) {
            List<Prepared> stream = new ArrayList<>(trainRows);
            Collections.shuffle(stream, shuffle);
            for (Prepared p : stream) {
                learn(p, models, options, estimator, costs, epoch == 0 ? ll : null);
            }
        }

        System.out.printf(
                Locale.ROOT, "train progressive log loss %.4f over %d examples%n", ll[0] / ll[2], (long) ll[2]);
        ChooserConfig chooserConfig = ChooserConfig.ofDefaults();
        CostQualityChooser chooser = new CostQualityChooser(chooserConfig);
        List<Result> table = new ArrayList<>();
        for (String m : models) {
            table.add(evaluate("always " + m, testRows, p -> m, options));
        }
        Result best = table.stream()
                .max(Comparator.comparingDouble(Result::accuracy).thenComparing(r -> -r.cost()))
                .orElseThrow();
        table.add(random(testRows, models));
        table.add(perTaskBest(testRows, models, options));
        Result oracle = oracle(testRows, models);
        table.add(oracle);
        table.add(evaluate(
                "learned-only (standard)",
                testRows,
                p -> chooser.choose(
                                options.of(p, false),
                                QualityTier.STANDARD,
                                p.row().sampleId())
                        .route(),
                options));
        Result router = null;
        Map<String, Result> byTask = new java.util.TreeMap<>();
        for (QualityTier tier : QualityTier.values()) {
            Result r = evaluate(
                    "learned+cascade (" + tier.name().toLowerCase(Locale.ROOT) + ")",
                    testRows,
                    p -> chooser.choose(options.of(p, true), tier, p.row().sampleId())
                            .route(),
                    options);
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
                                                    options.of(p, true),
                                                    tier,
                                                    p.row().sampleId())
                                            .route(),
                                    options));
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
            out.add(new Prepared(r, featurizer.featurize(r.prompt(), f.categories()), f.inputTokens()));
        }
        return out;
    }

    /**
     * The chooser's options for a prompt: every model, and (with {@code cascades}) the cascade the router's planner
     * picks from the pool for it, estimated as the router estimates it.
     */
    static final class Options {
        private final CascadePlanner planner = new CascadePlanner();
        private final OnlineSuccessEstimator estimator;
        private final CostEstimator costs;
        private final List<String> models;
        private final Set<String> pool;

        Options(OnlineSuccessEstimator estimator, CostEstimator costs, List<String> models, Set<String> pool) {
            this.estimator = estimator;
            this.costs = costs;
            this.models = models;
            this.pool = pool;
        }

        /** The cascade the router would plan for {@code p} now, if one could pay. */
        Optional<CascadePlan> plan(Prepared p) {
            List<PlanOption> single = new ArrayList<>(models.size());
            for (String m : models) {
                single.add(new PlanOption(
                        m,
                        null,
                        estimator.estimate(p.x(), m).probability(),
                        Math.round(costs.expectedCost(m, p.tokens()) * 1e6),
                        0)); // no budget offline: worst cases are never reserved
            }
            return planner.plan(pool, single, false, false);
        }

        List<RouteOption> of(Prepared p, boolean cascades) {
            List<RouteOption> out = new ArrayList<>();
            for (String m : models) {
                out.add(new RouteOption(m, estimator.estimate(p.x(), m), costs.expectedCost(m, p.tokens())));
            }
            if (cascades) {
                plan(p).ifPresent(plan -> {
                    double pEscalate = estimator
                            .estimate(p.x(), plan.escalationKey(), plan.escalationFromParts())
                            .probability();
                    out.add(new RouteOption(
                            plan.id(),
                            estimator.estimate(p.x(), plan.id(), plan.successFromParts()),
                            plan.expectedCostMicros(pEscalate) / 1e6));
                });
            }
            return out;
        }
    }

    /** The feedback the production learner would receive for one replayed train prompt. */
    private static void learn(
            Prepared p,
            List<String> models,
            Options options,
            OnlineSuccessEstimator estimator,
            CostEstimator costs,
            double[] logLoss) {
        BenchRow row = p.row();
        for (String m : models) {
            Double score = row.scores().get(m);
            if (score != null) {
                if (logLoss != null) {
                    // Progressive validation: log loss of the estimate made before learning the example.
                    double q = Math.min(
                            1 - 1e-6,
                            Math.max(1e-6, estimator.estimate(p.x(), m).probability()));
                    logLoss[0] -= score * Math.log(q) + (1 - score) * Math.log(1 - q);
                    logLoss[2]++;
                }
                estimator.update(p.x(), m, score);
                costs.observe(m, p.tokens(), row.costs().get(m));
            }
        }
        // Planned once this row's costs are known, so the very first row has a cost for every model.
        Optional<CascadePlan> plan = options.plan(p);
        if (plan.isPresent()) {
            Outcome o = runCascade(plan.get(), row);
            if (o != null) {
                // As the learner does: the cascade as a whole, and whether it escalated.
                estimator.update(p.x(), plan.get().id(), o.score());
                estimator.update(p.x(), plan.get().escalationKey(), o.escalated() ? 1 : 0);
            }
        }
    }

    record Outcome(double score, double cost, boolean escalated) {}

    /** Replays a cascade on recorded responses: cheap calls, signal, maybe the escalation call. */
    static Outcome runCascade(CascadePlan plan, BenchRow row) {
        List<String> responses = new ArrayList<>();
        double cost = 0;
        for (String r : plan.stageModels()) {
            responses.add(row.responses().get(r));
            cost += row.costs().get(r);
        }
        EscalationVerdict v =
                SIGNALS.forName(plan.signal().name()).evaluate(StageAnswers.ofTexts(responses.toArray(String[]::new)));
        String escalation = plan.escalation().model();
        String answered = v.escalate() ? escalation : plan.stageModels().get(v.answerIndex());
        if (v.escalate()) {
            cost += row.costs().get(escalation);
        }
        Double score = row.scores().get(answered);
        return score == null ? null : new Outcome(score, cost, v.escalate());
    }

    private static Result evaluate(
            String name, List<Prepared> rows, java.util.function.Function<Prepared, String> route, Options options) {
        double correct = 0;
        double cost = 0;
        for (Prepared p : rows) {
            String r = route.apply(p);
            Optional<CascadePlan> plan = options.plan(p).filter(pl -> pl.id().equals(r));
            if (plan.isPresent()) {
                Outcome o = runCascade(plan.get(), p.row());
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
    private static Result perTaskBest(List<Prepared> rows, List<String> models, Options options) {
        double correct = 0;
        double cost = 0;
        for (String task : rows.stream().map(p -> p.row().task()).distinct().toList()) {
            List<Prepared> sub =
                    rows.stream().filter(p -> p.row().task().equals(task)).toList();
            Result best = null;
            for (String m : models) {
                Result r = evaluate(m, sub, p -> m, options);
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
