package dev.routeplane.schemas;

import java.util.List;
import org.apache.avro.Schema;

/**
 * The subset of the Confluent Schema Registry REST API Routeplane needs, so the same topics work with
 * Confluent Schema Registry, Apicurio (ccompat API), Karapace, Redpanda and the embedded registry.
 *
 * <p>Implementations must be thread-safe: one instance is shared by all serdes of a process. Failures
 * are reported as {@link SchemaRegistryException} carrying the HTTP status and Confluent error code.
 */
public interface SchemaRegistryClient {

    /**
     * Registers the schema under the subject, or returns the existing id if the subject already has it.
     *
     * @return the global schema id
     * @throws SchemaRegistryException 409 if incompatible with the subject's compatibility level, 42201 if invalid
     */
    int register(String subject, Schema schema);

    /**
     * The schema with the given global id.
     *
     * @throws SchemaRegistryException with error code 40403 if no schema has that id
     */
    Schema schemaById(int id);

    /**
     * The newest version registered under the subject.
     *
     * @throws SchemaRegistryException with error code 40401 if the subject does not exist
     */
    RegisteredSchema latest(String subject);

    /**
     * The registration of exactly this schema under the subject, without registering it.
     *
     * @throws SchemaRegistryException 40401 if the subject does not exist, 40403 if the schema is not registered in it
     */
    RegisteredSchema lookup(String subject, Schema schema);

    /**
     * Whether the schema could be registered under the subject. A subject that does not exist yet accepts
     * any schema, so this returns true for it.
     */
    boolean testCompatibility(String subject, Schema schema);

    /** All subject names. */
    List<String> subjects();
}
