package dev.routeplane.ledger.internal;

import dev.routeplane.contract.Feedback;
import java.util.OptionalDouble;

/**
 * Maps every kind of feedback onto one 0..1 quality scale: a rating r of 1–5 is (r−1)/4, an eval score is
 * itself, pass is 1 and fail 0. Malformed feedback (the field its kind needs is missing or out of range)
 * has no value and is ignored rather than guessed at.
 */
public final class FeedbackValues {
    private FeedbackValues() {}

    public static OptionalDouble quality(Feedback feedback) {
        switch (feedback.getKind()) {
            case RATING -> {
                Integer rating = feedback.getRating();
                return rating != null && rating >= 1 && rating <= 5
                        ? OptionalDouble.of((rating - 1) / 4.0)
                        : OptionalDouble.empty();
            }
            case EVAL_SCORE -> {
                Double score = feedback.getScore();
                return score != null && score >= 0 && score <= 1 ? OptionalDouble.of(score) : OptionalDouble.empty();
            }
            case PASS_FAIL -> {
                Boolean passed = feedback.getPassed();
                return passed == null ? OptionalDouble.empty() : OptionalDouble.of(passed ? 1.0 : 0.0);
            }
            default -> {
                return OptionalDouble.empty();
            }
        }
    }
}
