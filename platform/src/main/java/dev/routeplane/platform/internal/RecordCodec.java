package dev.routeplane.platform.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.routeplane.platform.internal.RegistryRecord.ConfigRecord;
import dev.routeplane.platform.internal.RegistryRecord.SchemaRecord;
import java.io.IOException;
import java.util.Optional;

/**
 * JSON keys and values of the registry topic, shaped like Confluent's ({@code keytype} SCHEMA / CONFIG).
 * The schema key also carries the id: two writers racing for the same subject version then produce two
 * keys, compaction keeps both, and every reader replays the same first-wins outcome.
 */
public final class RecordCodec {
    private static final ObjectMapper JSON = new ObjectMapper();

    private RecordCodec() {}

    /** A Kafka record key and value. */
    public record Encoded(byte[] key, byte[] value) {}

    public static Encoded encode(RegistryRecord record) {
        ObjectNode key = JSON.createObjectNode();
        ObjectNode value = JSON.createObjectNode();
        if (record instanceof SchemaRecord schema) {
            key.put("keytype", "SCHEMA")
                    .put("subject", schema.subject())
                    .put("version", schema.version())
                    .put("id", schema.id());
            value.put("subject", schema.subject())
                    .put("version", schema.version())
                    .put("id", schema.id())
                    .put("schemaType", "AVRO")
                    .put("schema", schema.schema())
                    .put("deleted", false);
        } else if (record instanceof ConfigRecord config) {
            key.put("keytype", "CONFIG").put("subject", config.subject());
            value.put("compatibilityLevel", config.level().name());
        }
        try {
            return new Encoded(JSON.writeValueAsBytes(key), JSON.writeValueAsBytes(value));
        } catch (IOException e) {
            throw new IllegalStateException("Cannot encode " + record, e);
        }
    }

    /**
     * Decodes a record read from the topic; empty for entries this registry does not use (tombstones,
     * Confluent's NOOP markers, soft-deleted schemas).
     *
     * @throws IllegalArgumentException when the key or value is not the expected JSON
     */
    public static Optional<RegistryRecord> decode(byte[] key, byte[] value) {
        if (key == null || value == null) {
            return Optional.empty();
        }
        try {
            JsonNode k = JSON.readTree(key);
            JsonNode v = JSON.readTree(value);
            String type = k.path("keytype").asText("");
            if (type.equals("SCHEMA")) {
                if (v.path("deleted").asBoolean(false)
                        || !v.path("schemaType").asText("AVRO").equals("AVRO")) {
                    return Optional.empty();
                }
                return Optional.of(new SchemaRecord(
                        required(v, "subject").asText(),
                        required(v, "version").asInt(),
                        required(v, "id").asInt(),
                        required(v, "schema").asText()));
            }
            if (type.equals("CONFIG")) {
                String subject =
                        k.path("subject").isTextual() ? k.get("subject").asText() : null;
                String level = required(v, "compatibilityLevel").asText();
                return Optional.of(new ConfigRecord(
                        subject,
                        CompatibilityLevel.parse(level)
                                .orElseThrow(
                                        () -> new IllegalArgumentException("unknown compatibility level " + level))));
            }
            return Optional.empty();
        } catch (IOException e) {
            throw new IllegalArgumentException("not JSON: " + e.getMessage(), e);
        }
    }

    private static JsonNode required(JsonNode node, String field) {
        JsonNode child = node.get(field);
        if (child == null || child.isNull()) {
            throw new IllegalArgumentException("missing field '" + field + "'");
        }
        return child;
    }
}
