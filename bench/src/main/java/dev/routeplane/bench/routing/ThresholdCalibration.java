package dev.routeplane.bench.routing;

import dev.routeplane.cascade.CascadePlan;
import dev.routeplane.contract.ExecutionResult;
import dev.routeplane.control.replay.ReplayConfig;
import dev.routeplane.simulator.RecordedAnswer;
import dev.routeplane.simulator.ReplaySample;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Chooses the score threshold of {@code ANSWER_SCORE} cascades that meets a cost target, from one routed run over a
 * validation slice (train prompts held out of every feedback). Each score cascade's result records its cheap answers'
 * scores, and the recorded data says what each stage and the escalation cost on that prompt, so the cost of the same
 * routing decisions under any other threshold follows without routing again: the stages always, the escalation where
 * no answer scores at least the threshold. Requests routed otherwise cost what they were billed. Needs no labels.
 */
final class ThresholdCalibration {
    /** One routed request: what it costs whatever the threshold, and what escalating adds below its best score. */
    private record Routed(long fixedMicros, long escalationMicros, double bestScore) {}

    private final List<Routed> routed;
    private final int scoreCascades;

    private ThresholdCalibration(List<Routed> routed, int scoreCascades) {
        this.routed = List.copyOf(routed);
        this.scoreCascades = scoreCascades;
    }

    /**
     * @param results the validation run's results by request id
     * @param rowOf   each request's recorded row
     * @param rc      maps model ids to recorded model names
     */
    static ThresholdCalibration of(
            Map<String, ExecutionResult> results, Map<String, ReplaySample> rowOf, ReplayConfig rc) {
        List<Routed> routed = new ArrayList<>(results.size());
        int cascades = 0;
        for (ExecutionResult r : results.values()) {
            double best = Double.NaN;
            for (double s : r.getCascadeScores()) {
                if (!Double.isNaN(s) && (Double.isNaN(best) || s > best)) {
                    best = s;
                }
            }
            if (r.getCascade() == null || Double.isNaN(best)) {
                routed.add(new Routed(r.getCostMicros(), 0, Double.NaN));
                continue;
            }
            ReplaySample row = rowOf.get(r.getRequestId());
            long stages = 0;
            for (String model : CascadePlan.stagesOf(r.getCascade())) {
                stages += recorded(row, rc, model).costMicros();
            }
            long escalation =
                    recorded(row, rc, CascadePlan.escalationOf(r.getCascade())).costMicros();
            routed.add(new Routed(stages, escalation, best));
            cascades++;
        }
        return new ThresholdCalibration(routed, cascades);
    }

    /** What the run would have cost with {@code threshold}, in micro-dollars. */
    long costMicros(double threshold) {
        long sum = 0;
        for (Routed r : routed) {
            sum += r.fixedMicros();
            if (!Double.isNaN(r.bestScore()) && r.bestScore() < threshold) {
                sum += r.escalationMicros();
            }
        }
        return sum;
    }

    /**
     * The highest threshold in steps of 0.001 from 0 to 1 whose cost stays within {@code targetMicros}: the most
     * escalation, and so the most quality, the target pays for. 0 when even keeping every cheap answer costs more.
     */
    double thresholdFor(long targetMicros) {
        double chosen = 0;
        for (int milli = 0; milli <= 1_000; milli++) {
            double t = milli / 1_000.0;
            if (costMicros(t) <= targetMicros) {
                chosen = t;
            }
        }
        return chosen;
    }

    /** Requests that ran as score cascades in the validation run. */
    int scoreCascades() {
        return scoreCascades;
    }

    /** Requests in the validation run. */
    int requests() {
        return routed.size();
    }

    private static RecordedAnswer recorded(ReplaySample row, ReplayConfig rc, String modelId) {
        RecordedAnswer a = row.answers().get(rc.wireModel(modelId));
        if (a == null) {
            throw new IllegalStateException("row " + row.key() + " has no recorded answer of " + modelId);
        }
        return a;
    }
}
