package dev.routeplane.router.internal;

import dev.routeplane.classifier.Classifier;
import dev.routeplane.classifier.ClassifierInput;
import dev.routeplane.classifier.Features;
import dev.routeplane.classifier.Hints;
import dev.routeplane.classifier.Message;
import dev.routeplane.classifier.Tool;
import dev.routeplane.config.DataClass;
import dev.routeplane.config.Lane;
import dev.routeplane.config.LatencyClass;
import dev.routeplane.config.PolicyTag;
import dev.routeplane.config.QualityTier;
import dev.routeplane.config.RouteplaneConfig;
import dev.routeplane.config.TaskType;
import dev.routeplane.config.Tenant;
import dev.routeplane.config.TenantPolicy;
import dev.routeplane.contract.ChatMessage;
import dev.routeplane.contract.ExecutionMode;
import dev.routeplane.contract.RequestHints;
import dev.routeplane.contract.ResultStatus;
import dev.routeplane.contract.RouteRequest;
import dev.routeplane.contract.RoutingDecision;
import dev.routeplane.contract.ToolApproval;
import dev.routeplane.contract.ToolSpec;
import dev.routeplane.learning.SparseVector;
import dev.routeplane.router.BudgetLedger;
import dev.routeplane.router.Candidate;
import dev.routeplane.router.EligibleRoute;
import dev.routeplane.router.PolicyOutcome;
import dev.routeplane.router.PromptText;
import dev.routeplane.router.Rejection;
import dev.routeplane.router.Removal;
import dev.routeplane.router.RequestValidator;
import dev.routeplane.router.RouteQuery;
import dev.routeplane.router.RouteSelector;
import dev.routeplane.router.RoutingPolicy;
import dev.routeplane.router.Selection;
import dev.routeplane.schemas.Money;
import dev.routeplane.schemas.ReasonCodes;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The routing steps after validation and de-duplication, in the order a request goes through them: classify, pick
 * the lane, resolve its candidates, apply policy (widening to the registry when the lane has nothing eligible), rank
 * ({@link RouteSelector}), fit the budget and reserve ({@link BudgetFitter}), assemble the decision
 * ({@link DecisionAssembler}) and, when the lane shadows the request, plan its shadow call ({@link ShadowPlanner}).
 * Pure apart from the budget ledger it reserves in. Immutable and thread-safe; state lives in the caller's
 * {@link BudgetLedger} and {@link LiveSignals}.
 */
public final class RoutingEngine {
    private static final int MAX_LISTED_REMOVALS = 3;

    private final RouteplaneConfig config;
    private final RoutingTables tables;
    private final Classifier classifier;
    private final RoutingPolicy policy;
    private final RouteSelector selector;
    private final BudgetFitter budget;
    private final DecisionAssembler assembler;
    private final ShadowPlanner shadows;
    private final ExecutionModes modes;

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
        this.budget = new BudgetFitter();
        this.assembler = assembler;
        this.shadows = new ShadowPlanner(tables, policy, budget);
        this.modes = new ExecutionModes(config.priceBook());
    }

    /**
     * A decision (and, when the lane shadows this request, the shadow call's decision), or a rejection with the
     * terminal status its result gets.
     */
    record Outcome(
            RoutingDecision decision, Rejection rejection, ResultStatus status, RoutingDecision shadow, String waits) {
        Outcome(RoutingDecision decision) {
            this(decision, null, null, null, null);
        }

        /** A batch request that must wait for outstanding reservations to settle; {@code why} says so. */
        static Outcome waitForBudget(String why) {
            return new Outcome(null, null, null, null, why);
        }

        boolean waiting() {
            return waits != null;
        }

        static Outcome rejected(String code, String detail) {
            return new Outcome(
                    null,
                    new Rejection(code, detail),
                    ReasonCodes.BUDGET_EXCEEDED.equals(code) ? ResultStatus.BUDGET_EXCEEDED : ResultStatus.REJECTED,
                    null,
                    null);
        }
    }

    /** The eligible routes of a request, with what was considered and removed on the way. */
    private record Eligibility(List<EligibleRoute> eligible, int considered, List<Removal> removals) {}

    /**
     * Routes a request that passed {@link RequestValidator} and the tenant's tool policy for a configured tenant;
     * {@code approvals} are the trusted approvals that let its tools through, recorded in the decision.
     */
    Outcome route(
            RouteRequest request,
            Tenant tenant,
            Instant now,
            LiveSignals live,
            BudgetLedger ledger,
            List<ToolApproval> approvals) {
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
        RouteQuery query = query(request, tenant, f, lane, now);
        List<String> explanation = new ArrayList<>(f.trace().size() + 12);
        explanation.addAll(f.trace());
        explanation.add("lane=" + lane.name() + ": " + (lane.isCatchAll() ? "catch-all" : "first matching lane")
                + ", output cap " + query.outputCap() + ", tags " + query.tags() + ", quality tier "
                + query.qualityTier().configName());

        String pinned = request.getHints().getPinnedAlias();
        List<Candidate> candidates = candidates(request, lane, live, explanation);
        if (candidates == null) {
            return Outcome.rejected(
                    ReasonCodes.POLICY_NO_ELIGIBLE_ROUTE,
                    "hints.pinnedAlias '" + pinned
                            + "' resolves to no configured model; use a configured alias or model id");
        }
        Eligibility eligibility = eligible(query, candidates, pinned != null, live, explanation);
        if (eligibility.eligible().isEmpty()) {
            return Outcome.rejected(
                    ReasonCodes.POLICY_NO_ELIGIBLE_ROUTE,
                    noRouteDetail(eligibility.considered(), eligibility.removals()));
        }

        Selection selection = selector.select(query, lane.name(), eligibility.eligible(), live);
        explanation.addAll(selection.trace());
        BudgetFitter.Fit fit = budget.fit(request.getRequestId(), query, selection, explanation, ledger);
        if (fit instanceof BudgetFitter.Fit.OverBudget over) {
            return Outcome.rejected(ReasonCodes.BUDGET_EXCEEDED, over.detail());
        }
        if (fit instanceof BudgetFitter.Fit.Wait wait) {
            return Outcome.waitForBudget(wait.detail());
        }
        BudgetFitter.Fit.Reserved reserved = (BudgetFitter.Fit.Reserved) fit;
        RoutingDecision decision = assembler.assemble(
                request,
                query,
                lane,
                reserved.primary(),
                reserved.fallbacks(),
                reserved.reservedMicros(),
                explanation,
                selection.statsVersion(),
                selection.ranked(),
                reserved.cascade(),
                approvals);
        chooseMode(request, query, reserved, decision, ledger);

        if (!ShadowPlanner.shadows(lane, request.getRequestId(), pinned != null)) {
            return new Outcome(decision);
        }
        ShadowPlanner.Planned planned = shadows.plan(query, lane.shadow().get(), decision, live, ledger);
        return new Outcome(planned.primary(), null, null, planned.shadow(), null);
    }

    /**
     * Records the execution mode ({@link ExecutionModes}) in the decision; a provider-batch request's reservation is
     * replaced by its worst case at the batch price, which is what it is expected to be billed.
     */
    private void chooseMode(
            RouteRequest request,
            RouteQuery query,
            BudgetFitter.Fit.Reserved reserved,
            RoutingDecision decision,
            BudgetLedger ledger) {
        ExecutionModes.Choice choice = modes.choose(query, reserved.primary().route(), decision);
        decision.setExecutionMode(choice.mode());
        decision.setExecutionModeReason(choice.reason());
        if (choice.reason() != null) {
            decision.getExplanation().add("execution: " + choice.reason());
        }
        if (choice.mode() == ExecutionMode.PROVIDER_BATCH) {
            Tenant tenant = query.tenant();
            // Release the synchronous worst case and reserve the (smaller) batch one: it always fits.
            ledger.settle(tenant.id(), request.getRequestId(), tenant.budget(), 0, query.at());
            ledger.reserve(
                    tenant.id(), request.getRequestId(), tenant.budget(), choice.batchWorstCaseMicros(), query.at());
            decision.getBudgets().setReservedCostMicros(choice.batchWorstCaseMicros());
            decision.getExplanation()
                    .add("budget: reservation replaced by the batch worst case "
                            + Money.format(choice.batchWorstCaseMicros()));
        }
    }

    /** What policy and selection know of the request: its caps, tags, quality tier and prompt vector. */
    private RouteQuery query(RouteRequest request, Tenant tenant, Features f, Lane lane, Instant now) {
        RequestHints hints = request.getHints();
        int outputCap = hints.getMaxOutputTokens() != null
                ? hints.getMaxOutputTokens()
                : lane.maxOutputTokens().orElse(config.router().defaultMaxOutputTokens());
        // The validator admits only known tiers; STANDARD is what an unknown one always meant.
        QualityTier tier = hints.getQualityTier() != null
                ? QualityTier.parse(hints.getQualityTier()).orElse(QualityTier.STANDARD)
                : tenant.qualityTier();
        SparseVector promptVector = selector.promptFeaturizer()
                .map(p -> p.featurize(PromptText.of(request), f.categories()))
                .orElse(SparseVector.empty());
        return new RouteQuery(
                request.getRequestId(),
                tenant,
                f,
                TenantPolicy.tags(tenant, hints.getTags()),
                outputCap,
                hints.getMaxCostMicros() == null ? Long.MAX_VALUE : hints.getMaxCostMicros(),
                tier,
                now,
                promptVector);
    }

    /** The pinned alias's model alone, else the lane's candidates in order; null when the pinned alias resolves to none. */
    private List<Candidate> candidates(RouteRequest request, Lane lane, LiveSignals live, List<String> explanation) {
        List<Candidate> candidates = new ArrayList<>(lane.candidates().size());
        String pinned = request.getHints().getPinnedAlias();
        if (pinned != null) {
            Candidate c = tables.resolve(pinned, 0, request.getRequestId(), live, explanation);
            if (c == null) {
                return null;
            }
            candidates.add(c);
            explanation.add("pinnedAlias=" + pinned + ": lane candidates replaced by " + c.label());
            return candidates;
        }
        List<String> entries = lane.candidates();
        for (int i = 0; i < entries.size(); i++) {
            Candidate c = tables.resolve(entries.get(i), i, request.getRequestId(), live, explanation);
            if (c != null && !containsModel(candidates, c)) {
                candidates.add(c);
            }
        }
        return candidates;
    }

    /** The candidates the policy admits; when none is and nothing is pinned, the rest of the registry's. */
    private Eligibility eligible(
            RouteQuery query, List<Candidate> candidates, boolean pinned, LiveSignals live, List<String> explanation) {
        PolicyOutcome outcome = policy.filter(query, candidates, live);
        List<Removal> removals = new ArrayList<>(outcome.removals());
        List<EligibleRoute> eligible = outcome.eligible();
        int considered = candidates.size();
        if (eligible.isEmpty() && !pinned) {
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
        return new Eligibility(eligible, considered, removals);
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
            tools.add(new Tool(t.getName(), t.getSideEffect(), t.getDescription(), t.getParametersJson()));
        }
        Hints hints = new Hints(
                TaskType.parse(h.getTaskType()).orElse(null),
                LatencyClass.valueOf(h.getLatencyClass().name()), // the contract's Avro enum, by name
                DataClass.parse(h.getDataClass()).orElse(null),
                tags,
                tools,
                h.getResponseFormat(),
                h.getMaxOutputTokens(),
                false);
        return new ClassifierInput(messages, hints);
    }
}
