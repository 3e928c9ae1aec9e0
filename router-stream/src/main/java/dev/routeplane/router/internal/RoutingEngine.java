package dev.routeplane.router.internal;

import dev.routeplane.classifier.Classifier;
import dev.routeplane.classifier.ClassifierInput;
import dev.routeplane.classifier.Features;
import dev.routeplane.classifier.Hints;
import dev.routeplane.classifier.Message;
import dev.routeplane.classifier.Tool;
import dev.routeplane.config.Budget;
import dev.routeplane.config.Lane;
import dev.routeplane.config.PolicyTag;
import dev.routeplane.config.RouteplaneConfig;
import dev.routeplane.config.Shadow;
import dev.routeplane.config.Tenant;
import dev.routeplane.contract.ChatMessage;
import dev.routeplane.contract.DecisionBudgets;
import dev.routeplane.contract.RequestHints;
import dev.routeplane.contract.ResultStatus;
import dev.routeplane.contract.RouteRequest;
import dev.routeplane.contract.RoutingDecision;
import dev.routeplane.contract.ToolSpec;
import dev.routeplane.learning.SparseVector;
import dev.routeplane.router.BudgetLedger;
import dev.routeplane.router.Candidate;
import dev.routeplane.router.CascadeChoice;
import dev.routeplane.router.EligibleRoute;
import dev.routeplane.router.PolicyOutcome;
import dev.routeplane.router.PromptText;
import dev.routeplane.router.RankedRoute;
import dev.routeplane.router.Rejection;
import dev.routeplane.router.Removal;
import dev.routeplane.router.RequestValidator;
import dev.routeplane.router.RouteQuery;
import dev.routeplane.router.RouteSelector;
import dev.routeplane.router.RoutingPolicy;
import dev.routeplane.router.Selection;
import dev.routeplane.router.Shadows;
import dev.routeplane.schemas.Money;
import dev.routeplane.schemas.ReasonCodes;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The routing steps after validation and de-duplication: classify, pick the lane, resolve candidates, apply
 * policy (widening to the registry when the lane has nothing eligible), rank, fit the budget, and assemble the
 * decision. Pure apart from the budget ledger it reserves in. Immutable and thread-safe; state lives in the
 * caller's {@link BudgetLedger} and {@link LiveSignals}.
 */
public final class RoutingEngine {
    /** Fallbacks kept per decision: enough to ride out one provider outage, few enough to bound reservations. */
    public static final int MAX_FALLBACKS = 3;

    private static final int MAX_LISTED_REMOVALS = 3;

    private final RouteplaneConfig config;
    private final RoutingTables tables;
    private final Classifier classifier;
    private final RoutingPolicy policy;
    private final RouteSelector selector;
    private final DecisionAssembler assembler;

    RoutingEngine(
            RouteplaneConfig config,
            Classifier classifier,
            RoutingPolicy policy,
            RouteSelector selector,
            DecisionAssembler assembler) {
        this.config = config;
        this.tables = new RoutingTables(config);
        this.classifier = classifier;
        this.policy = policy;
        this.selector = selector;
        this.assembler = assembler;
    }

    /**
     * A decision (and, when the lane shadows this request, the shadow call's decision), or a rejection with the
     * terminal status its result gets.
     */
    record Outcome(RoutingDecision decision, Rejection rejection, ResultStatus status, RoutingDecision shadow) {
        Outcome(RoutingDecision decision) {
            this(decision, null, null, null);
        }

        static Outcome rejected(String code, String detail) {
            return new Outcome(
                    null,
                    new Rejection(code, detail),
                    ReasonCodes.BUDGET_EXCEEDED.equals(code) ? ResultStatus.BUDGET_EXCEEDED : ResultStatus.REJECTED,
                    null);
        }
    }

    /** Routes a request that passed {@link RequestValidator} for a configured tenant. */
    Outcome route(RouteRequest request, Tenant tenant, Instant now, LiveSignals live, BudgetLedger ledger) {
        RequestHints hints = request.getHints();
        Features f = classifier.classify(toClassifierInput(request, tenant));
        if (f.inputTokens() > config.router().maxPromptTokens()) {
            return Outcome.rejected(
                    ReasonCodes.PROMPT_TOO_LARGE,
                    "prompt is " + f.inputTokens()
                            + " tokens, above router.maxPromptTokens "
                            + config.router().maxPromptTokens()
                            + "; split the input or summarise it first");
        }
        Lane lane = tables.laneFor(f);
        int outputCap = hints.getMaxOutputTokens() != null
                ? hints.getMaxOutputTokens()
                : lane.maxOutputTokens().orElse(config.router().defaultMaxOutputTokens());
        String tier = hints.getQualityTier() != null
                ? hints.getQualityTier().toLowerCase(Locale.ROOT)
                : tenant.qualityTier().configName();
        SparseVector promptVector = selector.promptFeaturizer()
                .map(p -> p.featurize(PromptText.of(request), f))
                .orElse(SparseVector.empty());
        RouteQuery query = new RouteQuery(
                request.getRequestId(),
                tenant,
                f,
                RoutingTables.dataClass(f),
                tags(tenant, hints.getTags()),
                outputCap,
                hints.getMaxCostMicros() == null ? Long.MAX_VALUE : hints.getMaxCostMicros(),
                tier,
                now,
                promptVector);

        List<String> explanation = new ArrayList<>(f.trace().size() + 12);
        explanation.addAll(f.trace());
        explanation.add("lane=" + lane.name() + ": " + (lane.isCatchAll() ? "catch-all" : "first matching lane")
                + ", output cap " + outputCap + ", tags " + query.tags() + ", quality tier " + tier);

        List<Candidate> candidates = new ArrayList<>(lane.candidates().size());
        String pinned = hints.getPinnedAlias();
        if (pinned != null) {
            Candidate c = tables.resolve(pinned, 0, request.getRequestId(), live, explanation);
            if (c == null) {
                return Outcome.rejected(
                        ReasonCodes.POLICY_NO_ELIGIBLE_ROUTE,
                        "hints.pinnedAlias '" + pinned
                                + "' resolves to no configured model; use a configured alias or model id");
            }
            candidates.add(c);
            explanation.add("pinnedAlias=" + pinned + ": lane candidates replaced by " + c.label());
        } else {
            List<String> entries = lane.candidates();
            for (int i = 0; i < entries.size(); i++) {
                Candidate c = tables.resolve(entries.get(i), i, request.getRequestId(), live, explanation);
                if (c != null && !containsModel(candidates, c)) {
                    candidates.add(c);
                }
            }
        }
        PolicyOutcome outcome = policy.filter(query, candidates, live);
        List<Removal> removals = new ArrayList<>(outcome.removals());
        List<EligibleRoute> eligible = outcome.eligible();
        int considered = candidates.size();
        if (eligible.isEmpty() && pinned == null) {
            List<Candidate> widened = tables.widen(candidates);
            PolicyOutcome wide = policy.filter(query, widened, live);
            removals.addAll(wide.removals());
            eligible = wide.eligible();
            considered += widened.size();
            explanation.add("widened: no lane candidate eligible, tried " + widened.size() + " other registry models, "
                    + eligible.size() + " eligible");
        }
        for (Removal r : removals) {
            explanation.add("policy: removed by " + r.describe());
        }
        if (eligible.isEmpty()) {
            return Outcome.rejected(ReasonCodes.POLICY_NO_ELIGIBLE_ROUTE, noRouteDetail(considered, removals));
        }

        Selection selection = selector.select(query, lane.name(), eligible, live);
        explanation.addAll(selection.trace());
        Outcome routed = fitBudget(request, query, lane, selection, explanation, ledger);
        return routed.decision() == null
                        || lane.shadow().isEmpty()
                        || pinned != null
                        || !Shadows.sampled(
                                request.getRequestId(), lane.shadow().get().share())
                ? routed
                : shadow(request, query, lane.shadow().get(), routed.decision(), live, ledger);
    }

    /**
     * Adds the lane's shadow call to a routed request: the shadow model, if it passes the request's policy and its
     * worst case fits the budget left, is reserved for under the shadow's own request id and gets a decision of its
     * own (no fallbacks, no cascade). Either way the primary decision's explanation says what happened.
     */
    private Outcome shadow(
            RouteRequest request,
            RouteQuery query,
            Shadow shadow,
            RoutingDecision primary,
            LiveSignals live,
            BudgetLedger ledger) {
        List<String> explanation = new ArrayList<>(primary.getExplanation());
        Candidate c = tables.resolve(shadow.model(), 0, request.getRequestId(), live, explanation);
        RoutingDecision shadowDecision = null;
        if (c == null) {
            explanation.add("shadow: " + shadow.model() + " resolves to no configured model; not shadowed");
        } else if (routedModels(primary).contains(c.model().id())) {
            explanation.add("shadow: " + c.label() + " is already a route of this request; not shadowed");
        } else {
            PolicyOutcome allowed = policy.filter(query, List.of(c), live);
            Tenant tenant = query.tenant();
            long available = ledger.available(tenant.id(), tenant.budget(), query.at());
            if (allowed.eligible().isEmpty()) {
                explanation.add("shadow: " + c.label() + " not called, removed by "
                        + allowed.removals().get(0).describe());
            } else if (allowed.eligible().get(0).worstCaseMicros() > available) {
                explanation.add("shadow: " + c.label() + " not called, its worst case "
                        + Money.format(allowed.eligible().get(0).worstCaseMicros()) + " does not fit the budget left");
            } else {
                EligibleRoute route = allowed.eligible().get(0);
                String shadowId = Shadows.requestId(request.getRequestId());
                if (!ledger.reserve(tenant.id(), shadowId, tenant.budget(), route.worstCaseMicros(), query.at())) {
                    throw new IllegalStateException(
                            "shadow reservation of " + route.worstCaseMicros() + " did not fit " + available);
                }
                explanation.add("shadow: also called on " + c.label() + " as " + shadowId + " (share " + shadow.share()
                        + "; reserved " + Money.format(route.worstCaseMicros())
                        + "; its result is billed and scored on the "
                        + "shadow results topic, never returned)");
                shadowDecision = RoutingDecision.newBuilder(primary)
                        .setRequestId(shadowId)
                        .setRoute(DecisionAssembler.route(c))
                        .setFallbacks(List.of())
                        .setCascade(null)
                        .setBudgets(DecisionBudgets.newBuilder(primary.getBudgets())
                                .setMaxOutputTokens(route.maxOutputTokens())
                                .setReservedCostMicros(route.worstCaseMicros())
                                .build())
                        .setExplanation(List.of("shadow of request " + request.getRequestId() + " on " + c.label()
                                + ": the lane shadows a share of " + shadow.share() + " of its requests"))
                        .build();
            }
        }
        return new Outcome(
                RoutingDecision.newBuilder(primary).setExplanation(explanation).build(), null, null, shadowDecision);
    }

    private Outcome fitBudget(
            RouteRequest request,
            RouteQuery query,
            Lane lane,
            Selection selection,
            List<String> explanation,
            BudgetLedger ledger) {
        Tenant tenant = query.tenant();
        Budget budget = tenant.budget();
        long available = ledger.available(tenant.id(), budget, query.at());
        String period = BudgetLedger.periodOf(budget.period(), query.at());
        List<RankedRoute> ranked = selection.ranked();
        if (selection.cascade().isPresent()) {
            Outcome cascaded = fitCascade(
                    request, query, lane, selection, selection.cascade().get(), explanation, ledger, available, period);
            if (cascaded != null) {
                return cascaded;
            }
        }
        RankedRoute primary = null;
        for (RankedRoute r : ranked) {
            if (r.route().worstCaseMicros() <= available) {
                primary = r;
                break;
            }
        }
        if (primary == null) {
            RankedRoute cheapest = ranked.get(0);
            for (RankedRoute r : ranked) {
                if (r.route().worstCaseMicros() < cheapest.route().worstCaseMicros()) {
                    cheapest = r;
                }
            }
            return Outcome.rejected(
                    ReasonCodes.BUDGET_EXCEEDED,
                    "budget of tenant " + tenant.id() + " exceeded: "
                            + BudgetLedger.describe(cheapest.route().worstCaseMicros(), available, budget, period)
                            + " (cheapest eligible route "
                            + cheapest.route().candidate().label()
                            + "); lower hints.maxOutputTokens, wait for the period to reset or raise the budget");
        }
        if (primary != ranked.get(0)) {
            explanation.add("budget: preferred "
                    + ranked.get(0).route().candidate().label() + " (worst case "
                    + Money.format(ranked.get(0).route().worstCaseMicros()) + ") does not fit; chose cheaper eligible "
                    + primary.route().candidate().label());
        }
        List<RankedRoute> fallbacks = new ArrayList<>(MAX_FALLBACKS);
        long reserve = primary.route().worstCaseMicros();
        for (RankedRoute r : ranked) {
            if (r == primary || fallbacks.size() == MAX_FALLBACKS) {
                continue;
            }
            if (r.route().worstCaseMicros() <= available) {
                fallbacks.add(r);
                reserve = Math.max(reserve, r.route().worstCaseMicros());
            } else {
                explanation.add(
                        "budget: dropped fallback " + r.route().candidate().label() + " (worst case "
                                + Money.format(r.route().worstCaseMicros()) + " does not fit)");
            }
        }
        if (!ledger.reserve(tenant.id(), request.getRequestId(), budget, reserve, query.at())) {
            throw new IllegalStateException("reservation of " + reserve + " did not fit " + available);
        }
        explanation.add("budget: reserved " + Money.format(reserve) + " (max worst case over route and "
                + fallbacks.size() + " fallbacks); " + BudgetLedger.describe(reserve, available, budget, period));
        RoutingDecision decision = assembler.assemble(
                request, query, lane, primary, fallbacks, reserve, explanation, selection.statsVersion(), ranked, null);
        return new Outcome(decision);
    }

    /**
     * Reserves for a cascade: every stage's worst case (each may be called and billed) plus the largest worst case
     * of the escalation and its fallbacks (at most one of those answers). Fallbacks are the ranked routes outside
     * the cascade that fit. Returns null, with a line in the explanation, when the cascade does not fit the budget,
     * so the request is routed without it.
     */
    private Outcome fitCascade(
            RouteRequest request,
            RouteQuery query,
            Lane lane,
            Selection selection,
            CascadeChoice cascade,
            List<String> explanation,
            BudgetLedger ledger,
            long available,
            String period) {
        long stages = cascade.stagesWorstCaseMicros();
        long escalation = cascade.escalation().route().worstCaseMicros();
        // Every stage may be billed, so the request's own cost cap bounds the whole chain, not each call.
        long cap = Math.min(available, query.maxCostMicros());
        if (stages + escalation > cap) {
            explanation.add("budget: cascade " + cascade.id() + " (worst case " + Money.format(stages + escalation)
                    + ") does not fit " + (cap == available ? "the budget" : "hints.maxCostMicros")
                    + "; routing without it");
            return null;
        }
        List<RankedRoute> fallbacks = new ArrayList<>(MAX_FALLBACKS);
        long reserve = stages + escalation;
        for (RankedRoute r : selection.ranked()) {
            if (r == cascade.escalation() || cascade.stages().contains(r) || fallbacks.size() == MAX_FALLBACKS) {
                continue;
            }
            if (stages + r.route().worstCaseMicros() <= cap) {
                fallbacks.add(r);
                reserve = Math.max(reserve, stages + r.route().worstCaseMicros());
            }
        }
        Tenant tenant = query.tenant();
        if (!ledger.reserve(tenant.id(), request.getRequestId(), tenant.budget(), reserve, query.at())) {
            throw new IllegalStateException("reservation of " + reserve + " did not fit " + available);
        }
        explanation.add("budget: reserved " + Money.format(reserve) + " ("
                + cascade.stages().size()
                + " cascade stages plus the max worst case over escalation and " + fallbacks.size() + " fallbacks); "
                + BudgetLedger.describe(reserve, available, tenant.budget(), period));
        RoutingDecision decision = assembler.assemble(
                request,
                query,
                lane,
                cascade.escalation(),
                fallbacks,
                reserve,
                explanation,
                selection.statsVersion(),
                selection.ranked(),
                cascade);
        return new Outcome(decision);
    }

    /** The models a decision may call: its route and, for a cascade, every stage and the escalation. */
    private static Set<String> routedModels(RoutingDecision d) {
        Set<String> models = new HashSet<>();
        models.add(d.getRoute().getModel());
        if (d.getCascade() != null) {
            d.getCascade().getStages().forEach(r -> models.add(r.getModel()));
            models.add(d.getCascade().getEscalation().getModel());
        }
        return models;
    }

    /** {@code no eligible route: N candidates; last removed by ...}: the constraints that removed the survivors. */
    static String noRouteDetail(int considered, List<Removal> removals) {
        int last = -1;
        for (Removal r : removals) {
            last = Math.max(last, r.stage());
        }
        StringBuilder sb =
                new StringBuilder("no eligible route: ").append(considered).append(" candidates");
        if (last < 0) {
            return sb.append("; the lane resolved to no configured model").toString();
        }
        sb.append("; last removed by ");
        int listed = 0;
        int more = 0;
        for (Removal r : removals) {
            if (r.stage() != last) {
                continue;
            }
            if (listed < MAX_LISTED_REMOVALS) {
                sb.append(listed++ == 0 ? "" : "; ").append(r.describe());
            } else {
                more++;
            }
        }
        return (more > 0 ? sb.append(" (+").append(more).append(" more)") : sb).toString();
    }

    private static boolean containsModel(List<Candidate> candidates, Candidate c) {
        for (Candidate existing : candidates) {
            if (existing.model().id().equals(c.model().id())) {
                return true;
            }
        }
        return false;
    }

    private static Set<PolicyTag> tags(Tenant tenant, List<String> requestTags) {
        Set<PolicyTag> tags =
                tenant.defaultTags().isEmpty() ? EnumSet.noneOf(PolicyTag.class) : EnumSet.copyOf(tenant.defaultTags());
        for (String tag : requestTags) {
            for (PolicyTag t : PolicyTag.values()) {
                if (t.configName().equalsIgnoreCase(tag.trim())) {
                    tags.add(t);
                }
            }
        }
        return tags;
    }

    /** The classifier's input for a request of {@code tenant}; the learner classifies with the same. */
    static ClassifierInput toClassifierInput(RouteRequest request, Tenant tenant) {
        List<ChatMessage> source = request.getMessages();
        List<Message> messages = new ArrayList<>(source.size());
        for (ChatMessage m : source) {
            messages.add(new Message(m.getRole(), m.getContent()));
        }
        RequestHints h = request.getHints();
        List<String> tags =
                new ArrayList<>(h.getTags().size() + tenant.defaultTags().size());
        tags.addAll(h.getTags());
        for (PolicyTag t : tenant.defaultTags()) {
            tags.add(t.configName());
        }
        List<Tool> tools = new ArrayList<>(h.getTools().size());
        for (ToolSpec t : h.getTools()) {
            tools.add(new Tool(t.getName(), t.getSideEffect()));
        }
        Hints hints = new Hints(
                dev.routeplane.classifier.TaskType.parse(h.getTaskType()).orElse(null),
                dev.routeplane.classifier.LatencyClass.valueOf(
                        h.getLatencyClass().name()),
                dev.routeplane.classifier.DataClass.parse(h.getDataClass()).orElse(null),
                tags,
                tools,
                h.getResponseFormat(),
                h.getMaxOutputTokens(),
                false);
        return new ClassifierInput(messages, hints);
    }
}
