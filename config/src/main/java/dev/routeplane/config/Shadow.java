package dev.routeplane.config;

import java.util.Objects;

/**
 * A share of a lane's traffic also sent to another model, whose answer is recorded for comparison and never
 * returned. Shadow calls obey the same tenant policy and budget as the primary call.
 *
 * @param model a model id or alias
 * @param share 0..1, fraction of the lane's requests that are shadowed
 */
public record Shadow(String model, double share) {
    public Shadow {
        Objects.requireNonNull(model, "model");
    }
}
