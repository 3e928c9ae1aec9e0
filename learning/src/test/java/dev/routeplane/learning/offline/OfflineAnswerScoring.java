package dev.routeplane.learning.offline;

import dev.routeplane.cascade.StageAnswers;
import dev.routeplane.learning.AnswerFeaturizer;
import dev.routeplane.learning.AnswerScorer;
import dev.routeplane.learning.AnswerScoring;
import dev.routeplane.learning.OnlineSuccessEstimator;
import dev.routeplane.learning.SparseVector;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * Offline check of the answer scorer on recorded outcomes: trains one scorer per model from the train split as the
 * learner would see an evaluation sweep (each prompt's answers arriving in random order, each one's peers the answers
 * that came before it), then, on the test split, prints each cheap pair's AUC alone and with its partner as peer, and
 * the cost and accuracy of a two-stage cascade escalating to the dearest model under a range of thresholds. Task names
 * label the report only. Run by hand: {@code java ... OfflineAnswerScoring [dataDir] [stageA] [stageB]}.
 */
public final class OfflineAnswerScoring {
    private OfflineAnswerScoring() {}

    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args.length > 0 ? args[0] : "/work/shared/data/routerbench-subset");
        String a = args.length > 1 ? args[1] : "zero-one-ai/Yi-34B-Chat";
        String b = args.length > 2 ? args[2] : "mistralai/mixtral-8x7b-chat";
        BenchData train = BenchData.load(dir, "train");
        BenchData test = BenchData.load(dir, "test");
        AnswerScoring settings = AnswerScoring.ofDefaults();
        AnswerFeaturizer featurizer = settings.featurizer();
        OnlineSuccessEstimator trained = new OnlineSuccessEstimator(settings.estimator());
        record Example(String model, SparseVector x, double y) {}
        List<Example> examples = new ArrayList<>();
        Random random = new Random(42);
        long t0 = System.nanoTime();
        for (BenchRow r : train.rows) {
            AnswerFeaturizer.PromptSide prompt = featurizer.prompt(r.prompt());
            List<String> order = new ArrayList<>(train.models);
            Collections.shuffle(order, random);
            List<AnswerFeaturizer.Peer> before = new ArrayList<>();
            for (String m : order) {
                AnswerFeaturizer.AnswerSide side =
                        featurizer.answer(prompt, r.responses().get(m));
                if (r.scores().get(m) != null) {
                    examples.add(new Example(
                            m,
                            featurizer.vector(prompt, side, List.copyOf(before)),
                            r.scores().get(m)));
                }
                before.add(new AnswerFeaturizer.Peer(m, side.fingerprint()));
            }
        }
        Collections.shuffle(examples, random);
        for (Example e : examples) {
            trained.update(e.x(), AnswerScorer.route(e.model()), e.y());
        }
        System.out.printf(
                Locale.ROOT, "trained on %d answers in %.1f s%n", examples.size(), (System.nanoTime() - t0) / 1e9);
        AnswerScorer scorer = new AnswerScorer(settings);
        for (String route : trained.learnedRoutes()) {
            scorer.load(settings.featurizerId(), trained.snapshot(route));
        }

        List<BenchRow> rows = test.rows.stream().filter(BenchRow::complete).toList();
        String dear = "gpt-4-1106-preview";
        double dearCost = rows.stream().mapToDouble(r -> r.costs().get(dear)).sum();
        List<double[]> scored = new ArrayList<>();
        for (String task : rows.stream().map(BenchRow::task).distinct().toList()) {
            List<BenchRow> mine =
                    rows.stream().filter(r -> r.task().equals(task)).toList();
            for (String m : List.of(a, b)) {
                String other = m.equals(a) ? b : a;
                List<double[]> alone = new ArrayList<>();
                List<double[]> paired = new ArrayList<>();
                for (BenchRow r : mine) {
                    double y = r.scores().get(m);
                    alone.add(new double[] {
                        scorer.scores(new StageAnswers(
                                        r.prompt(),
                                        List.of(new StageAnswers.Answer(
                                                m, r.responses().get(m)))))
                                .get(0),
                        y
                    });
                    paired.add(new double[] {
                        scorer.scores(new StageAnswers(
                                        r.prompt(),
                                        List.of(
                                                new StageAnswers.Answer(
                                                        m, r.responses().get(m)),
                                                new StageAnswers.Answer(
                                                        other, r.responses().get(other)))))
                                .get(0),
                        y
                    });
                }
                System.out.printf(
                        Locale.ROOT, "%-14s %-32s AUC alone %.3f, with peer %.3f%n", task, m, auc(alone), auc(paired));
            }
        }
        for (BenchRow r : rows) {
            List<Double> s = scorer.scores(new StageAnswers(
                    r.prompt(),
                    List.of(
                            new StageAnswers.Answer(a, r.responses().get(a)),
                            new StageAnswers.Answer(b, r.responses().get(b)))));
            scored.add(new double[] {s.get(0), s.get(1)});
        }
        for (double tau : new double[] {0.5, 0.6, 0.7, 0.75, 0.8, 0.85, 0.9, 0.95}) {
            double correct = 0;
            double cost = 0;
            for (int i = 0; i < rows.size(); i++) {
                BenchRow r = rows.get(i);
                double[] s = scored.get(i);
                cost += r.costs().get(a) + r.costs().get(b);
                int best = s[0] >= s[1] ? 0 : 1;
                if (s[best] >= tau) {
                    correct += r.scores().get(best == 0 ? a : b);
                } else {
                    correct += r.scores().get(dear);
                    cost += r.costs().get(dear);
                }
            }
            System.out.printf(
                    Locale.ROOT,
                    "cascade %s + %s > %s at %.2f: accuracy %.3f at $%.3f = %.1f%% of always-%s%n",
                    a,
                    b,
                    dear,
                    tau,
                    correct / rows.size(),
                    cost,
                    100 * cost / dearCost,
                    dear);
        }
    }

    /** Area under the ROC curve of (score, label) pairs; ties count half. */
    static double auc(List<double[]> pairs) {
        List<double[]> sorted = new ArrayList<>(pairs);
        sorted.sort((x, y) -> Double.compare(x[0], y[0]));
        double positives = 0;
        double rankSum = 0;
        int i = 0;
        while (i < sorted.size()) {
            int j = i;
            while (j < sorted.size() && sorted.get(j)[0] == sorted.get(i)[0]) {
                j++;
            }
            double midRank = (i + 1 + j) / 2.0;
            for (int k = i; k < j; k++) {
                if (sorted.get(k)[1] > 0.5) {
                    positives++;
                    rankSum += midRank;
                }
            }
            i = j;
        }
        double negatives = sorted.size() - positives;
        return positives == 0 || negatives == 0
                ? Double.NaN
                : (rankSum - positives * (positives + 1) / 2) / (positives * negatives);
    }
}
