package dev.routeplane.platform.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.routeplane.platform.internal.RegistryState.SubjectVersion;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Maps Confluent Schema Registry REST requests onto {@link RegistryService}, independent of any HTTP server
 * so the routing and validation can be tested without sockets. Every answer, errors included, is JSON;
 * unexpected failures are logged here and answered with a message, never a stack trace. Thread-safe.
 */
public final class RegistryRoutes {
    private static final Logger LOG = LoggerFactory.getLogger(RegistryRoutes.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final RegistryService service;

    public RegistryRoutes(RegistryService service) {
        this.service = service;
    }

    /** A body that already is JSON (a schema served as itself rather than as a quoted string). */
    private record RawJson(String json) {}

    /** A response: HTTP status and JSON body. */
    public record Reply(int status, String body) {}

    /**
     * @param rawPath  the undecoded request path, e.g. {@code /subjects/a%2Fb/versions}
     * @param rawQuery the undecoded query string, or null
     */
    public Reply handle(String method, String rawPath, String rawQuery, byte[] body) {
        try {
            Object result = route(method, segments(rawPath), query(rawQuery), body);
            return new Reply(200, result instanceof RawJson raw ? raw.json() : JSON.writeValueAsString(result));
        } catch (RegistryException e) {
            return error(e.status(), e.errorCode(), e.getMessage());
        } catch (RuntimeException | IOException e) {
            LOG.error("Schema registry failed on {} {}", method, rawPath, e);
            return error(500, 50001, "Internal error of the embedded schema registry: " + e.getMessage());
        }
    }

    private Object route(String method, List<String> path, Map<String, String> query, byte[] body) {
        int n = path.size();
        String first = n > 0 ? path.get(0) : "";
        switch (first) {
            case "" -> {
                requireMethod(method, "GET");
                return JSON.createObjectNode();
            }
            case "schemas" -> {
                if (n == 2 && path.get(1).equals("types")) {
                    requireMethod(method, "GET");
                    return List.of("AVRO");
                }
                if (n >= 3 && n <= 4 && path.get(1).equals("ids")) {
                    requireMethod(method, "GET");
                    int id = parseId(path.get(2));
                    if (n == 3) {
                        return JSON.createObjectNode()
                                .put("schema", service.schemaById(id).canonical());
                    }
                    if (path.get(3).equals("schema")) {
                        return new RawJson(service.schemaById(id).canonical());
                    }
                    if (path.get(3).equals("versions")) {
                        ArrayNode uses = JSON.createArrayNode();
                        service.usesOf(id)
                                .forEach(v -> uses.addObject()
                                        .put("subject", v.subject())
                                        .put("version", v.version()));
                        return uses;
                    }
                }
            }
            case "subjects" -> {
                return subjects(method, path, body);
            }
            case "compatibility" -> {
                if ((n == 4 || n == 5)
                        && path.get(1).equals("subjects")
                        && path.get(3).equals("versions")) {
                    requireMethod(method, "POST");
                    List<String> problems =
                            service.compatibilityProblems(path.get(2), n == 5 ? path.get(4) : null, schemaField(body));
                    ObjectNode result = JSON.createObjectNode().put("is_compatible", problems.isEmpty());
                    if (!problems.isEmpty() && Boolean.parseBoolean(query.get("verbose"))) {
                        problems.forEach(result.putArray("messages")::add);
                    }
                    return result;
                }
            }
            case "config" -> {
                return config(method, path, query, body);
            }
            default -> {
                // not a route
            }
        }
        throw notFound();
    }

    private Object subjects(String method, List<String> path, byte[] body) {
        int n = path.size();
        if (n == 1) {
            requireMethod(method, "GET");
            return service.subjects();
        }
        String subject = path.get(1);
        if (n == 2) {
            requireMethod(method, "POST");
            return versionJson(service.lookup(subject, schemaField(body)));
        }
        if (!path.get(2).equals("versions") || n > 5) {
            throw notFound();
        }
        if (n == 3) {
            if (method.equals("POST")) {
                return JSON.createObjectNode().put("id", service.register(subject, schemaField(body)));
            }
            requireMethod(method, "GET");
            return service.versions(subject).stream()
                    .map(SubjectVersion::version)
                    .toList();
        }
        requireMethod(method, "GET");
        SubjectVersion version = service.version(subject, path.get(3));
        if (n == 4) {
            return versionJson(version);
        }
        if (path.get(4).equals("schema")) {
            return new RawJson(version.schema());
        }
        throw notFound();
    }

    private Object config(String method, List<String> path, Map<String, String> query, byte[] body) {
        if (path.size() > 2) {
            throw notFound();
        }
        String subject = path.size() == 2 ? path.get(1) : null;
        if (method.equals("PUT")) {
            JsonNode level = parseBody(body).get("compatibility");
            if (level == null || !level.isTextual()) {
                throw RegistryException.invalidLevel(level == null ? "" : level.toString());
            }
            return JSON.createObjectNode()
                    .put(
                            "compatibility",
                            service.setLevel(subject, level.asText()).name());
        }
        requireMethod(method, "GET", "PUT");
        CompatibilityLevel level = subject == null
                ? service.globalLevel()
                : service.subjectLevel(subject, Boolean.parseBoolean(query.get("defaultToGlobal")));
        return JSON.createObjectNode().put("compatibilityLevel", level.name());
    }

    private static ObjectNode versionJson(SubjectVersion v) {
        return JSON.createObjectNode()
                .put("subject", v.subject())
                .put("version", v.version())
                .put("id", v.id())
                .put("schema", v.schema());
    }

    /** The Avro schema text of a register / lookup / compatibility request body. */
    static String schemaField(byte[] body) {
        JsonNode json = parseBody(body);
        String type = json.path("schemaType").asText("AVRO");
        if (!type.equals("AVRO")) {
            throw RegistryException.invalidSchema(
                    "schemaType '" + type + "' is not supported; this registry " + "stores AVRO schemas only");
        }
        JsonNode references = json.get("references");
        if (references != null && references.isArray() && !references.isEmpty()) {
            throw RegistryException.invalidSchema("schema references are not supported; inline the referenced types");
        }
        JsonNode schema = json.get("schema");
        if (schema == null || !schema.isTextual()) {
            throw RegistryException.invalidSchema("the request body needs a 'schema' field holding the Avro schema "
                    + "as a JSON string, e.g. {\"schema\": \"{\\\"type\\\": \\\"string\\\"}\"}");
        }
        return schema.asText();
    }

    static JsonNode parseBody(byte[] body) {
        if (body == null || body.length == 0) {
            throw RegistryException.badRequest("The request body is empty; send a JSON object");
        }
        try {
            JsonNode json = JSON.readTree(body);
            if (json == null || !json.isObject()) {
                throw RegistryException.badRequest("The request body must be a JSON object");
            }
            return json;
        } catch (JsonProcessingException e) {
            throw RegistryException.badRequest("The request body is not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw RegistryException.badRequest("Cannot read the request body: " + e.getMessage());
        }
    }

    private static int parseId(String text) {
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw notFound();
        }
    }

    private static void requireMethod(String method, String... allowed) {
        for (String candidate : allowed) {
            if (candidate.equals(method)) {
                return;
            }
        }
        throw new RegistryException(405, 405, "HTTP 405 Method Not Allowed");
    }

    private static RegistryException notFound() {
        return new RegistryException(404, 404, "HTTP 404 Not Found");
    }

    private static Reply error(int status, int code, String message) {
        ObjectNode json = JSON.createObjectNode().put("error_code", code).put("message", message);
        return new Reply(status, json.toString());
    }

    static List<String> segments(String rawPath) {
        List<String> result = new ArrayList<>();
        for (String part : (rawPath == null ? "" : rawPath).split("/")) {
            if (!part.isEmpty()) {
                // URLDecoder decodes form encoding; a literal '+' in a path is a plus, not a space.
                try {
                    result.add(URLDecoder.decode(part.replace("+", "%2B"), StandardCharsets.UTF_8));
                } catch (IllegalArgumentException e) {
                    throw RegistryException.badRequest("Malformed percent-encoding in path segment '" + part + "'");
                }
            }
        }
        return result;
    }

    static Map<String, String> query(String rawQuery) {
        Map<String, String> result = new HashMap<>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return result;
        }
        for (String pair : rawQuery.split("&")) {
            int eq = pair.indexOf('=');
            try {
                String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
                String value = eq < 0 ? "true" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                result.put(key, value);
            } catch (IllegalArgumentException e) {
                throw RegistryException.badRequest("Malformed percent-encoding in query parameter '" + pair + "'");
            }
        }
        return result;
    }
}
