package dev.routeplane.bench.e2e;

import java.util.List;
import java.util.Locale;

/**
 * One step of the ramp: what was offered and what the pipeline completed over it.
 *
 * @param rate          the step's target rate (requests per second)
 * @param seconds       how long the step ran
 * @param sent          requests the broker acknowledged during the step
 * @param completed     terminal results (result or rejection) that arrived during the step
 * @param backlogStart  acknowledged requests without a terminal result when the step began
 * @param backlogEnd    the same when it ended
 * @param load          the system load average at the end of the step
 */
record RampStep(int rate, double seconds, long sent, long completed, long backlogStart, long backlogEnd, double load) {

    /** Below this share of the offered rate completed, the step is not kept up with. */
    static final double MIN_COMPLETED_SHARE = 0.95;
    /** The backlog may grow by at most this many seconds of the offered rate over a step (what is in flight). */
    static final double MAX_GROWTH_SECONDS = 1.0;

    double offeredPerSecond() {
        return sent / seconds;
    }

    double completedPerSecond() {
        return completed / seconds;
    }

    /**
     * Whether the pipeline kept up: it completed at least 95% of what was offered, and its backlog grew by less than
     * one second of the offered rate (a pipeline that falls behind grows its backlog by the missing rate every second).
     */
    boolean keptUp() {
        return completed >= MIN_COMPLETED_SHARE * sent
                && backlogEnd - backlogStart <= Math.max(1, MAX_GROWTH_SECONDS * offeredPerSecond());
    }

    /** The highest rate of the leading steps that were all kept up with; 0 when the first was not. */
    static int maxKeptUp(List<RampStep> steps) {
        int max = 0;
        for (RampStep step : steps) {
            if (!step.keptUp()) {
                break;
            }
            max = step.rate();
        }
        return max;
    }

    String describe() {
        return String.format(
                Locale.ROOT,
                "  step %5d req/s: offered %7.1f/s, completed %7.1f/s, backlog %6d -> %6d (%s); load %.2f",
                rate,
                offeredPerSecond(),
                completedPerSecond(),
                backlogStart,
                backlogEnd,
                keptUp() ? "kept up" : "falling behind",
                load);
    }
}
