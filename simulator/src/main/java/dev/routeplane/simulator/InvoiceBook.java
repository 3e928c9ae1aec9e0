package dev.routeplane.simulator;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Thread-safe record of billed calls: appended to, and a line taken back only when its delivery failed. */
final class InvoiceBook {

    private final List<InvoiceLine> lines = new ArrayList<>();

    synchronized void bill(InvoiceLine line) {
        lines.add(line);
    }

    /** Takes back the line of a call whose answer could not be delivered after all (the newest such line). */
    synchronized void withdraw(InvoiceLine line) {
        lines.remove(lines.lastIndexOf(line));
    }

    Invoice snapshot() {
        List<InvoiceLine> copy;
        synchronized (this) {
            copy = new ArrayList<>(lines);
        }
        Map<String, InvoiceTotal> totals = new TreeMap<>();
        long grand = 0;
        for (InvoiceLine l : copy) {
            grand = Math.addExact(grand, l.costMicros());
            totals.merge(
                    l.provider() + '\u0000' + l.model(),
                    new InvoiceTotal(l.provider(), l.model(), 1, l.inputTokens(), l.outputTokens(), l.costMicros()),
                    (a, b) -> new InvoiceTotal(
                            a.provider(),
                            a.model(),
                            a.calls() + b.calls(),
                            a.inputTokens() + b.inputTokens(),
                            a.outputTokens() + b.outputTokens(),
                            Math.addExact(a.costMicros(), b.costMicros())));
        }
        List<InvoiceTotal> sorted = new ArrayList<>(totals.values());
        sorted.sort(Comparator.comparing(InvoiceTotal::provider).thenComparing(InvoiceTotal::model));
        return new Invoice(sorted, grand, copy.size(), copy);
    }
}
