package dev.routeplane.cli.demo;

import dev.routeplane.bench.Percentiles;
import dev.routeplane.cli.demo.PipelineWatcher.LaneModel;
import dev.routeplane.config.Model;
import dev.routeplane.config.ModelPrice;
import dev.routeplane.config.RouteplaneConfig;
import dev.routeplane.schemas.Money;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/** The demo's closing summary; its last line is the one scripts read. */
final class DemoSummary {

    private final RouteplaneConfig config;
    private final Instant pricedAt;

    DemoSummary(RouteplaneConfig config, Instant pricedAt) {
        this.config = config;
        this.pricedAt = pricedAt;
    }

    void print(PrintStream out, int submitted, WatchSnapshot s, long ledgerMicros, long invoiceMicros, Duration took) {
        out.println();
        out.println("Models chosen per lane (successful answers; cost = every billed call on that route):");
        String lane = null;
        for (Map.Entry<LaneModel, long[]> e : s.byLaneModel().entrySet()) {
            if (!e.getKey().lane().equals(lane)) {
                lane = e.getKey().lane();
                out.println("  " + lane);
            }
            out.printf(
                    "    %-22s %6d answers  %14s%n",
                    e.getKey().model(), e.getValue()[0], Money.format(e.getValue()[1]));
        }

        Model strongest = strongestModel();
        long strongestMicros = costAt(strongest, s.succeededUsage());
        double saving = strongestMicros == 0 ? 0 : 100.0 * (strongestMicros - ledgerMicros) / strongestMicros;
        out.println();
        out.printf(
                "Cost: %s billed; the same %d answers from %s alone would cost %s (same price book)%n",
                Money.format(ledgerMicros), s.succeededUsage().size(), strongest.id(), Money.format(strongestMicros));
        out.printf(
                "Latency (submit to result, successful requests): p50 %d ms, p95 %d ms%n",
                percentile(s.latenciesMs(), 50), percentile(s.latenciesMs(), 95));
        out.printf("Fallbacks: %d requests answered or tried on more than one route%n", s.fallbacks());
        if (s.shadowCalls() > 0) {
            out.printf(
                    "Shadow calls: %d (lanes' shadow models, billed; results on the shadow results topic, never "
                            + "returned)%n",
                    s.shadowCalls());
        }
        out.println("Terminal results by status: " + s.resultsByStatus());
        out.println(
                "Rejections by reason:       " + (s.rejectionsByReason().isEmpty() ? "none" : s.rejectionsByReason()));
        if (!s.failedAttempts().isEmpty()) {
            out.println("Provider calls that failed (route, outcome, error kind):");
            s.failedAttempts().forEach((k, v) -> out.printf("  %6d  %s%n", v, k));
        }
        out.printf(
                "Ledger %s (%d billed calls) against the simulator's invoice %s: %s%n",
                Money.format(ledgerMicros),
                s.costEvents(),
                Money.format(invoiceMicros),
                ledgerMicros == invoiceMicros ? "equal" : "DIFFERENT");
        if (s.duplicateResults() > 0) {
            out.println("WARNING: " + s.duplicateResults() + " duplicate terminal results");
        }
        out.printf("Took %d s%n", took.toSeconds());
        long lost = submitted - s.terminal();
        out.printf(
                "demo: %d requests, %d terminal, %d lost; ledger %s %s invoice %s; saving %.1f%% vs always-%s%n",
                submitted,
                s.terminal(),
                lost,
                Money.format(ledgerMicros),
                ledgerMicros == invoiceMicros ? "=" : "!=",
                Money.format(invoiceMicros),
                saving,
                strongest.id());
    }

    /** The model with the highest configured quality prior: what "always use the best" would mean. */
    private Model strongestModel() {
        return config.models().values().stream()
                .max(Comparator.comparingDouble(Model::qualityPrior))
                .orElseThrow(() -> new IllegalStateException("no models configured"));
    }

    private long costAt(Model model, List<long[]> usage) {
        ModelPrice price = config.priceBook().priceAt(model.id(), pricedAt);
        long total = 0;
        for (long[] u : usage) {
            total += Money.costMicros(u[0], u[1], price.inputMicrosPerMillion(), price.outputMicrosPerMillion());
        }
        return total;
    }

    static long percentile(List<Long> values, int p) {
        return Percentiles.nearestRank(values, p);
    }
}
