package dev.routeplane.simulator;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Thread-safe record of billed calls: appended to, and a line taken back only when its delivery failed. Keeps running
 * totals per provider and model, and every line too unless told not to (see {@link SimulatorConfig#keepCalls()}).
 */
final class InvoiceBook {

    private final boolean keepLines;
    private final List<InvoiceLine> lines = new ArrayList<>();
    private final Map<String, InvoiceTotal> totals = new TreeMap<>();
    private long grand;
    private long calls;

    InvoiceBook(boolean keepLines) {
        this.keepLines = keepLines;
    }

    synchronized void bill(InvoiceLine line) {
        add(line, 1);
        if (keepLines) {
            lines.add(line);
        }
    }

    /** Takes back the line of a call whose answer could not be delivered after all (the newest such line). */
    synchronized void withdraw(InvoiceLine line) {
        add(line, -1);
        if (keepLines) {
            lines.remove(lines.lastIndexOf(line));
        }
    }

    private void add(InvoiceLine l, int sign) {
        grand = Math.addExact(grand, sign * l.costMicros());
        calls += sign;
        totals.merge(
                l.provider() + '\u0000' + l.model(),
                new InvoiceTotal(
                        l.provider(),
                        l.model(),
                        sign,
                        sign * l.inputTokens(),
                        sign * l.outputTokens(),
                        sign * l.costMicros()),
                (a, b) -> new InvoiceTotal(
                        a.provider(),
                        a.model(),
                        a.calls() + b.calls(),
                        a.inputTokens() + b.inputTokens(),
                        a.outputTokens() + b.outputTokens(),
                        Math.addExact(a.costMicros(), b.costMicros())));
    }

    synchronized Invoice snapshot() {
        // The keys (provider, NUL, model) keep the totals sorted by provider, then model.
        List<InvoiceTotal> kept = new ArrayList<>();
        for (InvoiceTotal t : totals.values()) {
            if (t.calls() != 0) {
                kept.add(t);
            }
        }
        return new Invoice(kept, grand, calls, lines);
    }
}
