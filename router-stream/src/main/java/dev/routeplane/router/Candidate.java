package dev.routeplane.router;

import dev.routeplane.config.Model;
import dev.routeplane.config.Provider;
import java.util.Objects;

/**
 * One concrete model a request could be routed to, as it came out of the lane (or the widened registry).
 *
 * @param listedAs  the lane entry that produced it: a model id or an alias
 * @param alias     the alias it was resolved through, or null for a plain model id
 * @param model     the model
 * @param provider  the model's provider
 * @param version   the version to call: the alias binding's pinned version, else the model's
 * @param laneOrder position in the lane's candidate list (the rule-based prior); widened candidates follow the lane's
 * @param widened   true when it came from widening to the whole registry because no lane candidate was eligible
 */
public record Candidate(
        String listedAs, String alias, Model model, Provider provider, String version, int laneOrder, boolean widened) {

    public Candidate {
        Objects.requireNonNull(listedAs, "listedAs");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(version, "version");
    }

    /** {@code provider/model}, as used in explanations. */
    public String label() {
        return provider.id() + "/" + model.id();
    }
}
