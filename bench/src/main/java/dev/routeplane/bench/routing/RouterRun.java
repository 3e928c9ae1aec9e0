package dev.routeplane.bench.routing;

import dev.routeplane.contract.ExecutionResult;
import dev.routeplane.contract.ResultStatus;
import dev.routeplane.control.replay.ReplayConfig;
import dev.routeplane.ledger.UsageTotals;
import dev.routeplane.simulator.RecordedAnswer;
import dev.routeplane.simulator.ReplaySample;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the router did on the test prompts at one operating point: accuracy by the recorded score of the answer it
 * returned, cost as the ledger billed it, and how it got there (per task, per model, cascades kept and escalated).
 *
 * @param label       the operating point, e.g. {@code standard (30% target)}
 * @param threshold   the score cascades' keep threshold it ran with
 * @param correct     recorded scores of the returned answers, summed
 * @param n           requests
 * @param billedUsd   what the ledger billed for the run
 * @param calls       provider calls the ledger billed
 * @param recordedUsd recorded cost of the returned answers alone
 * @param failed      requests without an answer
 * @param byTask      per task: correct, recorded cost of the returned answers, requests (labels for the report only)
 * @param share       requests per model whose answer was returned
 * @param cascades    cascade requests by outcome: kept or escalated
 */
record RouterRun(
        String label,
        double threshold,
        double correct,
        int n,
        double billedUsd,
        long calls,
        double recordedUsd,
        int failed,
        Map<String, double[]> byTask,
        Map<String, Integer> share,
        Map<String, Integer> cascades) {

    double accuracy() {
        return n == 0 ? 0 : correct / n;
    }

    static RouterRun of(
            String label,
            double threshold,
            Map<String, ExecutionResult> results,
            Map<String, ReplaySample> rowOf,
            ReplayConfig rc,
            UsageTotals billed) {
        double correct = 0;
        double recorded = 0;
        int failed = 0;
        Map<String, double[]> byTask = new TreeMap<>();
        Map<String, Integer> share = new TreeMap<>();
        Map<String, Integer> cascades = new TreeMap<>();
        for (ExecutionResult r : results.values()) {
            ReplaySample s = rowOf.get(r.getRequestId());
            double[] t = byTask.computeIfAbsent(s.task(), x -> new double[3]);
            t[2]++;
            if (r.getStatus() != ResultStatus.SUCCEEDED || r.getModel() == null) {
                failed++;
                continue;
            }
            RecordedAnswer a = s.answers().get(rc.wireModel(r.getModel()));
            correct += a.correctness();
            recorded += a.costMicros() / 1e6;
            t[0] += a.correctness();
            t[1] += a.costMicros() / 1e6;
            share.merge(a.model(), 1, Integer::sum);
            if (r.getCascade() != null) {
                String kind = r.getCascadeScores().isEmpty() ? "by agreement" : "by score";
                cascades.merge((r.getEscalated() ? "escalated " : "kept ") + kind, 1, Integer::sum);
            }
        }
        return new RouterRun(
                label,
                threshold,
                correct,
                results.size(),
                billed.costMicros() / 1e6,
                billed.calls(),
                recorded,
                failed,
                byTask,
                share,
                cascades);
    }
}
