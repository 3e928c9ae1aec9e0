package dev.routeplane.router;

import dev.routeplane.cascade.CascadePlan;
import dev.routeplane.cascade.CascadePlanner;
import dev.routeplane.cascade.CascadeSignal;
import dev.routeplane.cascade.PlanOption;
import dev.routeplane.config.Lane;
import dev.routeplane.config.Model;
import dev.routeplane.config.QualityTier;
import dev.routeplane.config.RouteplaneConfig;
import dev.routeplane.config.RouterSettings;
import dev.routeplane.contract.RouteStats;
import dev.routeplane.contract.SuccessModelSnapshot;
import dev.routeplane.learning.AnswerScorer;
import dev.routeplane.learning.CostQualityChooser;
import dev.routeplane.learning.OnlineSuccessEstimator;
import dev.routeplane.learning.PromptFeaturizer;
import dev.routeplane.learning.RouteChoice;
import dev.routeplane.learning.RouteOption;
import dev.routeplane.learning.SparseVector;
import dev.routeplane.learning.SuccessEstimate;
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
import java.util.concurrent.ConcurrentHashMap;
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
 * <p>Lanes with a {@code cascade:} pool also weigh the one cascade {@link CascadePlanner} plans for the request: its
 * success and its chance of escalating are learned per cascade id from the cascade's own feedback, so it wins exactly
 * where its cheap stages tend to be right and known to be, and loses where they do not. Once every stage's model has
 * an answer scorer with enough evidence (the learner publishes them beside the success models), the cascade is judged
 * by its answers' scores ({@code ANSWER_SCORE}) against the request's quality tier's threshold ({@link
 * ScoredCascades}), which the decision records.
 *
 * <p>Threading: {@link #select} from any number of stream threads; {@link #onSuccessModel} from the one global
 * thread (the estimator's single writer). Estimates never block.
 */
public final class LearnedSelector implements RouteSelector {
    private static final Logger LOG = LoggerFactory.getLogger(LearnedSelector.class);
    private final RouterSettings settings;
    private final LearnedRouting learned;
    private final PromptFeaturizer featurizer;
    private final OnlineSuccessEstimator estimator;
    private final CostQualityChooser chooser;
    private final CascadePlanner planner = new CascadePlanner();
    private final Map<String, Set<String>> cascadePools = new HashMap<>();
    private final AtomicLong modelsAt = new AtomicLong(Long.MIN_VALUE);
    private final Map<String, Long> scorerEvidence = new ConcurrentHashMap<>();
    private volatile ScoredCascades scoredCascades;

    public LearnedSelector(RouteplaneConfig config, LearnedRouting learned) {
        this.settings = config.router();
        this.learned = learned;
        this.featurizer = learned.featurizer();
        this.estimator = learned.newEstimator(config);
        this.chooser = new CostQualityChooser(learned.chooser());
        this.scoredCascades = learned.cascades();
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
        Optional<String> scored = AnswerScorer.modelOf(snapshot.getRoute());
        if (scored.isPresent() && learned.answers().featurizerId().equals(snapshot.getFeaturizer())) {
            // The executors judge with the scorer itself; routing needs only to know it has learned enough.
            scorerEvidence.put(scored.get(), snapshot.getEvidence());
            return;
        }
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

    /**
     * Feedback examples behind the loaded model of {@code route} (0 when none is loaded): a model id, a cascade id, or
     * {@code answer:<model id>} for a model's answer scorer.
     */
    public long evidence(String route) {
        Optional<String> scored = AnswerScorer.modelOf(route);
        if (scored.isPresent()) {
            return scorerEvidence.getOrDefault(scored.get(), 0L);
        }
        return estimator.estimate(SparseVector.empty(), route).evidence();
    }

    /** The thresholds score cascades are judged by, per quality tier, and the scorer evidence they need. */
    public ScoredCascades scoredCascades() {
        return scoredCascades;
    }

    /**
     * Judges score cascades routed from now on by these thresholds: the same as starting with them in the learned
     * routing settings. {@code bench routing} sets the thresholds it chose on its validation slice this way.
     */
    public void useScoredCascades(ScoredCascades settings) {
        this.scoredCascades = java.util.Objects.requireNonNull(settings, "settings");
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
        QualityTier tier = query.qualityTier();
        Optional<CascadeChoice> plan = cascade(query, cascadePools.get(lane), byModel, tier);
        plan.ifPresent(p -> candidates.add(new RouteOption(p.id(), p.estimate(), p.expectedCostMicros() / 1e6)));
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
                    .append(p.signal());
            if (p.scoreThreshold() != null) {
                line.append(String.format(Locale.ROOT, " >= %.2f", p.scoreThreshold()));
            }
            line.append(");");
        });
        trace.add(line.toString());
        cascade.ifPresent(p -> trace.add("cascade: " + p.id() + ", escalating on " + p.signal()
                + (p.scoreThreshold() == null
                        ? ""
                        : String.format(Locale.ROOT, " (keeps an answer scoring >= %.2f)", p.scoreThreshold()))));
        long at = modelsAt.get();
        return new Selection(
                ranked, choice.explored(), trace, at == Long.MIN_VALUE ? "priors" : "learned@" + at, cascade);
    }

    /**
     * The lane's cascade for this request, if it has one that could pay ({@link CascadePlanner}), with the learner's
     * estimates of its success and of its chance of escalating, each starting from the plan's estimate from its
     * parts until the cascade has evidence of its own.
     */
    private Optional<CascadeChoice> cascade(
            RouteQuery query, Set<String> pool, Map<String, RankedRoute> byModel, QualityTier tier) {
        List<PlanOption> options = new ArrayList<>(byModel.size());
        for (RankedRoute r : byModel.values()) {
            Candidate c = r.route().candidate();
            options.add(new PlanOption(
                    c.model().id(),
                    c.alias(),
                    r.quality(),
                    r.expectedCostMicros(),
                    r.route().worstCaseMicros()));
        }
        ScoredCascades scoring = scoredCascades;
        Optional<CascadePlan> planned = planner.plan(
                pool,
                options,
                query.features().needsJson(),
                query.features().needsTools(),
                model -> scorerEvidence.getOrDefault(model, 0L) >= scoring.minEvidence());
        if (planned.isEmpty()) {
            return Optional.empty();
        }
        CascadePlan plan = planned.get();
        SuccessEstimate success = estimator.estimate(query.promptVector(), plan.id(), plan.successFromParts());
        double pEscalate = estimator
                .estimate(query.promptVector(), plan.escalationKey(), plan.escalationFromParts())
                .probability();
        List<RankedRoute> stages = new ArrayList<>(plan.stages().size());
        for (PlanOption s : plan.stages()) {
            stages.add(byModel.get(s.model()));
        }
        return Optional.of(new CascadeChoice(
                plan,
                stages,
                byModel.get(plan.escalation().model()),
                success,
                plan.expectedCostMicros(pEscalate),
                plan.signal() == CascadeSignal.ANSWER_SCORE ? scoring.threshold(tier) : null));
    }
}
