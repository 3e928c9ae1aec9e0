package dev.routeplane.config;

/**
 * Turns a {@link SecretRef} into the secret it points at. Called by whoever needs a key (an executor building
 * an Authorization header, the HTTP API checking a tenant key), not by the config loader, so a missing key fails
 * the component that needs it and configuration stays free of secrets.
 *
 * <p>Implementations must be thread-safe and must never put the secret value in an exception message, a log
 * line or a {@code toString()}.
 */
public interface SecretResolver {

    /**
     * Returns the secret. A String because the HTTP clients that consume keys take header values as Strings;
     * a char[] would only give a false sense of erasure.
     *
     * @throws SecretResolutionException if the secret is absent, empty or unreadable; the message names the
     *                                   environment variable or file, never a value
     */
    String resolve(SecretRef ref);
}
