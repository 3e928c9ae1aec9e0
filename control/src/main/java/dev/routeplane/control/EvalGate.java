package dev.routeplane.control;

import dev.routeplane.config.Model;
import dev.routeplane.contract.AliasBinding;
import dev.routeplane.contract.ExecutionResult;
import dev.routeplane.contract.RouteRequest;
import dev.routeplane.control.replay.ReplayConfig;
import dev.routeplane.control.replay.ReplayDriver;
import dev.routeplane.control.replay.ReplayPipeline;
import dev.routeplane.control.replay.ReplaySteps;
import dev.routeplane.ledger.UsageTotals;
import dev.routeplane.router.AliasHistory;
import dev.routeplane.simulator.RecordedAnswer;
import dev.routeplane.simulator.ReplayDataset;
import dev.routeplane.simulator.ReplaySample;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The eval gate: replays a recorded eval set through the pipeline twice, pinned to the alias as bound now and
 * pinned to the candidate model (scoring both with the recorded labels, published as feedback like an eval suite
 * would), and re-binds the alias to the candidate only when quality does not drop beyond a tolerance and cost and
 * latency stay within bounds; otherwise it refuses and says by how much each bound failed. The replay needs the
 * recorded data, so it always runs on a replay platform; the re-binding goes to an {@link AliasPromotion}: that
 * platform's own {@code rp.aliases.v1}, or a live cluster's.
 */
public final class EvalGate {

    /**
     * @param maxQualityDrop  tolerated accuracy drop (absolute, 0..1)
     * @param maxCostRatio    candidate cost / current cost at most this
     * @param maxLatencyRatio candidate p95 latency / current p95 at most this (with {@link #LATENCY_SLACK_MS} slack,
     *                        so that millisecond noise on fast routes cannot fail a gate)
     */
    public record Criteria(double maxQualityDrop, double maxCostRatio, double maxLatencyRatio) {
        static final long LATENCY_SLACK_MS = 250;

        public Criteria {
            if (!(maxQualityDrop >= 0) || !(maxCostRatio > 0) || !(maxLatencyRatio > 0)) {
                throw new IllegalArgumentException("gate bounds must be positive: quality drop " + maxQualityDrop
                        + ", cost ratio " + maxCostRatio + ", latency ratio " + maxLatencyRatio);
            }
        }

        /** 2 points of accuracy, +10% cost, 1.5x p95 latency. */
        public static Criteria ofDefaults() {
            return new Criteria(0.02, 1.10, 1.5);
        }
    }

    /** One side's figures over the eval set. */
    public record Side(String model, int prompts, double accuracy, double costUsd, long p95LatencyMs) {
        public String describe() {
            return String.format(
                    Locale.ROOT,
                    "%s: accuracy %.3f, cost $%.6f, p95 latency %d ms over %d prompts",
                    model,
                    accuracy,
                    costUsd,
                    p95LatencyMs,
                    prompts);
        }
    }

    /** The gate's outcome; {@code promotion} is the binding written when it passed, null before and on refusal. */
    public record Verdict(String alias, Side current, Side candidate, List<String> failures, AliasBinding promotion) {
        public Verdict {
            failures = List.copyOf(failures);
        }

        public boolean passed() {
            return failures.isEmpty();
        }

        public boolean promoted() {
            return promotion != null;
        }

        public Verdict promotedAs(AliasBinding written) {
            return new Verdict(alias, current, candidate, failures, written);
        }

        /** The figures and the decision, one line each. */
        public List<String> report() {
            return List.of("  now:       " + current.describe(), "  candidate: " + candidate.describe(), line());
        }

        public String line() {
            return passed()
                    ? "gate: promoted " + alias + " -> " + candidate.model() + " (" + String.join("; ", passes()) + ")"
                    : "gate: refused " + alias + " -> " + candidate.model() + ": " + String.join("; ", failures);
        }

        /** The reason a promotion records on {@code rp.aliases.v1}. */
        public String reason() {
            return String.format(
                    Locale.ROOT,
                    "eval gate: accuracy %.3f vs %.3f, cost $%.6f vs $%.6f, p95 %d vs %d ms on %d " + "prompts",
                    candidate.accuracy(),
                    current.accuracy(),
                    candidate.costUsd(),
                    current.costUsd(),
                    candidate.p95LatencyMs(),
                    current.p95LatencyMs(),
                    candidate.prompts());
        }

        private List<String> passes() {
            return List.of(
                    String.format(Locale.ROOT, "accuracy %.3f vs %.3f", candidate.accuracy(), current.accuracy()),
                    String.format(Locale.ROOT, "cost $%.6f vs $%.6f", candidate.costUsd(), current.costUsd()),
                    String.format(Locale.ROOT, "p95 %d ms vs %d ms", candidate.p95LatencyMs(), current.p95LatencyMs()));
        }
    }

    private EvalGate() {}

    /** The gate promoting on the replay platform's own {@code rp.aliases.v1}, discarded with it. */
    public static Verdict run(
            ReplayPipeline pipeline,
            ReplayConfig rc,
            ReplayDataset data,
            List<ReplaySample> evalSet,
            String alias,
            String candidate,
            Criteria criteria,
            Duration timeout,
            PrintStream out)
            throws Exception {
        return run(
                pipeline,
                rc,
                data,
                evalSet,
                alias,
                candidate,
                criteria,
                timeout,
                out,
                onReplayPlatform(pipeline, rc, alias, candidate, new PrintWriter(out, true)));
    }

    /**
     * Evaluates the alias as bound on the replay platform against the candidate and, when the gate passes, writes the
     * promotion where {@code promotion} says.
     *
     * @param evalSet   prompts with a recorded scored answer of both the current model and the candidate
     * @param candidate the candidate's model id or recorded name on the replay platform
     * @param out       progress
     */
    public static Verdict run(
            ReplayPipeline pipeline,
            ReplayConfig rc,
            ReplayDataset data,
            List<ReplaySample> evalSet,
            String alias,
            String candidate,
            Criteria criteria,
            Duration timeout,
            PrintStream out,
            AliasPromotion promotion)
            throws Exception {
        Verdict verdict = evaluate(pipeline, rc, data, evalSet, alias, candidate, criteria, timeout, out);
        return verdict.passed()
                ? verdict.promotedAs(promotion.write(verdict.reason(), Instant.now(), new PrintWriter(out, true)))
                : verdict;
    }

    /** Promotion on the replay platform, discarded with it. */
    public static AliasPromotion onReplayPlatform(
            ReplayPipeline pipeline, ReplayConfig rc, String alias, String candidate, PrintWriter err) {
        AliasTopic aliases = replayAliases(pipeline);
        return AliasPromotion.onReplayPlatform(
                aliases, rc.config(), replayBinding(aliases, rc, alias, err), replayModel(rc, candidate));
    }

    private static Verdict evaluate(
            ReplayPipeline pipeline,
            ReplayConfig rc,
            ReplayDataset data,
            List<ReplaySample> evalSet,
            String alias,
            String candidate,
            Criteria criteria,
            Duration timeout,
            PrintStream out)
            throws Exception {
        AliasBinding bound = replayBinding(replayAliases(pipeline), rc, alias, new PrintWriter(out, true));
        Model current = model(rc, bound.getProvider(), bound.getModel());
        Model next = replayModel(rc, candidate);
        String wireCurrent = current.providerModel();
        String wireNext = next.providerModel();
        List<ReplaySample> usable = evalSet.stream()
                .filter(s -> scored(s, wireCurrent) && scored(s, wireNext))
                .toList();
        if (usable.isEmpty()) {
            throw new IllegalArgumentException(
                    "no prompt of the eval set has recorded scores for both " + wireCurrent + " and " + wireNext);
        }
        out.printf(
                Locale.ROOT,
                "gate %s: %s (now) against %s on %d prompts%n",
                alias,
                current.id(),
                next.id(),
                usable.size());
        String run = Long.toString(System.currentTimeMillis(), 36);
        Side[] sides;
        try (ReplayDriver driver = new ReplayDriver(pipeline)) {
            sides = sides(pipeline, driver, rc, usable, alias, current.id(), next.id(), "gate-" + run, timeout, out);
        }
        Side now = sides[0];
        Side cand = sides[1];
        List<String> failures = new ArrayList<>();
        double drop = now.accuracy() - cand.accuracy();
        if (drop > criteria.maxQualityDrop()) {
            failures.add(String.format(
                    Locale.ROOT,
                    "accuracy %.3f vs %.3f now: drops %.3f, more than the tolerated %.3f " + "(by %.3f)",
                    cand.accuracy(),
                    now.accuracy(),
                    drop,
                    criteria.maxQualityDrop(),
                    drop - criteria.maxQualityDrop()));
        }
        double costRatio = now.costUsd() > 0
                ? cand.costUsd() / now.costUsd()
                : (cand.costUsd() > 0 ? Double.POSITIVE_INFINITY : 1);
        if (costRatio > criteria.maxCostRatio()) {
            failures.add(String.format(
                    Locale.ROOT,
                    "cost $%.6f vs $%.6f now: %.2fx, above the bound %.2fx (by %.0f%%)",
                    cand.costUsd(),
                    now.costUsd(),
                    costRatio,
                    criteria.maxCostRatio(),
                    100 * (costRatio / criteria.maxCostRatio() - 1)));
        }
        long latencyBound = Math.max(
                (long) (now.p95LatencyMs() * criteria.maxLatencyRatio()),
                now.p95LatencyMs() + Criteria.LATENCY_SLACK_MS);
        if (cand.p95LatencyMs() > latencyBound) {
            failures.add(String.format(
                    Locale.ROOT,
                    "p95 latency %d ms vs %d ms now: above the bound %d ms (by %d ms)",
                    cand.p95LatencyMs(),
                    now.p95LatencyMs(),
                    latencyBound,
                    cand.p95LatencyMs() - latencyBound));
        }
        return new Verdict(alias, now, cand, failures, null);
    }

    private static AliasTopic replayAliases(ReplayPipeline pipeline) {
        return new AliasTopic(
                pipeline.clientProperties(),
                String.valueOf(pipeline.clientProperties().get("bootstrap.servers")),
                pipeline.registryUrl());
    }

    /** The alias's binding on the replay platform: its latest event, else the replay configuration's entry. */
    private static AliasBinding replayBinding(AliasTopic aliases, ReplayConfig rc, String alias, PrintWriter err) {
        AliasBinding bound = AliasHistory.current(alias, aliases.latest(err), rc.config());
        if (bound == null) {
            throw new IllegalArgumentException(
                    "alias '" + alias + "' is not bound; bind it in the configuration or with " + "'alias set' first");
        }
        return bound;
    }

    private static Model replayModel(ReplayConfig rc, String candidate) {
        return rc.config().models().containsKey(candidate)
                ? rc.config().models().get(candidate)
                : rc.config().models().get(rc.modelId(candidate));
    }

    /**
     * Both sides' requests interleaved in one run, so that they meet the same load (a cold start or a busy machine
     * must not count against the side that happened to go first): {current, candidate}.
     */
    private static Side[] sides(
            ReplayPipeline pipeline,
            ReplayDriver driver,
            ReplayConfig rc,
            List<ReplaySample> evalSet,
            String alias,
            String currentId,
            String candidateId,
            String run,
            Duration timeout,
            PrintStream out)
            throws Exception {
        String[] batches = {run + "-current", run + "-candidate"};
        String[] pins = {alias, candidateId};
        List<ReplayDriver.Call> requests = new ArrayList<>();
        Map<String, ReplaySample> rowOf = new HashMap<>();
        int i = 0;
        for (ReplaySample s : evalSet) {
            i++;
            for (int side = 0; side < 2; side++) {
                RouteRequest r = ReplaySteps.request(
                        batches[side] + "-" + i, ReplayConfig.EVAL_TENANT, batches[side], s.prompt(), pins[side]);
                requests.add(new ReplayDriver.Call(r, s));
                rowOf.put(r.getRequestId(), s);
            }
        }
        Map<String, ExecutionResult> results = driver.run(
                requests, r -> ReplaySteps.scoreAsFeedback(r, rowOf.get(r.getRequestId()), rc), timeout, run, out);
        Side[] sides = new Side[2];
        String[] labels = {currentId, candidateId};
        for (int side = 0; side < 2; side++) {
            String batch = batches[side];
            List<ExecutionResult> mine = results.values().stream()
                    .filter(r -> batch.equals(r.getBatchId()))
                    .toList();
            double correct = 0;
            List<Long> latencies = new ArrayList<>();
            for (ExecutionResult r : mine) {
                latencies.add(r.getLatencyMs());
                correct += ReplaySteps.score(r, rowOf.get(r.getRequestId()), rc).orElse(0);
            }
            long calls = mine.stream().mapToLong(r -> r.getAttempts().size()).sum();
            UsageTotals billed = ReplaySteps.awaitBilled(pipeline, ReplayConfig.EVAL_TENANT, batch, calls, timeout);
            latencies.sort(Long::compare);
            long p95 = latencies.get(Math.min(latencies.size() - 1, (int) Math.ceil(0.95 * latencies.size()) - 1));
            sides[side] = new Side(labels[side], mine.size(), correct / mine.size(), billed.costMicros() / 1e6, p95);
        }
        return sides;
    }

    private static boolean scored(ReplaySample s, String wire) {
        RecordedAnswer a = s.answers().get(wire);
        return a != null && a.correctness() != null;
    }

    private static Model model(ReplayConfig rc, String provider, String model) {
        for (Model m : rc.config().models().values()) {
            if (m.provider().equals(provider) && (m.providerModel().equals(model) || m.id().equals(model))) {
                return m;
            }
        }
        throw new IllegalArgumentException("alias binding " + provider + "/" + model + " is not a configured model");
    }
}
