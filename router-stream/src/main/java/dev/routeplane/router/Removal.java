package dev.routeplane.router;

/**
 * Why policy removed one candidate.
 *
 * @param candidate  the removed candidate
 * @param stage      position of the constraint in the policy's evaluation order; a later stage means the
 *                   candidate survived more constraints
 * @param constraint the constraint, e.g. {@code dataClassRules[REGULATED]} or {@code allowedProviders}
 * @param reason     the specific mismatch, e.g. {@code sovereignty local not in [self-hosted]}
 */
public record Removal(Candidate candidate, int stage, String constraint, String reason) {

    /** {@code constraint (provider p: reason)}, the form used in explanations and rejection details. */
    public String describe() {
        return constraint + " (" + candidate.label() + ": " + reason + ")";
    }
}
