package dev.routeplane.simulator;

import java.util.List;

/**
 * A snapshot of everything the simulator has billed: the ground truth the ledger must equal.
 *
 * <p>Billing rule: a call is billed exactly when the simulator sends a completion with usage, i.e. an HTTP 200
 * whose body is a complete completion object, whatever its finish reason ({@code stop}/{@code end_turn},
 * {@code length}/{@code max_tokens}, {@code tool_calls}/{@code tool_use}, {@code content_filter}/{@code refusal}).
 * Nothing is billed for 4xx (validation, auth, context length, 429), 5xx, 503 outages, timeouts, a 200 carrying
 * an error body, or a cut-off body. A synthetic call costs
 * {@link Pricing#costMicros(long, long, long, long)} of its usage at the model's prices; a replayed call costs
 * its recorded RouterBench cost converted with {@link Pricing#usdToMicros(String)}. A batch-API line is billed
 * when it finishes, at the model's batch prices (see {@link BatchApi}). A synchronous line is written when the
 * response has been delivered; a call still pending when the server closes is never billed, and neither is one whose
 * client had closed the connection by the time its answer was ready (the provider stops generating for a caller that
 * is gone, as a self-hosted vLLM server does).
 *
 * @param totals      per (provider, model), sorted by provider then model
 * @param totalMicros sum of all lines' costs
 * @param calls       number of billed calls
 * @param lines       every line in billing order (empty in HTTP answers unless {@code ?lines=true}, and always empty
 *                    when the simulator keeps no lines: {@link SimulatorConfig#keepCalls()})
 */
public record Invoice(List<InvoiceTotal> totals, long totalMicros, long calls, List<InvoiceLine> lines) {

    public Invoice {
        totals = List.copyOf(totals);
        lines = List.copyOf(lines);
    }

    /** The part of {@link #totalMicros()} billed for batch-API lines (zero when the snapshot has no lines). */
    public long batchMicros() {
        return lines.stream()
                .filter(InvoiceLine::batch)
                .mapToLong(InvoiceLine::costMicros)
                .sum();
    }
}
