package dev.routeplane.config;

import java.util.Objects;

/**
 * One problem found in a configuration file.
 *
 * @param path    where in the file, e.g. {@code tenants.acme.allowedProviders[2]}; a document-level problem
 *                uses {@code (document)} and a syntax error {@code line L, column C}
 * @param message what is wrong and what to do about it; never contains a secret value
 */
public record ConfigError(String path, String message) {
    public ConfigError {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(message, "message");
    }

    /** The line printed for this error: {@code <source>: <path>: <message>}. */
    public String format(String source) {
        return source + ": " + path + ": " + message;
    }
}
