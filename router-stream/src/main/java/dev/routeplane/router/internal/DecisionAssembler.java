package dev.routeplane.router.internal;

import dev.routeplane.classifier.Features;
import dev.routeplane.config.Lane;
import dev.routeplane.config.RouterSettings;
import dev.routeplane.contract.CandidateEstimate;
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
import dev.routeplane.contract.ToolSpec;
import dev.routeplane.config.Tenant;
import dev.routeplane.router.Candidate;
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

  RoutingDecision assemble(RouteRequest request, RouteQuery query, Lane lane, RankedRoute primary,
      List<RankedRoute> fallbacks, long reservedMicros, List<String> explanation, String statsVersion,
      List<RankedRoute> ranked) {
    Candidate c = primary.route().candidate();
    Features f = query.features();
    Tenant tenant = query.tenant();
    List<String> tools = new ArrayList<>(request.getHints().getTools().size());
    List<String> approval = new ArrayList<>(0);
    for (ToolSpec t : request.getHints().getTools()) {
      tools.add(t.getName());
      if (tenant.toolsRequiringApproval().contains(t.getName())) {
        approval.add(t.getName());
      }
    }
    Long deadline = request.getHints().getDeadlineMs();
    return RoutingDecision.newBuilder()
        .setRequestId(request.getRequestId()).setTenantId(request.getTenantId()).setBatchId(request.getBatchId())
        .setLane(lane.name())
        .setRoute(Route.newBuilder().setProvider(c.provider().id()).setModel(c.model().id()).setAlias(c.alias())
            .setVersion(c.version()).setRegion(c.provider().region()).build())
        .setBudgets(DecisionBudgets.newBuilder()
            .setMaxInputTokens(f.inputTokens())
            .setMaxOutputTokens(primary.route().maxOutputTokens())
            .setMaxToolCalls(tools.isEmpty() ? 0 : settings.maxToolCalls())
            .setDeadlineMs(deadline != null ? deadline : settings.defaultDeadlineMs())
            .setReservedCostMicros(reservedMicros).build())
        .setPolicy(DecisionPolicy.newBuilder().setRiskTier(f.riskTier().name()).setDataClass(f.dataClass().name())
            .setToolsAllowed(tools).setRequiresApprovalFor(approval).build())
        .setFallbacks(fallbacks(c, fallbacks))
        .setFeatures(FeatureSummary.newBuilder()
            .setTaskType(f.taskType().name()).setInputTokens(f.inputTokens())
            .setContextBand(f.contextBand().name()).setDataClass(f.dataClass().name())
            .setLanguages(f.languages()).setMultilingual(f.multilingual()).setNeedsTools(f.needsTools())
            .setNeedsJson(f.needsJson()).setNeedsVision(f.needsVision())
            .setLatencyClass(LatencyClass.valueOf(f.latencyClass().name())).setRiskTier(f.riskTier().name())
            .build())
        .setExplanation(explanation)
        .setEstimates(Estimates.newBuilder().setCostMicros(primary.expectedCostMicros())
            .setQuality(primary.quality()).setLatencyMs(primary.latencyMs()).setCandidates(candidates(primary, ranked))
            .build())
        .setVersions(DecisionVersions.newBuilder().setRouter(routerVersion).setPolicy(policyVersion)
            .setStats(statsVersion).build())
        .setDecidedAt(query.at())
        .build();
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
    return CandidateEstimate.newBuilder().setProvider(c.provider().id()).setModel(c.model().id())
        .setQuality(r.quality()).setEvidence(r.evidence()).setCostMicros(r.expectedCostMicros()).build();
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
      out.add(Fallback.newBuilder().setProvider(c.provider().id()).setModel(c.model().id())
          .setRegion(c.provider().region()).setWhen(when).build());
    }
    return out;
  }
}
