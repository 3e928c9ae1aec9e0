package dev.routeplane.simulator;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every provider's files and batches, and the billing of batch lines. Thread-safe: one lock, held briefly; the
 * batch endpoints and the invoice call {@link #settle} so that what they show includes every line finished by now.
 */
final class BatchBook {

    private final Clock clock;
    private final InvoiceBook invoice;
    private final Map<String, SimFile> files = new LinkedHashMap<>();
    private final Map<String, SimBatch> batches = new LinkedHashMap<>();

    BatchBook(Clock clock, InvoiceBook invoice) {
        this.clock = clock;
        this.invoice = invoice;
    }

    Instant now() {
        return clock.instant();
    }

    synchronized SimFile addFile(SimFile file) {
        files.put(file.id(), file);
        return file;
    }

    /** The provider's file with this id, or null. */
    synchronized SimFile file(String providerId, String id) {
        SimFile f = files.get(id);
        return f != null && f.providerId().equals(providerId) ? f : null;
    }

    synchronized void add(SimBatch batch) {
        batches.put(batch.id, batch);
    }

    /** The provider's batch with this id settled to now, or null. */
    synchronized SimBatch batch(String providerId, String id) {
        settle(now());
        SimBatch b = batches.get(id);
        return b != null && b.providerId.equals(providerId) ? b : null;
    }

    /** The provider's batches settled to now, newest first. */
    synchronized List<SimBatch> list(String providerId) {
        settle(now());
        List<SimBatch> out = new ArrayList<>();
        for (SimBatch b : batches.values()) {
            if (b.providerId.equals(providerId)) {
                out.add(0, b);
            }
        }
        return out;
    }

    /** Bills every batch line finished by {@code now} and not billed yet, at the time it finished. */
    synchronized void settle(Instant now) {
        for (SimBatch b : batches.values()) {
            int done = b.doneAt(now);
            for (int i = b.settledLines; i < done; i++) {
                SimBatch.Line line = b.lines.get(i);
                SimCompletion c = line.completion();
                if (c != null) {
                    invoice.bill(new InvoiceLine(
                            line.callId(),
                            b.providerId,
                            line.model(),
                            b.keyFingerprint,
                            c.inputTokens(),
                            c.outputTokens(),
                            c.costMicros(),
                            b.dueAt(i),
                            line.customId(),
                            b.id));
                }
            }
            b.settledLines = Math.max(b.settledLines, done);
        }
    }

    /** Asks a batch to stop: lines due after {@code at} will not run. */
    synchronized void cancel(SimBatch batch, Instant at) {
        settle(at);
        batch.cancelRequestedAt = at;
    }
}
