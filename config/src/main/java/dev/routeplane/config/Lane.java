package dev.routeplane.config;

import dev.routeplane.config.internal.Copies;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * One routing rule (the ordered {@code lanes:} list). The router takes the first lane whose {@link #match()}
 * fits the request; the last lane has no match and catches everything else.
 *
 * @param name            {@code [a-z0-9-]+}, unique; appears in decisions, ledger and metrics
 * @param description     for people reading decisions and the file
 * @param match           empty for the catch-all lane
 * @param candidates      model ids or aliases in order of preference before learned scores; tenant policy
 *                        filters them, so a lane should end with a candidate strict policies allow
 * @param maxOutputTokens output cap for this lane, overriding the router default
 * @param cascade         model ids or aliases tried first, escalating to the candidates when their answer is not
 *                        good enough; empty for no cascade
 * @param shadow          optional shadow traffic
 */
public record Lane(
        String name,
        String description,
        Optional<LaneMatch> match,
        List<String> candidates,
        OptionalInt maxOutputTokens,
        List<String> cascade,
        Optional<Shadow> shadow) {

    public Lane {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(match, "match");
        Objects.requireNonNull(maxOutputTokens, "maxOutputTokens");
        Objects.requireNonNull(shadow, "shadow");
        candidates = Copies.list(candidates);
        cascade = Copies.list(cascade);
    }

    /** True for the lane without a match, which takes every request no earlier lane took. */
    public boolean isCatchAll() {
        return match.isEmpty();
    }
}
