package dev.routeplane.router;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A selector's ranking of the eligible routes: the first is the preferred primary, the rest are fallbacks in
 * order. Budget may still skip routes that do not fit.
 *
 * @param ranked       all eligible routes, best first
 * @param explored     true when the first route was picked by exploration rather than by score
 * @param trace        explanation lines
 * @param statsVersion watermark of the route statistics used ({@code priors} when none)
 * @param cascade      set when the request should run as a cascade; {@code ranked} then starts with its
 *                     escalation route, which is also what routing falls back to when the cascade does not fit
 *                     the budget
 */
public record Selection(
        List<RankedRoute> ranked,
        boolean explored,
        List<String> trace,
        String statsVersion,
        Optional<CascadeChoice> cascade) {

    public Selection {
        ranked = List.copyOf(ranked);
        trace = List.copyOf(trace);
        Objects.requireNonNull(cascade, "cascade");
    }

    /** A single-route selection. */
    public Selection(List<RankedRoute> ranked, boolean explored, List<String> trace, String statsVersion) {
        this(ranked, explored, trace, statsVersion, Optional.empty());
    }
}
