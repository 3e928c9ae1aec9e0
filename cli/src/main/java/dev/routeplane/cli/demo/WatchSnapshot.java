package dev.routeplane.cli.demo;

import dev.routeplane.cli.demo.PipelineWatcher.LaneModel;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The figures of a run at one moment.
 *
 * @param routed            requests with a routing decision
 * @param terminal          requests with a terminal result (each counted once)
 * @param failed            terminal results other than SUCCEEDED (refusals included)
 * @param duplicateResults  terminal results beyond the first for the same request (must stay 0)
 * @param fallbacks         requests answered or tried on more than one route
 * @param spentMicros       sum of cost events (every billed provider call)
 * @param costEvents        number of cost events
 * @param shadowCalls       cost events of shadow calls (a lane's share also sent to its shadow model)
 * @param resultsByStatus   terminal results by status and reason
 * @param rejectionsByReason rejection records by reason code
 * @param byLaneModel       per lane × model: {successful answers, cost in micros}
 * @param latenciesMs       end-to-end latency of each successful request
 * @param succeededUsage    {input tokens, output tokens} of each successful request
 * @param terminalIds       the request ids with a terminal result
 * @param failedAttempts    provider calls that did not succeed, by route, outcome and error kind
 */
record WatchSnapshot(
        long routed,
        long terminal,
        long failed,
        long duplicateResults,
        long fallbacks,
        long spentMicros,
        long costEvents,
        long shadowCalls,
        Map<String, Long> resultsByStatus,
        Map<String, Long> rejectionsByReason,
        Map<LaneModel, long[]> byLaneModel,
        List<Long> latenciesMs,
        List<long[]> succeededUsage,
        Set<String> terminalIds,
        Map<String, Long> failedAttempts) {}
