package dev.routeplane.schemas;

import java.util.Objects;
import org.apache.avro.Schema;

/**
 * A schema as registered under a subject.
 *
 * @param subject subject name, e.g. {@code rp.requests.v1-value}
 * @param version version within the subject, starting at 1
 * @param id global schema id, the one written into the wire format
 * @param schema the Avro schema
 */
public record RegisteredSchema(String subject, int version, int id, Schema schema) {
    public RegisteredSchema {
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(schema, "schema");
    }
}
