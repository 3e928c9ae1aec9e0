package dev.routeplane.bench.routing;

import dev.routeplane.cascade.EscalationVerdict;
import dev.routeplane.cascade.StageAnswers;
import dev.routeplane.cascade.signal.AnswerAgreement;
import dev.routeplane.simulator.RecordedAnswer;
import dev.routeplane.simulator.ReplaySample;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reference strategies computed from the recorded outcomes of the measured prompts: each single model, the best
 * single model per task, the best fixed per-task policies within a cost, a uniformly random model and the oracle.
 * Evaluation labels: reporting only.
 */
final class RecordedScores {

    /** Accuracy and recorded cost of one strategy over {@code n} prompts. */
    record Figure(String name, double correct, double costUsd, int n) {
        double accuracy() {
            return n == 0 ? 0 : correct / n;
        }
    }

    private final List<ReplaySample> rows;
    private final List<String> models;

    /** @param rows prompts every model has a scored answer for; @param models recorded model names */
    RecordedScores(List<ReplaySample> rows, List<String> models) {
        this.rows = List.copyOf(rows);
        this.models = List.copyOf(models);
    }

    Figure always(String model, List<ReplaySample> subset) {
        double correct = 0;
        double cost = 0;
        for (ReplaySample s : subset) {
            RecordedAnswer a = s.answers().get(model);
            correct += a.correctness();
            cost += a.costMicros() / 1e6;
        }
        return new Figure("always " + model, correct, cost, subset.size());
    }

    /** Every single model over all rows, in data order. */
    List<Figure> singles() {
        List<Figure> out = new ArrayList<>();
        for (String m : models) {
            out.add(always(m, rows));
        }
        return out;
    }

    /** The most accurate single model; the cheaper on ties. */
    static Figure best(List<Figure> singles) {
        Figure best = null;
        for (Figure f : singles) {
            if (best == null
                    || f.correct() > best.correct()
                    || (f.correct() == best.correct() && f.costUsd() < best.costUsd())) {
                best = f;
            }
        }
        return best;
    }

    /** The best single model of each task picked on these rows (a hindsight reference), summed. */
    Figure perTaskBest(Map<String, String> chosen) {
        double correct = 0;
        double cost = 0;
        for (Map.Entry<String, List<ReplaySample>> task : byTask().entrySet()) {
            List<Figure> singles = new ArrayList<>();
            for (String m : models) {
                singles.add(always(m, task.getValue()));
            }
            Figure best = best(singles);
            chosen.put(task.getKey(), best.name().substring("always ".length()));
            correct += best.correct();
            cost += best.costUsd();
        }
        return new Figure("per-task best single model (hindsight)", correct, cost, rows.size());
    }

    /**
     * The most accurate choice of one fixed policy per task whose summed cost stays within {@code budgetUsd}, picked
     * on these rows (a hindsight bound): a policy is a single model, or a cascade of two models judged by the
     * executors' own answer-agreement signal that escalates to a third. No per-prompt router that only uses fixed
     * per-task policies of these kinds can beat it at that cost.
     *
     * @param chosen receives each task's policy
     */
    Figure bestFixedPoliciesWithin(double budgetUsd, Map<String, String> chosen) {
        List<List<Option>> frontiers = new ArrayList<>();
        for (Map.Entry<String, List<ReplaySample>> task : byTask().entrySet()) {
            frontiers.add(frontier(policies(task.getKey(), task.getValue())));
        }
        List<Option> combined = List.of(new Option("", 0, 0));
        for (List<Option> f : frontiers) {
            List<Option> next = new ArrayList<>();
            for (Option a : combined) {
                for (Option b : f) {
                    if (a.cost + b.cost <= budgetUsd) {
                        next.add(new Option(
                                a.name.isEmpty() ? b.name : a.name + "\n" + b.name,
                                a.correct + b.correct,
                                a.cost + b.cost));
                    }
                }
            }
            combined = frontier(next);
        }
        Option best = null;
        for (Option o : combined) {
            if (best == null || o.correct > best.correct) {
                best = o;
            }
        }
        if (best == null) {
            return new Figure("no fixed policies fit", 0, 0, rows.size());
        }
        for (String line : best.name.split("\n")) {
            int colon = line.indexOf(": ");
            chosen.put(line.substring(0, colon), line.substring(colon + 2));
        }
        return new Figure(
                String.format(Locale.ROOT, "best fixed policy per task within $%.3f (hindsight)", budgetUsd),
                best.correct,
                best.cost,
                rows.size());
    }

    /** One candidate policy (or combination of policies) with its correct answers and recorded cost. */
    private record Option(String name, double correct, double cost) {}

    private List<Option> policies(String task, List<ReplaySample> subset) {
        List<Option> out = new ArrayList<>();
        for (String m : models) {
            Figure f = always(m, subset);
            out.add(new Option(task + ": " + m, f.correct(), f.costUsd()));
        }
        AnswerAgreement agreement = new AnswerAgreement();
        for (int i = 0; i < models.size(); i++) {
            for (int j = i + 1; j < models.size(); j++) {
                String a = models.get(i);
                String b = models.get(j);
                double keptCorrect = 0;
                double pairCost = 0;
                boolean[] escalates = new boolean[subset.size()];
                for (int k = 0; k < subset.size(); k++) {
                    RecordedAnswer ra = subset.get(k).answers().get(a);
                    RecordedAnswer rb = subset.get(k).answers().get(b);
                    pairCost += (ra.costMicros() + rb.costMicros()) / 1e6;
                    EscalationVerdict v = agreement.evaluate(StageAnswers.ofTexts(ra.response(), rb.response()));
                    escalates[k] = v.escalate();
                    if (!v.escalate()) {
                        keptCorrect += (v.answerIndex() == 0 ? ra : rb).correctness();
                    }
                }
                for (String e : models) {
                    if (e.equals(a) || e.equals(b)) {
                        continue;
                    }
                    double correct = keptCorrect;
                    double cost = pairCost;
                    for (int k = 0; k < subset.size(); k++) {
                        if (escalates[k]) {
                            RecordedAnswer re = subset.get(k).answers().get(e);
                            correct += re.correctness();
                            cost += re.costMicros() / 1e6;
                        }
                    }
                    out.add(new Option(task + ": cascade " + a + " + " + b + " > " + e, correct, cost));
                }
            }
        }
        return out;
    }

    /** The options no other option beats on both accuracy and cost, cheapest first. */
    private static List<Option> frontier(List<Option> options) {
        List<Option> sorted = new ArrayList<>(options);
        sorted.sort(Comparator.comparingDouble(Option::cost).thenComparing(o -> -o.correct()));
        List<Option> out = new ArrayList<>();
        double best = Double.NEGATIVE_INFINITY;
        for (Option o : sorted) {
            if (o.correct > best) {
                out.add(o);
                best = o.correct;
            }
        }
        return out;
    }

    /** The expected figures of picking a model uniformly at random per prompt. */
    Figure random() {
        double correct = 0;
        double cost = 0;
        for (ReplaySample s : rows) {
            for (String m : models) {
                correct += s.answers().get(m).correctness() / models.size();
                cost += s.answers().get(m).costMicros() / 1e6 / models.size();
            }
        }
        return new Figure("random model (expected)", correct, cost, rows.size());
    }

    /** The cheapest correct model per prompt; the cheapest model when none is correct. */
    Figure oracle() {
        double correct = 0;
        double cost = 0;
        for (ReplaySample s : rows) {
            RecordedAnswer pick = null;
            RecordedAnswer cheapest = null;
            for (String m : models) {
                RecordedAnswer a = s.answers().get(m);
                if (cheapest == null || a.costMicros() < cheapest.costMicros()) {
                    cheapest = a;
                }
                if (a.correctness() > 0.5 && (pick == null || a.costMicros() < pick.costMicros())) {
                    pick = a;
                }
            }
            RecordedAnswer chosen = pick != null ? pick : cheapest;
            correct += chosen.correctness();
            cost += chosen.costMicros() / 1e6;
        }
        return new Figure("oracle (cheapest correct model)", correct, cost, rows.size());
    }

    Map<String, List<ReplaySample>> byTask() {
        Map<String, List<ReplaySample>> out = new LinkedHashMap<>();
        for (ReplaySample s : rows) {
            out.computeIfAbsent(s.task(), k -> new ArrayList<>()).add(s);
        }
        return out;
    }
}
