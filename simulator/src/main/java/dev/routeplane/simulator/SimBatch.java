package dev.routeplane.simulator;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One provider batch as the simulator keeps it. Its state is a pure function of the clock (see {@link BatchApi}):
 * nothing runs in the background; {@link BatchBook} settles every batch to "now" whenever anyone looks, billing the
 * lines finished since.
 *
 * <p>Not thread-safe: guarded by the {@link BatchBook}'s lock.
 */
final class SimBatch {

    /** Where a batch is, in terms both APIs map onto their own status names. */
    enum Phase {
        VALIDATING,
        IN_PROGRESS,
        FINALIZING,
        COMPLETED,
        FAILED,
        EXPIRED,
        CANCELLING,
        CANCELLED;

        boolean ended() {
            return this == COMPLETED || this == FAILED || this == EXPIRED || this == CANCELLED;
        }
    }

    /**
     * One request of the batch.
     *
     * @param customId   the client's id for the line
     * @param model      model id as requested (may be blank when the body had none)
     * @param callId     the response id the line gets ({@code chatcmpl-…} / {@code msg_…})
     * @param completion the answer, null when the line is refused
     * @param error      the refusal, null when answered
     */
    record Line(String customId, String model, String callId, SimCompletion completion, SimError error) {}

    /** A validation error of the whole batch (OpenAI's {@code errors.data[]}). */
    record Problem(String code, String message, String param, Integer line) {}

    final String id;
    final String providerId;
    final Instant createdAt;
    final Instant expiresAt;
    final String inputFileId;
    final String completionWindow;
    final Map<String, String> metadata;
    final String keyFingerprint;
    final List<Line> lines;
    final List<Problem> problems;
    private final BatchApi api;

    /** When cancel was asked, or null. */
    Instant cancelRequestedAt;
    /** How many lines (from the front) have been billed or counted so far. */
    int settledLines;
    /** Set once the batch has ended and its output and error files exist. */
    String outputFileId;

    String errorFileId;
    /** Whether the ended batch's files were written (OpenAI), so they are written once. */
    boolean filesWritten;

    SimBatch(
            String id,
            String providerId,
            Instant createdAt,
            BatchApi api,
            String inputFileId,
            String completionWindow,
            Map<String, String> metadata,
            String keyFingerprint,
            List<Line> lines,
            List<Problem> problems) {
        this.id = id;
        this.providerId = providerId;
        this.createdAt = createdAt;
        this.api = api;
        this.expiresAt = createdAt.plus(api.expiresAfter());
        this.inputFileId = inputFileId;
        this.completionWindow = completionWindow;
        this.metadata = Map.copyOf(metadata);
        this.keyFingerprint = keyFingerprint;
        this.lines = List.copyOf(lines);
        this.problems = List.copyOf(problems);
    }

    /** When line {@code i} is done, were nothing to stop it. */
    Instant dueAt(int i) {
        long nanos = api.processingTime().toNanos();
        return createdAt.plusNanos(nanos / lines.size() * (i + 1) + nanos % lines.size() * (i + 1) / lines.size());
    }

    /** Lines stop finishing at this instant: the expiry, or the cancel if earlier. */
    Instant stopsAt() {
        return cancelRequestedAt != null && cancelRequestedAt.isBefore(expiresAt) ? cancelRequestedAt : expiresAt;
    }

    /** How many lines are done at {@code now} (lines finish in order). */
    int doneAt(Instant now) {
        if (!problems.isEmpty()) {
            return 0;
        }
        Instant until = now.isBefore(stopsAt()) ? now : stopsAt();
        // Due times increase with the index: binary search for the first line not yet due.
        int low = 0;
        int high = lines.size();
        while (low < high) {
            int mid = (low + high) >>> 1;
            if (dueAt(mid).isAfter(until)) {
                high = mid;
            } else {
                low = mid + 1;
            }
        }
        return low;
    }

    /** When every line was done, or null if some line never finishes (expired or cancelled first). */
    Instant allDoneAt() {
        Instant last = dueAt(lines.size() - 1);
        return last.isAfter(stopsAt()) ? null : last;
    }

    Phase phaseAt(Instant now) {
        if (!problems.isEmpty()) {
            return Phase.FAILED;
        }
        Instant allDone = allDoneAt();
        if (allDone != null && !now.isBefore(allDone)) {
            return now.isBefore(allDone.plus(api.finalizingTime())) ? Phase.FINALIZING : Phase.COMPLETED;
        }
        if (cancelRequestedAt != null && !cancelRequestedAt.isAfter(expiresAt)) {
            return now.isBefore(cancelledAt()) ? Phase.CANCELLING : Phase.CANCELLED;
        }
        if (!now.isBefore(expiresAt)) {
            return Phase.EXPIRED;
        }
        return now.equals(createdAt) ? Phase.VALIDATING : Phase.IN_PROGRESS;
    }

    /** When the batch ended or will end, given its phase at {@code now} is terminal. */
    Instant endedAt(Phase phase) {
        return switch (phase) {
            case FAILED -> createdAt;
            case COMPLETED -> allDoneAt().plus(api.finalizingTime());
            case CANCELLED -> cancelledAt();
            case EXPIRED -> expiresAt;
            default -> null;
        };
    }

    Instant cancelledAt() {
        return cancelRequestedAt.plus(api.cancellingTime());
    }

    /** When the last line finished, for OpenAI's {@code finalizing_at}. */
    Instant finalizingAt() {
        return allDoneAt();
    }

    Duration processingTime() {
        return api.processingTime();
    }
}
