package dev.routeplane.learning.cascade;

import java.util.List;
import java.util.Objects;

/**
 * Call the cheap routes (in parallel or in order), evaluate the signal on their responses, and only when
 * it says so call the escalation route and return its answer. Every call made is billed.
 *
 * <p>The plan's {@link #id()} is a route id like any model's: the success model learns P(success) of the
 * whole cascade under it, and P(escalation) under {@link #escalationKey()}, from the cascade's own
 * feedback, so the chooser can weigh a cascade against a single model. Immutable.
 *
 * @param id stable route id, spelled the same in decisions, stats and snapshots
 * @param cheapRoutes routes called first, at least one, distinct, without the escalation route
 * @param escalationRoute route called when the signal escalates
 * @param signal the runtime escalation signal
 */
public record CascadePlan(String id, List<String> cheapRoutes, String escalationRoute, EscalationSignal signal) {

    public CascadePlan {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(escalationRoute, "escalationRoute");
        Objects.requireNonNull(signal, "signal");
        cheapRoutes = List.copyOf(cheapRoutes);
        if (cheapRoutes.isEmpty()) {
            throw new IllegalArgumentException("cascade " + id + " needs at least one cheap route");
        }
        if (cheapRoutes.contains(escalationRoute)
                || cheapRoutes.stream().distinct().count() != cheapRoutes.size()) {
            throw new IllegalArgumentException("cascade " + id + ": cheap routes must be distinct and exclude "
                    + "the escalation route " + escalationRoute);
        }
    }

    /** A plan with the conventional id {@code cascade:<cheap,...>><escalation>}. */
    public static CascadePlan of(List<String> cheapRoutes, String escalationRoute, EscalationSignal signal) {
        return new CascadePlan(idOf(cheapRoutes, escalationRoute), cheapRoutes, escalationRoute, signal);
    }

    /** The conventional id {@code cascade:<cheap,...>><escalation>}. */
    public static String idOf(List<String> cheapRoutes, String escalationRoute) {
        return "cascade:" + String.join(",", cheapRoutes) + ">" + escalationRoute;
    }

    /** Route id under which P(this cascade escalates) is learned. */
    public String escalationKey() {
        return escalationKeyOf(id);
    }

    /** Route id under which P(escalation) of the cascade {@code id} is learned. */
    public static String escalationKeyOf(String id) {
        return id + "#escalates";
    }
}
