package dev.routeplane.schemas.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.routeplane.schemas.RegisteredSchema;
import dev.routeplane.schemas.SchemaRegistryException;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.SchemaParseException;

/** Request bodies and response parsing for the Confluent registry REST API; pure so it is unit-testable. */
public final class RegistryJson {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final int MAX_BODY_IN_MESSAGE = 300;

    private RegistryJson() {}

    /** Body of register, lookup and compatibility calls. schemaType is omitted: AVRO is every registry's default. */
    public static String schemaBody(Schema schema) {
        ObjectNode body = MAPPER.createObjectNode();
        body.put("schema", schema.toString());
        return body.toString();
    }

    /** Parses a 2xx body, failing with a registry exception naming the call when it is not JSON. */
    public static JsonNode parse(String call, String body) {
        try {
            return MAPPER.readTree(body);
        } catch (JsonProcessingException e) {
            throw new SchemaRegistryException(
                    200, 200, "Schema registry " + call + " returned a body that is not JSON: " + abbreviate(body), e);
        }
    }

    /** The {@code id} of a register response. */
    public static int id(String call, JsonNode node) {
        return requiredInt(call, node, "id");
    }

    /** The {@code is_compatible} flag of a compatibility response. */
    public static boolean isCompatible(String call, JsonNode node) {
        JsonNode flag = node.get("is_compatible");
        if (flag == null || !flag.isBoolean()) {
            throw malformed(call, "is_compatible", node);
        }
        return flag.booleanValue();
    }

    /** The schema of a {@code GET /schemas/ids/{id}} response. */
    public static Schema schema(String call, JsonNode node) {
        JsonNode text = node.get("schema");
        if (text == null || !text.isTextual()) {
            throw malformed(call, "schema", node);
        }
        return parseSchema(call, text.textValue());
    }

    /** A response with subject, version, id and schema (latest version, lookup). */
    public static RegisteredSchema registered(String call, JsonNode node) {
        JsonNode subject = node.get("subject");
        if (subject == null || !subject.isTextual()) {
            throw malformed(call, "subject", node);
        }
        return new RegisteredSchema(
                subject.textValue(),
                requiredInt(call, node, "version"),
                requiredInt(call, node, "id"),
                schema(call, node));
    }

    /** The string array of {@code GET /subjects}. */
    public static List<String> strings(String call, JsonNode node) {
        if (!node.isArray()) {
            throw malformed(call, "array of subjects", node);
        }
        List<String> out = new ArrayList<>();
        node.forEach(n -> out.add(n.asText()));
        return List.copyOf(out);
    }

    /**
     * The exception for a non-2xx response: Confluent bodies look like
     * {@code {"error_code":40401,"message":"Subject 'x' not found."}}; anything else is quoted, shortened.
     */
    public static SchemaRegistryException error(String call, int status, String body) {
        int errorCode = status;
        String message = abbreviate(body);
        try {
            JsonNode node = MAPPER.readTree(body);
            if (node != null && node.isObject()) {
                if (node.path("error_code").canConvertToInt()) {
                    errorCode = node.get("error_code").intValue();
                }
                if (node.path("message").isTextual()) {
                    message = node.get("message").textValue();
                }
            }
        } catch (JsonProcessingException ignored) {
            // Not JSON (a proxy's HTML error page, say): the abbreviated body is the best message we have.
        }
        return new SchemaRegistryException(
                status,
                errorCode,
                "Schema registry " + call + " failed with HTTP " + status + " (error_code " + errorCode + "): "
                        + message);
    }

    private static Schema parseSchema(String call, String text) {
        try {
            return new Schema.Parser().parse(text);
        } catch (SchemaParseException e) {
            throw new SchemaRegistryException(
                    200,
                    SchemaRegistryException.INVALID_SCHEMA,
                    "Schema registry " + call + " returned a schema that is not valid Avro: " + e.getMessage(),
                    e);
        }
    }

    private static int requiredInt(String call, JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || !value.canConvertToInt()) {
            throw malformed(call, field, node);
        }
        return value.intValue();
    }

    private static SchemaRegistryException malformed(String call, String field, JsonNode node) {
        return new SchemaRegistryException(
                200,
                200,
                "Schema registry " + call + " returned no valid '" + field + "': " + abbreviate(node.toString()));
    }

    private static String abbreviate(String body) {
        if (body == null || body.isEmpty()) {
            return "(empty body)";
        }
        return body.length() <= MAX_BODY_IN_MESSAGE ? body : body.substring(0, MAX_BODY_IN_MESSAGE) + "...";
    }
}
