package dev.routeplane.router;

import dev.routeplane.config.Lane;
import dev.routeplane.config.Model;
import dev.routeplane.config.QualityTier;
import dev.routeplane.config.RouteplaneConfig;
import dev.routeplane.config.RouterSettings;
import dev.routeplane.contract.RouteStats;
import dev.routeplane.contract.SuccessModelSnapshot;
import dev.routeplane.learning.CostQualityChooser;
import dev.routeplane.learning.OnlineSuccessEstimator;
import dev.routeplane.learning.PromptFeaturizer;
import dev.routeplane.learning.RouteChoice;
import dev.routeplane.learning.RouteOption;
import dev.routeplane.learning.SparseVector;
import dev.routeplane.learning.SuccessEstimate;
import dev.routeplane.learning.cascade.CascadePlan;
import dev.routeplane.router.internal.StatsAwareSelector;
import dev.routeplane.schemas.Money;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ranks eligible routes by the learned chance that each does <em>this</em> request well, against its expected
 * cost, under the tenant's quality tier: {@code P(success | prompt) − λ_tier · cost / (dearest candidate's cost)}
 * ({@link CostQualityChooser}). P comes from per-model online logistic regressions over the prompt's hashed
 * n-grams and classifier features ({@link OnlineSuccessEstimator}), trained by the learner from
 * {@code rp.feedback.v1} only and loaded here from {@code rp.success-models.v1}; a model without snapshots is
 * judged by its configured quality prior. Expected cost is the route's average billed call in its lane once
 * route statistics have enough calls, else the price book's estimate. Routes with little evidence get a small,
 * deterministic exploration share, so new models earn traffic on evidence. The remaining routes follow in score
 * order as fallbacks. Every candidate's estimate is written into the decision's trace and estimates.
 *
 * <p>Lanes with a {@code cascade:} pool also weigh one cascade per request (see {@link #cascade}): its success and
 * its chance of escalating are learned per cascade id from the cascade's own feedback, so it wins exactly where
 * its cheap stages tend to agree and be right, and loses where they do not.
 *
 * <p>Threading: {@link #select} from any number of stream threads; {@link #onSuccessModel} from the one global
 * thread (the estimator's single writer). Estimates never block.
 */
public final class LearnedSelector implements RouteSelector {
    private static final Logger LOG = LoggerFactory.getLogger(LearnedSelector.class);
    /** Cheap stages per cascade: two can disagree, which is the strongest generic signal; more add cost. */
    static final int CASCADE_STAGES = 2;
    /** A cascade is weighed only when its escalation costs at least this many times all its stages together. */
    static final double MIN_COST_RATIO = 3;
    /** Chance that two wrong answers are the same one, as on a two-way choice: the cautious end. */
    static final double WRONG_ANSWERS_COINCIDE = 0.5;

    static final String SIGNAL_AGREEMENT = "ANSWER_AGREEMENT";
    static final String SIGNAL_FORMAT = "FORMAT_VALIDATION";
    static final String SIGNAL_CONFIDENCE = "LOW_CONFIDENCE";

    private final RouterSettings settings;
    private final LearnedRouting learned;
    private final PromptFeaturizer featurizer;
    private final OnlineSuccessEstimator estimator;
    private final CostQualityChooser chooser;
    private final Map<String, Set<String>> cascadePools = new HashMap<>();
    private final AtomicLong modelsAt = new AtomicLong(Long.MIN_VALUE);

    public LearnedSelector(RouteplaneConfig config, LearnedRouting learned) {
        this.settings = config.router();
        this.learned = learned;
        this.featurizer = learned.featurizer();
        this.estimator = learned.newEstimator(config);
        this.chooser = new CostQualityChooser(learned.chooser());
        for (Lane lane : config.lanes()) {
            if (!lane.cascade().isEmpty()) {
                cascadePools.put(lane.name(), Set.copyOf(lane.cascade()));
            }
        }
    }

    @Override
    public Optional<PromptFeaturizer> promptFeaturizer() {
        return Optional.of(featurizer);
    }

    @Override
    public void onSuccessModel(SuccessModelSnapshot snapshot) {
        if (!learned.featurizerId().equals(snapshot.getFeaturizer())) {
            LOG.warn(
                    "Ignoring success model of {}: featurizer {} differs from this router's {}",
                    snapshot.getRoute(),
                    snapshot.getFeaturizer(),
                    learned.featurizerId());
            return;
        }
        try {
            byte[] state = new byte[snapshot.getState().remaining()];
            snapshot.getState().duplicate().get(state);
            estimator.load(state);
            modelsAt.accumulateAndGet(snapshot.getUpdatedAt().toEpochMilli(), Math::max);
        } catch (IllegalArgumentException e) {
            LOG.warn("Ignoring unreadable success model of {}: {}", snapshot.getRoute(), e.getMessage());
        }
    }

    /** Feedback examples behind the loaded model of {@code modelId} (0 when none is loaded). */
    public long evidence(String modelId) {
        return estimator.estimate(SparseVector.empty(), modelId).evidence();
    }

    @Override
    public Selection select(RouteQuery query, String lane, List<EligibleRoute> eligible, RoutingSignals signals) {
        long now = query.at().toEpochMilli();
        List<RouteOption> candidates = new ArrayList<>(eligible.size());
        Map<String, RankedRoute> byModel = new HashMap<>();
        double maxCost = 0;
        for (EligibleRoute route : eligible) {
            Model model = route.candidate().model();
            RouteStats stats =
                    signals.routeStats(lane, route.candidate().provider().id(), model.id());
            boolean fresh = stats != null
                    && now - stats.getUpdatedAt().toEpochMilli() <= settings.statsMaxAgeMs()
                    && stats.getCalls() >= settings.minSamplesForStats();
            long cost = fresh
                    ? stats.getTotalCostMicros() / stats.getCalls()
                    : Money.costMicros(
                            query.features().inputTokens(),
                            (long) (route.maxOutputTokens() * StatsAwareSelector.EXPECTED_OUTPUT_SHARE),
                            route.inputPriceMicros(),
                            route.outputPriceMicros());
            SuccessEstimate e = estimator.estimate(query.promptVector(), model.id());
            if (route.healthPenalised()) {
                e = new SuccessEstimate(
                        Math.max(0, e.probability() - StatsAwareSelector.HALF_OPEN_PENALTY), e.evidence(), e.prior());
            }
            candidates.add(new RouteOption(model.id(), e, cost / 1e6));
            maxCost = Math.max(maxCost, cost / 1e6);
            byModel.put(
                    model.id(),
                    new RankedRoute(
                            route,
                            e.probability(),
                            cost,
                            fresh ? stats.getLatencyP50Ms() : model.latencyPriorMs(),
                            e.evidence(),
                            e.evidence() > 0 ? "learned" : "prior"));
        }
        Optional<CascadeChoice> plan = cascade(query, cascadePools.get(lane), byModel);
        plan.ifPresent(p -> candidates.add(new RouteOption(p.id(), p.estimate(), p.expectedCostMicros() / 1e6)));
        QualityTier tier = query.qualityTier();
        RouteChoice choice = chooser.choose(candidates, tier, query.tenant().id() + "/" + query.requestId());
        Optional<CascadeChoice> cascade = plan.filter(p -> p.id().equals(choice.route()));
        String first = cascade.map(
                        p -> p.escalation().route().candidate().model().id())
                .orElse(choice.route());
        double lambda = learned.chooser().costWeight(tier);
        double costScale = maxCost;
        List<RankedRoute> ranked = new ArrayList<>(eligible.size());
        ranked.add(byModel.get(first));
        candidates.stream()
                .filter(c -> !c.route().equals(first) && byModel.containsKey(c.route()))
                .sorted(Comparator.comparingDouble(
                                (RouteOption c) -> -(c.estimate().probability()
                                        - lambda * (costScale > 0 ? c.expectedCostUsd() / costScale : 0)))
                        .thenComparingDouble(RouteOption::expectedCostUsd))
                .forEach(c -> ranked.add(byModel.get(c.route())));

        List<String> trace = new ArrayList<>(2);
        trace.add((choice.explored() ? "learned exploration: " : "learned: ") + choice.reason());
        StringBuilder line = new StringBuilder(64 + 48 * ranked.size()).append("estimates:");
        for (RankedRoute r : ranked) {
            line.append(' ')
                    .append(r.route().candidate().label())
                    .append(" p=")
                    .append(String.format(Locale.ROOT, "%.3f", r.quality()))
                    .append(" n=")
                    .append(r.evidence())
                    .append(' ')
                    .append(Money.format(r.expectedCostMicros()))
                    .append(';');
        }
        plan.ifPresent(p -> {
            line.append(' ')
                    .append(p.id())
                    .append(" p=")
                    .append(String.format(Locale.ROOT, "%.3f", p.quality()))
                    .append(" n=")
                    .append(p.estimate().evidence())
                    .append(' ')
                    .append(Money.format(p.expectedCostMicros()))
                    .append(" (")
                    .append(p.signal())
                    .append(");");
        });
        trace.add(line.toString());
        cascade.ifPresent(p -> trace.add("cascade: " + p.id() + ", escalating on " + p.signal()));
        long at = modelsAt.get();
        return new Selection(
                ranked, choice.explored(), trace, at == Long.MIN_VALUE ? "priors" : "learned@" + at, cascade);
    }

    /**
     * The lane's cascade for this request, if it has one that could pay: up to {@link #CASCADE_STAGES} cheap stages,
     * the eligible members of the lane's cascade pool most likely to answer well, escalating to the eligible route
     * outside the pool most likely to answer well, whose expected cost must be at least {@link #MIN_COST_RATIO}
     * times the stages' together (otherwise calling it directly costs about as much and a cascade only adds
     * latency). Its expected cost is the stages' plus the learned chance of escalating times the escalation's.
     */
    private Optional<CascadeChoice> cascade(RouteQuery query, Set<String> pool, Map<String, RankedRoute> byModel) {
        if (pool == null || query.features().needsTools()) {
            return Optional.empty(); // a kept earlier stage travels as text: tool calls would be lost
        }
        Comparator<RankedRoute> best = Comparator.comparingDouble((RankedRoute r) -> -r.quality())
                .thenComparingLong(RankedRoute::expectedCostMicros)
                .thenComparing(r -> r.route().candidate().model().id());
        List<RankedRoute> cheap = new ArrayList<>();
        RankedRoute escalation = null;
        for (RankedRoute r : byModel.values()) {
            Candidate c = r.route().candidate();
            if (pool.contains(c.model().id()) || (c.alias() != null && pool.contains(c.alias()))) {
                cheap.add(r);
            } else if (escalation == null || best.compare(r, escalation) < 0) {
                escalation = r;
            }
        }
        if (cheap.isEmpty() || escalation == null) {
            return Optional.empty();
        }
        cheap.sort(best);
        // A JSON request needs one valid answer, not two that agree: one stage, escalating when it is not valid JSON.
        int count = query.features().needsJson() ? 1 : CASCADE_STAGES;
        List<RankedRoute> stages = List.copyOf(cheap.subList(0, Math.min(count, cheap.size())));
        long stagesCost = 0;
        List<String> ids = new ArrayList<>(stages.size());
        for (RankedRoute s : stages) {
            stagesCost += s.expectedCostMicros();
            ids.add(s.route().candidate().model().id());
        }
        if (escalation.expectedCostMicros() <= 0 || escalation.expectedCostMicros() < MIN_COST_RATIO * stagesCost) {
            return Optional.empty(); // nothing to save: a cascade would only add latency
        }
        String signal =
                query.features().needsJson() ? SIGNAL_FORMAT : stages.size() > 1 ? SIGNAL_AGREEMENT : SIGNAL_CONFIDENCE;
        String id = CascadePlan.idOf(ids, escalation.route().candidate().model().id());
        // Until the cascade has its own evidence, judge it from its parts: the stages all right, or else (bar two
        // wrong answers that coincide) an escalation; evidence then takes over, since stages' errors correlate.
        double allRight = 1;
        double allWrong = 1;
        for (RankedRoute st : stages) {
            allRight *= st.quality();
            allWrong *= 1 - st.quality();
        }
        double partsEscalate = stages.size() > 1 ? 1 - allRight - WRONG_ANSWERS_COINCIDE * allWrong : 1 - allRight;
        double pEscalate = blend(
                        estimator.estimate(query.promptVector(), CascadePlan.escalationKeyOf(id)), partsEscalate)
                .probability();
        SuccessEstimate success =
                blend(estimator.estimate(query.promptVector(), id), allRight + partsEscalate * escalation.quality());
        long expected = stagesCost + Math.round(pEscalate * escalation.expectedCostMicros());
        return Optional.of(new CascadeChoice(id, stages, escalation, signal, success, expected));
    }

    /**
     * The learned estimate with the parts' estimate in place of the estimator's default prior: the estimator returns
     * {@code (n·learned + k·prior) / (n + k)}, so swapping the prior moves it by {@code k·(parts − prior) / (n + k)}.
     * Until a cascade has about {@code k} examples of its own, its parts dominate; then its evidence does.
     */
    private SuccessEstimate blend(SuccessEstimate learned, double parts) {
        double k = estimator.config().pseudoCount();
        long n = learned.evidence();
        double p = learned.probability() + k * (parts - learned.prior()) / (n + k);
        return new SuccessEstimate(Math.min(1, Math.max(0, p)), n, parts);
    }
}
