package dev.routeplane.router.internal;

import dev.routeplane.config.Model;
import dev.routeplane.config.RouterSettings;
import dev.routeplane.contract.RouteStats;
import dev.routeplane.router.EligibleRoute;
import dev.routeplane.router.RankedRoute;
import dev.routeplane.router.RouteQuery;
import dev.routeplane.router.RouteSelector;
import dev.routeplane.router.RoutingSignals;
import dev.routeplane.router.Selection;
import dev.routeplane.schemas.Money;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Ranks eligible routes by quality and cost according to the tenant's quality tier, using measured route
 * statistics where they have enough fresh evidence and the models' priors otherwise, with a deterministic
 * exploration share so that routes without evidence get some.
 *
 * <ul>
 *   <li>premium: highest quality; cheaper, then lane order, on ties</li>
 *   <li>standard: cheapest expected cost among routes within {@link #STANDARD_TOLERANCE} of the best quality</li>
 *   <li>economy: the same with {@link #ECONOMY_TOLERANCE}</li>
 * </ul>
 * Routes outside the tolerance band follow, best quality first, so fallbacks degrade gracefully.
 */
public final class StatsAwareSelector implements RouteSelector {
    /** Quality a standard tenant gives up for a cheaper route: small enough that users do not notice. */
    public static final double STANDARD_TOLERANCE = 0.05;
    /** Quality an economy tenant gives up for a cheaper route. */
    public static final double ECONOMY_TOLERANCE = 0.15;
    /**
     * Quality subtracted for a provider whose circuit is HALF_OPEN: it is being probed, so it should win only
     * when clearly better, but stays available as a fallback.
     */
    public static final double HALF_OPEN_PENALTY = 0.10;
    /** Share of the output cap assumed for the expected cost until statistics give an average call cost. */
    public static final double EXPECTED_OUTPUT_SHARE = 0.25;

    private static final double EPSILON = 1e-9;

    private final RouterSettings settings;
    private final long seed;

    public StatsAwareSelector(RouterSettings settings, long seed) {
        this.settings = settings;
        this.seed = seed;
    }

    @Override
    public Selection select(RouteQuery query, String lane, List<EligibleRoute> eligible, RoutingSignals signals) {
        List<RankedRoute> ranked = new ArrayList<>(eligible.size());
        long statsWatermark = Long.MIN_VALUE;
        long now = query.at().toEpochMilli();
        for (EligibleRoute route : eligible) {
            Model model = route.candidate().model();
            RouteStats stats =
                    signals.routeStats(lane, route.candidate().provider().id(), model.id());
            boolean fresh = stats != null && now - stats.getUpdatedAt().toEpochMilli() <= settings.statsMaxAgeMs();
            boolean qualityFromStats = fresh && stats.getQualityEvidence() >= settings.minSamplesForStats();
            boolean callsFromStats = fresh && stats.getCalls() >= settings.minSamplesForStats();
            if (qualityFromStats || callsFromStats) {
                statsWatermark = Math.max(statsWatermark, stats.getUpdatedAt().toEpochMilli());
            }
            double quality = qualityFromStats ? stats.getQualityEstimate() : model.qualityPrior();
            if (route.healthPenalised()) {
                quality -= HALF_OPEN_PENALTY;
            }
            long expectedCost = callsFromStats
                    ? stats.getTotalCostMicros() / stats.getCalls()
                    : Money.costMicros(
                            query.features().inputTokens(),
                            (long) (route.maxOutputTokens() * EXPECTED_OUTPUT_SHARE),
                            route.inputPriceMicros(),
                            route.outputPriceMicros());
            long latency = callsFromStats ? stats.getLatencyP50Ms() : model.latencyPriorMs();
            ranked.add(new RankedRoute(
                    route,
                    quality,
                    expectedCost,
                    latency,
                    qualityFromStats ? stats.getQualityEvidence() : 0,
                    qualityFromStats ? "stats" : "prior"));
        }
        double best = ranked.stream().mapToDouble(RankedRoute::quality).max().orElse(0);
        double tolerance = switch (query.qualityTier()) {
            case PREMIUM -> 0;
            case ECONOMY -> ECONOMY_TOLERANCE;
            case STANDARD -> STANDARD_TOLERANCE;
        };
        Comparator<RankedRoute> byLane =
                Comparator.comparingInt(r -> r.route().candidate().laneOrder());
        Comparator<RankedRoute> order;
        if (tolerance == 0) {
            order = Comparator.comparingDouble((RankedRoute r) -> -r.quality())
                    .thenComparingLong(RankedRoute::expectedCostMicros)
                    .thenComparing(byLane);
        } else {
            double floor = best - tolerance - EPSILON;
            order = Comparator.comparingInt((RankedRoute r) -> r.quality() >= floor ? 0 : 1)
                    .thenComparingLong(r -> r.quality() >= floor ? r.expectedCostMicros() : 0)
                    .thenComparingDouble(r -> -r.quality())
                    .thenComparingLong(RankedRoute::expectedCostMicros)
                    .thenComparing(byLane);
        }
        ranked.sort(order);

        List<String> trace = new ArrayList<>(3);
        RankedRoute top = ranked.get(0);
        StringBuilder line = new StringBuilder(160)
                .append("selection[")
                .append(query.qualityTier().configName())
                .append("]: best quality ");
        Decimals.append(line, best, 3).append(", band >= ");
        Decimals.append(line, best - tolerance, 3).append("; ranked ");
        trace.add(appendLabels(line, ranked).toString());
        boolean explored = false;
        double draw = StableHash.unit(seed, query.requestId());
        if (ranked.size() > 1 && draw < settings.explorationShare()) {
            int pick = 1;
            for (int i = 2; i < ranked.size(); i++) {
                if (ranked.get(i).evidence() < ranked.get(pick).evidence()) {
                    pick = i;
                }
            }
            RankedRoute explore = ranked.remove(pick);
            ranked.add(0, explore);
            explored = true;
            StringBuilder why = new StringBuilder(120).append("exploration: draw ");
            Decimals.append(why, draw, 4).append(" < share ");
            Decimals.append(why, settings.explorationShare(), 3)
                    .append(", chose ")
                    .append(explore.route().candidate().label())
                    .append(" (evidence ")
                    .append(explore.evidence())
                    .append(") over ")
                    .append(top.route().candidate().label());
            trace.add(why.toString());
        }
        RankedRoute chosen = ranked.get(0);
        StringBuilder chose = new StringBuilder(120)
                .append("chose ")
                .append(chosen.route().candidate().label())
                .append(": quality ");
        Decimals.append(chose, chosen.quality(), 3)
                .append(" (")
                .append(chosen.qualitySource())
                .append("), expected ")
                .append(Money.format(chosen.expectedCostMicros()))
                .append(", worst case ")
                .append(Money.format(chosen.route().worstCaseMicros()))
                .append(", latency ")
                .append(chosen.latencyMs())
                .append(" ms");
        trace.add(chose.toString());
        String statsVersion = statsWatermark == Long.MIN_VALUE ? "priors" : "stats@" + statsWatermark;
        return new Selection(ranked, explored, trace, statsVersion);
    }

    private static StringBuilder appendLabels(StringBuilder sb, List<RankedRoute> ranked) {
        sb.append('[');
        for (int i = 0; i < ranked.size(); i++) {
            sb.append(i == 0 ? "" : ", ")
                    .append(ranked.get(i).route().candidate().label());
        }
        return sb.append(']');
    }
}
