package dev.routeplane.learning;

import java.util.List;

/**
 * The chooser's pick with what it was based on; carried into the routing decision's explanation and
 * estimates. Never contains prompt text.
 *
 * @param route the chosen model or cascade plan id
 * @param explored true when picked by the exploration share rather than by score
 * @param options every option considered, with its estimate and expected cost
 * @param reason one short line saying why
 */
public record RouteChoice(String route, boolean explored, List<RouteOption> options, String reason) {

    public RouteChoice {
        options = List.copyOf(options);
    }

    /** The chosen candidate. */
    public RouteOption chosen() {
        return options.stream().filter(c -> c.route().equals(route)).findFirst().orElseThrow();
    }
}
