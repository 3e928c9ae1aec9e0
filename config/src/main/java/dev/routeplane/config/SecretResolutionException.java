package dev.routeplane.config;

/** A secret could not be resolved. The message names where it was looked for, never what was found. */
public final class SecretResolutionException extends RuntimeException {
    private final transient SecretRef ref;

    public SecretResolutionException(SecretRef ref, String message) {
        super(message);
        this.ref = ref;
    }

    public SecretResolutionException(SecretRef ref, String message, Throwable cause) {
        super(message, cause);
        this.ref = ref;
    }

    /** The reference that failed. */
    public SecretRef ref() {
        return ref;
    }
}
