package dev.routeplane.platform.internal;

/**
 * A request the registry refuses, carrying the HTTP status and Confluent's numeric error code, so clients
 * written for Confluent Schema Registry see the answers they expect.
 */
public final class RegistryException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int status;
    private final int errorCode;

    public RegistryException(int status, int errorCode, String message) {
        super(message);
        this.status = status;
        this.errorCode = errorCode;
    }

    public int status() {
        return status;
    }

    public int errorCode() {
        return errorCode;
    }

    public static RegistryException subjectNotFound(String subject) {
        return new RegistryException(404, 40401, "Subject '" + subject + "' not found.");
    }

    public static RegistryException versionNotFound(int version) {
        return new RegistryException(404, 40402, "Version " + version + " not found.");
    }

    public static RegistryException schemaNotFound(int id) {
        return new RegistryException(404, 40403, "Schema " + id + " not found");
    }

    public static RegistryException schemaNotFound() {
        return new RegistryException(404, 40403, "Schema not found");
    }

    public static RegistryException subjectLevelNotFound(String subject) {
        return new RegistryException(
                404, 40408, "Subject '" + subject + "' does not have subject-level " + "compatibility configured");
    }

    public static RegistryException invalidSchema(String detail) {
        return new RegistryException(422, 42201, "Invalid schema: " + detail);
    }

    public static RegistryException invalidVersion(String version) {
        return new RegistryException(
                422,
                42202,
                "The specified version '" + version + "' is not a valid version id. "
                        + "Allowed values are between [1, 2^31-1] and the string \"latest\"");
    }

    public static RegistryException invalidLevel(String level) {
        return new RegistryException(
                422,
                42203,
                "Invalid compatibility level '" + level + "'. Valid values are "
                        + java.util.Arrays.toString(CompatibilityLevel.values()));
    }

    public static RegistryException incompatible(String subject, java.util.List<String> details) {
        return new RegistryException(
                409,
                409,
                "Schema being registered is incompatible with an earlier schema for " + "subject \"" + subject
                        + "\", details: " + details);
    }

    public static RegistryException badRequest(String message) {
        return new RegistryException(400, 400, message);
    }

    public static RegistryException storeError(String message) {
        return new RegistryException(500, 50001, message);
    }
}
