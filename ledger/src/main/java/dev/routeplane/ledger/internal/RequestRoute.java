package dev.routeplane.ledger.internal;

import java.util.ArrayList;
import java.util.List;

/**
 * What the ledger knows about one request while it may still receive feedback: its lane (from its cost
 * events, since results do not carry it), the route that produced its output and its attempts (from its
 * result), feedback waiting for both, and feedback ids already applied (to ignore re-sent feedback).
 * Mutable only inside the attribution processor; stored by {@link StateSerde#REQUEST_ROUTE} (read as JSON when
 * written before it).
 */
public final class RequestRoute {
    public String lane;
    public String provider;
    public String model;
    public boolean resultSeen;
    public boolean resultApplied;
    public List<Attempt> attempts = new ArrayList<>();
    public List<PendingFeedback> pendingFeedback = new ArrayList<>();
    public List<String> appliedFeedbackIds = new ArrayList<>();
    public long touchedAt;

    /** One attempt of the request, enough to tell a fallback from a retry. */
    public record Attempt(String provider, String model, String outcome) {}

    /** Feedback that arrived before the request's route was known, already normalised to 0..1. */
    public record PendingFeedback(String feedbackId, double quality) {}

    /** Whether feedback can be attributed now. */
    boolean routeKnown() {
        return lane != null && resultApplied && provider != null && model != null;
    }

    boolean seenFeedback(String feedbackId) {
        return appliedFeedbackIds.contains(feedbackId)
                || pendingFeedback.stream().anyMatch(p -> p.feedbackId().equals(feedbackId));
    }
}
