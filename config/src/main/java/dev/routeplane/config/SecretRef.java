package dev.routeplane.config;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Where a secret (an API key) can be found: an environment variable or a file. Configuration holds only this
 * reference, never the secret, so printing or logging any config object cannot leak a key. Resolve it with a
 * {@link SecretResolver} at the moment the key is needed.
 *
 * @param kind     environment variable or file
 * @param location the variable name or the file path
 */
public record SecretRef(Kind kind, String location) {
    private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    /** How a secret is located. */
    public enum Kind {
        /** An environment variable of the Routeplane process. */
        ENV,
        /** A file whose whole content (trailing newlines removed) is the secret, e.g. a mounted Docker/K8s secret. */
        FILE
    }

    public SecretRef {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(location, "location");
        if (kind == Kind.ENV && !isValidEnvName(location)) {
            // Deliberately not echoing the value: a key pasted here by mistake must not reach a log.
            throw new IllegalArgumentException("not a valid environment variable name");
        }
        if (kind == Kind.FILE && location.isBlank()) {
            throw new IllegalArgumentException("empty file path");
        }
    }

    /** A reference to environment variable {@code name}. */
    public static SecretRef env(String name) {
        return new SecretRef(Kind.ENV, name);
    }

    /** A reference to the file at {@code path}. */
    public static SecretRef file(String path) {
        return new SecretRef(Kind.FILE, path);
    }

    /** True when {@code name} is usable as an environment variable name ({@code [A-Za-z_][A-Za-z0-9_]*}). */
    public static boolean isValidEnvName(String name) {
        return name != null && ENV_NAME.matcher(name).matches();
    }

    /** {@code env:NAME} or {@code file:PATH}; the same form the YAML accepts for tenant keys. */
    @Override
    public String toString() {
        return (kind == Kind.ENV ? "env:" : "file:") + location;
    }
}
