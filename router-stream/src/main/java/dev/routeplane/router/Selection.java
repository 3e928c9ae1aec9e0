package dev.routeplane.router;

import java.util.List;

/**
 * A selector's ranking of the eligible routes: the first is the preferred primary, the rest are fallbacks in
 * order. Budget may still skip routes that do not fit.
 *
 * @param ranked       all eligible routes, best first
 * @param explored     true when the first route was picked by exploration rather than by score
 * @param trace        explanation lines
 * @param statsVersion watermark of the route statistics used ({@code priors} when none)
 */
public record Selection(List<RankedRoute> ranked, boolean explored, List<String> trace, String statsVersion) {

  public Selection {
    ranked = List.copyOf(ranked);
    trace = List.copyOf(trace);
  }
}
