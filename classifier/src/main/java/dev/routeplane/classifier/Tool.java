package dev.routeplane.classifier;

import java.util.Objects;

/**
 * A tool (function) the caller offers to the model. Its name, description and parameter schema go to the provider
 * with the messages, so the classifier scans them for sensitive data as it scans the messages.
 *
 * @param name tool name as the provider sees it, e.g. {@code send_email}
 * @param sideEffect true when calling it writes or acts on the world (sending, paying, deleting);
 *     such tools raise the risk tier to {@link RiskTier#HIGH}
 * @param description what the tool does, as the provider sees it; null when none
 * @param parametersJson its parameter JSON Schema, as the provider sees it; null when none
 */
public record Tool(String name, boolean sideEffect, String description, String parametersJson) {

    public Tool {
        Objects.requireNonNull(name, "name");
    }

    /** A tool with no description and no parameter schema. */
    public Tool(String name, boolean sideEffect) {
        this(name, sideEffect, null, null);
    }
}
