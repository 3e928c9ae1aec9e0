package dev.routeplane.cascade;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Plans the one cascade a request is weighed with, from a lane's cascade pool and the request's eligible routes: up
 * to {@value #CASCADE_STAGES} cheap stages, the pool members most likely to answer well, escalating to the eligible
 * route outside the pool most likely to answer well. A request asking for JSON gets one stage judged by
 * {@link CascadeSignal#FORMAT_VALIDATION}; otherwise, where every stage's model has a trained answer scorer, the stages
 * are judged by {@link CascadeSignal#ANSWER_SCORE} (each answer's learned score, their agreement among its evidence);
 * else two stages by {@link CascadeSignal#ANSWER_AGREEMENT}, one by {@link CascadeSignal#LOW_CONFIDENCE}. No cascade for requests with tools (a kept earlier stage travels as text: its
 * tool calls would be lost), nor where the escalation is expected to cost less than {@value #MIN_COST_RATIO} times
 * the stages together (calling it directly costs about as much, and a cascade only adds latency).
 *
 * <p>Until a cascade has evidence of its own it is judged from its parts: every stage right, or else (bar two wrong
 * answers that coincide) an escalation; a score cascade's kept answer is credited as the likeliest stage's. Stateless
 * and thread-safe.
 */
public final class CascadePlanner {
    /** Cheap stages per cascade: two can disagree, which is the strongest generic signal; more add cost. */
    public static final int CASCADE_STAGES = 2;
    /** A cascade is weighed only when its escalation costs at least this many times all its stages together. */
    public static final double MIN_COST_RATIO = 3;
    /** Chance that two wrong answers are the same one, as on a two-way choice: the cautious end. */
    static final double WRONG_ANSWERS_COINCIDE = 0.5;

    private static final Comparator<PlanOption> BEST = Comparator.comparingDouble((PlanOption o) -> -o.quality())
            .thenComparingLong(PlanOption::expectedCostMicros)
            .thenComparing(PlanOption::model);

    /**
     * The request's cascade, if one could pay.
     *
     * @param pool      the lane's cascade pool (model ids or aliases), null or empty when it has none
     * @param options   the request's eligible routes, in any order
     * @param needsJson the request asks for a JSON answer
     * @param needsTools the request offers tools
     */
    public Optional<CascadePlan> plan(
            Set<String> pool, Collection<PlanOption> options, boolean needsJson, boolean needsTools) {
        return plan(pool, options, needsJson, needsTools, model -> false);
    }

    /**
     * As {@link #plan(Set, Collection, boolean, boolean)}, judging the stages by their answers' scores where
     * {@code scored} says every stage's model has an answer scorer to judge with.
     */
    public Optional<CascadePlan> plan(
            Set<String> pool,
            Collection<PlanOption> options,
            boolean needsJson,
            boolean needsTools,
            Predicate<String> scored) {
        if (pool == null || pool.isEmpty() || needsTools) {
            return Optional.empty();
        }
        List<PlanOption> cheap = new ArrayList<>();
        PlanOption escalation = null;
        for (PlanOption o : options) {
            if (pool.contains(o.model()) || (o.alias() != null && pool.contains(o.alias()))) {
                cheap.add(o);
            } else if (escalation == null || BEST.compare(o, escalation) < 0) {
                escalation = o;
            }
        }
        if (cheap.isEmpty() || escalation == null) {
            return Optional.empty();
        }
        cheap.sort(BEST);
        int count = needsJson ? 1 : CASCADE_STAGES;
        List<PlanOption> stages = List.copyOf(cheap.subList(0, Math.min(count, cheap.size())));
        long stagesCost = 0;
        List<String> ids = new ArrayList<>(stages.size());
        for (PlanOption s : stages) {
            stagesCost += s.expectedCostMicros();
            ids.add(s.model());
        }
        if (escalation.expectedCostMicros() <= 0 || escalation.expectedCostMicros() < MIN_COST_RATIO * stagesCost) {
            return Optional.empty();
        }
        CascadeSignal signal;
        if (needsJson) {
            signal = CascadeSignal.FORMAT_VALIDATION;
        } else if (ids.stream().allMatch(scored)) {
            signal = CascadeSignal.ANSWER_SCORE;
        } else {
            signal = stages.size() > 1 ? CascadeSignal.ANSWER_AGREEMENT : CascadeSignal.LOW_CONFIDENCE;
        }
        double allRight = 1;
        double allWrong = 1;
        double bestStage = 0;
        for (PlanOption s : stages) {
            allRight *= s.quality();
            allWrong *= 1 - s.quality();
            bestStage = Math.max(bestStage, s.quality());
        }
        double escalates = stages.size() > 1 ? 1 - allRight - WRONG_ANSWERS_COINCIDE * allWrong : 1 - allRight;
        // A score cascade may keep an answer the stages dispute, so a kept answer is credited like the likeliest
        // stage's, not like two that agree: it is worth more than that stage alone only where escalating helps.
        double kept = signal == CascadeSignal.ANSWER_SCORE ? (1 - escalates) * bestStage : allRight;
        double success = kept + escalates * escalation.quality();
        return Optional.of(new CascadePlan(
                CascadePlan.idOf(ids, escalation.model()), stages, escalation, signal, success, escalates));
    }
}
