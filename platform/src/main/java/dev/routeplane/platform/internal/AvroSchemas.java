package dev.routeplane.platform.internal;

import org.apache.avro.Schema;

/** Parsing of submitted schema text. */
public final class AvroSchemas {
    private AvroSchemas() {}

    /** A parsed schema with its canonical text: Avro's compact JSON, which identifies "the same schema". */
    public record Parsed(Schema schema, String canonical) {}

    /** @throws RegistryException 422/42201 when the text is not a valid Avro schema */
    public static Parsed parse(String text) {
        if (text == null || text.isBlank()) {
            throw RegistryException.invalidSchema("the 'schema' field is empty; send the Avro schema as a JSON string");
        }
        try {
            // A fresh parser each time: Schema.Parser remembers named types and would reject a redefinition.
            Schema schema = new Schema.Parser().parse(text);
            return new Parsed(schema, schema.toString());
        } catch (RuntimeException e) {
            throw RegistryException.invalidSchema(e.getMessage());
        }
    }
}
