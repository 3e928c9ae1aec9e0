package dev.routeplane.bench.routing;

import dev.routeplane.executors.simulator.RecordedAnswer;
import dev.routeplane.executors.simulator.ReplaySample;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reference strategies computed from the recorded outcomes of the measured prompts: each single model, the best
 * single model per task, a uniformly random model and the oracle. Evaluation labels: reporting only.
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
      if (best == null || f.correct() > best.correct() || (f.correct() == best.correct() && f.costUsd() < best.costUsd())) {
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
