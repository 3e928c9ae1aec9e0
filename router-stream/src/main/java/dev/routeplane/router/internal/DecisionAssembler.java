package dev.routeplane.router.internal;

import dev.routeplane.classifier.Features;
import dev.routeplane.config.Lane;
import dev.routeplane.config.RouterSettings;
import dev.routeplane.config.Tenant;
import dev.routeplane.config.ToolPolicy;
import dev.routeplane.contract.CandidateEstimate;
import dev.routeplane.contract.Cascade;
import dev.routeplane.contract.DecisionBudgets;
import dev.routeplane.contract.DecisionPolicy;
import dev.routeplane.contract.DecisionVersions;
import dev.routeplane.contract.Estimates;
import dev.routeplane.contract.Fallback;
import dev.routeplane.contract.FallbackTrigger;
import dev.routeplane.contract.FeatureSummary;
import dev.routeplane.contract.LatencyClass;
import dev.routeplane.contract.Route;
import dev.routeplane.contract.RouteRequest;
import dev.routeplane.contract.RoutingDecision;
import dev.routeplane.contract.ToolApproval;
import dev.routeplane.contract.ToolSpec;
import dev.routeplane.router.Candidate;
import dev.routeplane.router.CascadeChoice;
import dev.routeplane.router.RankedRoute;
import dev.routeplane.router.RouteQuery;
import java.util.ArrayList;
import java.util.List;

/** Fills every field of a {@link RoutingDecision}; never copies message content into it. */
final class DecisionAssembler {
    private static final List<FallbackTrigger> ALWAYS =
            List.of(FallbackTrigger.TIMEOUT, FallbackTrigger.SERVER_ERROR, FallbackTrigger.RATE_LIMITED);

    private final RouterSettings settings;
    private final String routerVersion;
    private final String policyVersion;

    DecisionAssembler(RouterSettings settings, String routerVersion, String policyVersion) {
        this.settings = settings;
        this.routerVersion = routerVersion;
        this.policyVersion = policyVersion;
    }

    /**
     * The decision for {@code primary} backed by {@code fallbacks}; with a {@code cascade}, {@code primary} is its
     * escalation, the decision's route is the cascade's first stage and the estimates are the cascade's. The
     * {@code approvals} that let the request's tools through are recorded in its policy.
     */
    RoutingDecision assemble(
            RouteRequest request,
            RouteQuery query,
            Lane lane,
            RankedRoute primary,
            List<RankedRoute> fallbacks,
            long reservedMicros,
            List<String> explanation,
            String statsVersion,
            List<RankedRoute> ranked,
            CascadeChoice cascade,
            List<ToolApproval> approvals) {
        Candidate c = cascade == null
                ? primary.route().candidate()
                : cascade.stages().get(0).route().candidate();
        Features f = query.features();
        Tenant tenant = query.tenant();
        List<String> tools = new ArrayList<>(request.getHints().getTools().size());
        List<String> approval = new ArrayList<>(0);
        for (ToolSpec t : request.getHints().getTools()) {
            tools.add(t.getName());
            if (ToolPolicy.needsApproval(tenant, t.getName())) {
                approval.add(t.getName());
            }
        }
        long deadline = deadlineMs(request, query, explanation);
        return RoutingDecision.newBuilder()
                .setRequestId(request.getRequestId())
                .setTenantId(request.getTenantId())
                .setBatchId(request.getBatchId())
                .setLane(lane.name())
                .setRoute(route(c))
                .setBudgets(DecisionBudgets.newBuilder()
                        .setMaxInputTokens(f.inputTokens())
                        .setMaxOutputTokens(primary.route().maxOutputTokens())
                        .setMaxToolCalls(tools.isEmpty() ? 0 : settings.maxToolCalls())
                        .setDeadlineMs(deadline)
                        .setReservedCostMicros(reservedMicros)
                        .build())
                .setPolicy(DecisionPolicy.newBuilder()
                        .setRiskTier(f.riskTier().name())
                        .setDataClass(f.dataClass().name())
                        .setToolsAllowed(tools)
                        .setRequiresApprovalFor(approval)
                        .setApprovals(approvals)
                        .build())
                .setFallbacks(fallbacks(primary.route().candidate(), fallbacks))
                .setFeatures(FeatureSummary.newBuilder()
                        .setTaskType(f.taskType().name())
                        .setInputTokens(f.inputTokens())
                        .setContextBand(f.contextBand().name())
                        .setDataClass(f.dataClass().name())
                        .setLanguages(f.languages())
                        .setMultilingual(f.multilingual())
                        .setNeedsTools(f.needsTools())
                        .setNeedsJson(f.needsJson())
                        .setNeedsVision(f.needsVision())
                        .setLatencyClass(LatencyClass.valueOf(f.latencyClass().name()))
                        .setRiskTier(f.riskTier().name())
                        .build())
                .setExplanation(explanation)
                .setEstimates(Estimates.newBuilder()
                        .setCostMicros(cascade == null ? primary.expectedCostMicros() : cascade.expectedCostMicros())
                        .setQuality(cascade == null ? primary.quality() : cascade.quality())
                        .setLatencyMs(cascade == null ? primary.latencyMs() : stagesLatency(cascade))
                        .setCandidates(candidates(primary, ranked))
                        .build())
                .setCascade(cascade == null ? null : cascade(cascade))
                .setVersions(DecisionVersions.newBuilder()
                        .setRouter(routerVersion)
                        .setPolicy(policyVersion)
                        .setStats(statsVersion)
                        .build())
                .setDecidedAt(query.at())
                .build();
    }

    static Route route(Candidate c) {
        return Route.newBuilder()
                .setProvider(c.provider().id())
                .setModel(c.model().id())
                .setAlias(c.alias())
                .setVersion(c.version())
                .setRegion(c.provider().region())
                .build();
    }

    private static Cascade cascade(CascadeChoice choice) {
        List<Route> stages = new ArrayList<>(choice.stages().size());
        for (RankedRoute s : choice.stages()) {
            stages.add(route(s.route().candidate()));
        }
        return Cascade.newBuilder()
                .setId(choice.id())
                .setStages(stages)
                .setEscalation(route(choice.escalation().route().candidate()))
                .setSignal(choice.signal().name())
                .setScoreThreshold(choice.scoreThreshold())
                .build();
    }

    /** The stages run one after another; escalation, when it happens, adds its own latency. */
    private static long stagesLatency(CascadeChoice choice) {
        long sum = 0;
        for (RankedRoute s : choice.stages()) {
            sum += s.latencyMs();
        }
        return sum;
    }

    /** Every ranked route's estimates, the chosen primary first (budget may have skipped the selector's first). */
    private static List<CandidateEstimate> candidates(RankedRoute primary, List<RankedRoute> ranked) {
        List<CandidateEstimate> out = new ArrayList<>(ranked.size());
        out.add(estimate(primary));
        for (RankedRoute r : ranked) {
            if (r != primary) {
                out.add(estimate(r));
            }
        }
        return out;
    }

    private static CandidateEstimate estimate(RankedRoute r) {
        Candidate c = r.route().candidate();
        return CandidateEstimate.newBuilder()
                .setProvider(c.provider().id())
                .setModel(c.model().id())
                .setQuality(r.quality())
                .setEvidence(r.evidence())
                .setCostMicros(r.expectedCostMicros())
                .build();
    }

    /**
     * Each fallback fires on timeouts, 5xx and rate limits; on a context overflow only when its window is larger;
     * on a content filter only when it is another vendor (the same vendor would filter the same way).
     */
    private static List<Fallback> fallbacks(Candidate primary, List<RankedRoute> ranked) {
        List<Fallback> out = new ArrayList<>(ranked.size());
        for (RankedRoute r : ranked) {
            Candidate c = r.route().candidate();
            List<FallbackTrigger> when = new ArrayList<>(ALWAYS);
            if (c.model().contextWindow() > primary.model().contextWindow()) {
                when.add(FallbackTrigger.CONTEXT_OVERFLOW);
            }
            if (!c.provider().id().equals(primary.provider().id())) {
                when.add(FallbackTrigger.CONTENT_FILTER);
            }
            out.add(Fallback.newBuilder()
                    .setProvider(c.provider().id())
                    .setModel(c.model().id())
                    .setRegion(c.provider().region())
                    .setWhen(when)
                    .build());
        }
        return out;
    }

    /**
     * When the answer is due, counted from the request's submittedAt: its own deadline (a batch's completion window),
     * else the default of its class, a batch's 24 h or an interactive call's two minutes. The explanation says which.
     */
    private long deadlineMs(RouteRequest request, RouteQuery query, List<String> explanation) {
        Long own = request.getHints().getDeadlineMs();
        if (own != null) {
            explanation.add("deadline: " + own + " ms after submission, as the request asks");
            return own;
        }
        boolean batch = query.latencyClass() == dev.routeplane.config.LatencyClass.BATCH;
        long deadline = batch ? settings.defaultBatchDeadlineMs() : settings.defaultDeadlineMs();
        explanation.add("deadline: " + deadline + " ms after submission, router."
                + (batch ? "defaultBatchDeadlineMs (a batch request)" : "defaultDeadlineMs"));
        return deadline;
    }
}
