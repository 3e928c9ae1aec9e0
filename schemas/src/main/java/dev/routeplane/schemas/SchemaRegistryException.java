package dev.routeplane.schemas;

/**
 * A schema registry call failed. Carries the HTTP status and the Confluent {@code error_code} so callers
 * can tell "not found" (permanent for that id) from "registry unavailable" (worth retrying).
 */
public class SchemaRegistryException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** HTTP status used when no response was received at all. */
    public static final int NO_RESPONSE = 0;

    /** Confluent error code: subject not found. */
    public static final int SUBJECT_NOT_FOUND = 40401;
    /** Confluent error code: version not found. */
    public static final int VERSION_NOT_FOUND = 40402;
    /** Confluent error code: schema not found. */
    public static final int SCHEMA_NOT_FOUND = 40403;
    /** Confluent error code: schema incompatible with the subject's compatibility level. */
    public static final int INCOMPATIBLE_SCHEMA = 409;
    /** Confluent error code: invalid schema. */
    public static final int INVALID_SCHEMA = 42201;

    private final int status;
    private final int errorCode;

    /**
     * @param status HTTP status, or {@link #NO_RESPONSE}
     * @param errorCode Confluent {@code error_code}, or the HTTP status when the body carried none
     * @param message what failed; must never contain credentials
     */
    public SchemaRegistryException(int status, int errorCode, String message, Throwable cause) {
        super(message, cause);
        this.status = status;
        this.errorCode = errorCode;
    }

    public SchemaRegistryException(int status, int errorCode, String message) {
        this(status, errorCode, message, null);
    }

    /** HTTP status, or {@link #NO_RESPONSE} if the registry could not be reached. */
    public int status() {
        return status;
    }

    /** Confluent error code such as 40403, or the HTTP status when the response had none. */
    public int errorCode() {
        return errorCode;
    }

    /** True for 404 responses: the subject, version or schema does not exist. */
    public boolean isNotFound() {
        return status == 404;
    }

    /** True when retrying later may succeed: no response, a 5xx, or 408/429. */
    public boolean isRetriable() {
        return status == NO_RESPONSE || status >= 500 || status == 408 || status == 429;
    }
}
