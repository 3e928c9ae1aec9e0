package dev.routeplane.platform.internal;

/** One entry of the registry's log: what the compacted {@code _schemas} topic holds. */
public sealed interface RegistryRecord {

    /** Version {@code version} of {@code subject} is the schema with global id {@code id}. */
    record SchemaRecord(String subject, int version, int id, String schema) implements RegistryRecord {}

    /** The compatibility level of {@code subject}, or the global level when {@code subject} is null. */
    record ConfigRecord(String subject, CompatibilityLevel level) implements RegistryRecord {}
}
