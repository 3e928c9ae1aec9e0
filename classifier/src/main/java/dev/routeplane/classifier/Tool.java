package dev.routeplane.classifier;

import java.util.Objects;

/**
 * A tool (function) the caller offers to the model.
 *
 * @param name tool name as the provider sees it, e.g. {@code send_email}
 * @param sideEffect true when calling it writes or acts on the world (sending, paying, deleting);
 *     such tools raise the risk tier to {@link RiskTier#HIGH}
 */
public record Tool(String name, boolean sideEffect) {

    public Tool {
        Objects.requireNonNull(name, "name");
    }
}
