package dev.routeplane.platform.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.routeplane.platform.internal.RegistryRoutes.Reply;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class RegistryRoutesTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String V1 =
            "{\"type\":\"record\",\"name\":\"Request\",\"fields\":[{\"name\":\"id\",\"type\":\"string\"}]}";
    private static final String V2_NO_DEFAULT = "{\"type\":\"record\",\"name\":\"Request\",\"fields\":["
            + "{\"name\":\"id\",\"type\":\"string\"},{\"name\":\"tenant\",\"type\":\"string\"}]}";
    private static final String V2_DEFAULT = "{\"type\":\"record\",\"name\":\"Request\",\"fields\":["
            + "{\"name\":\"id\",\"type\":\"string\"},{\"name\":\"tenant\",\"type\":\"string\",\"default\":\"\"}]}";

    private final RegistryState state = new RegistryState();
    private final InMemorySchemaLog log = new InMemorySchemaLog(state);
    private final RegistryRoutes routes = new RegistryRoutes(new RegistryService(state, log));

    @Test
    void registersWithGlobalIdsAndReusesThemForIdenticalSchemas() throws Exception {
        assertThat(register("a-value", V1).get("id").asInt()).isEqualTo(1);
        assertThat(register("a-value", V1.replace(",", ", ")).get("id").asInt()).isEqualTo(1);
        assertThat(register("b-value", V1).get("id").asInt()).isEqualTo(1);
        assertThat(register("a-value", V2_DEFAULT).get("id").asInt()).isEqualTo(2);

        assertThat(log.records).hasSize(3);
        assertThat(json(call("GET", "/subjects/a-value/versions", null))).hasToString("[1,2]");
        assertThat(json(call("GET", "/schemas/ids/1/versions", null)))
                .hasToString("[{\"subject\":\"a-value\",\"version\":1},{\"subject\":\"b-value\",\"version\":1}]");
    }

    @Test
    void refusesAnIncompatibleChangeWith409UntilTheLevelIsNone() throws Exception {
        register("a-value", V1);

        Reply refused = call("POST", "/subjects/a-value/versions", body(V2_NO_DEFAULT));
        assertThat(refused.status()).isEqualTo(409);
        assertThat(json(refused).get("error_code").asInt()).isEqualTo(409);
        assertThat(json(refused).get("message").asText())
                .startsWith("Schema being registered is incompatible with an earlier schema for subject \"a-value\"")
                .contains("tenant");

        Reply levelSet = call("PUT", "/config/a-value", "{\"compatibility\":\"NONE\"}");
        assertThat(json(levelSet)).hasToString("{\"compatibility\":\"NONE\"}");
        assertThat(register("a-value", V2_NO_DEFAULT).get("id").asInt()).isEqualTo(2);
    }

    @Test
    void answersNotFoundWithConfluentErrorCodes() throws Exception {
        register("a-value", V1);

        assertError(call("GET", "/schemas/ids/7", null), 404, 40403, "Schema 7 not found");
        assertError(call("GET", "/subjects/x/versions", null), 404, 40401, "Subject 'x' not found.");
        assertError(call("GET", "/subjects/a-value/versions/9", null), 404, 40402, "Version 9 not found.");
        assertError(call("POST", "/subjects/a-value", body(V2_DEFAULT)), 404, 40403, "Schema not found");
        assertError(call("GET", "/config/a-value", null), 404, 40408, null);
        assertError(call("GET", "/nowhere", null), 404, 404, "HTTP 404 Not Found");
        assertError(call("DELETE", "/subjects", null), 405, 405, null);
    }

    @Test
    void rejectsInvalidInputWithAClearMessage() throws Exception {
        assertError(call("POST", "/subjects/a/versions", "{\"schema\": \"{not avro\"}"), 422, 42201, "Invalid schema");
        assertError(
                call("POST", "/subjects/a/versions", "{\"schema\": \"\\\"string\\\"\", \"schemaType\": \"PROTOBUF\"}"),
                422,
                42201,
                "PROTOBUF");
        assertError(call("POST", "/subjects/a/versions", "{\"schema\": 3}"), 422, 42201, "'schema' field");
        assertError(call("POST", "/subjects/a/versions", "{oops"), 400, 400, "not valid JSON");
        assertError(call("POST", "/subjects/a/versions", ""), 400, 400, "empty");
        assertError(call("GET", "/subjects/a/versions/0", null), 422, 42202, "'0'");
        assertError(call("PUT", "/config", "{\"compatibility\":\"SIDEWAYS\"}"), 422, 42203, "SIDEWAYS");
    }

    @Test
    void servesVersionsLatestAndRawSchemas() throws Exception {
        register("a-value", V1);
        register("a-value", V2_DEFAULT);

        JsonNode latest = json(call("GET", "/subjects/a-value/versions/latest", null));
        assertThat(latest.get("version").asInt()).isEqualTo(2);
        assertThat(latest.get("id").asInt()).isEqualTo(2);
        assertThat(latest.get("subject").asText()).isEqualTo("a-value");
        assertThat(json(call("GET", "/subjects/a-value/versions/1/schema", null))
                        .get("name")
                        .asText())
                .isEqualTo("Request");
        assertThat(json(call("GET", "/schemas/ids/2", null)).get("schema").asText())
                .contains("tenant");
        assertThat(json(call("POST", "/subjects/a-value", body(V1)))
                        .get("version")
                        .asInt())
                .isEqualTo(1);
        assertThat(json(call("GET", "/subjects", null))).hasToString("[\"a-value\"]");
    }

    @Test
    void checksCompatibilityWithoutRegistering() throws Exception {
        register("a-value", V1);

        assertThat(json(call("POST", "/compatibility/subjects/a-value/versions/latest", body(V2_DEFAULT))))
                .hasToString("{\"is_compatible\":true}");
        JsonNode verbose =
                json(call("POST", "/compatibility/subjects/a-value/versions/1?verbose=true", body(V2_NO_DEFAULT)));
        assertThat(verbose.get("is_compatible").asBoolean()).isFalse();
        assertThat(verbose.get("messages")).hasSize(1);
        assertThat(log.records).hasSize(1);
    }

    @Test
    void readsAndWritesGlobalAndSubjectLevels() throws Exception {
        assertThat(json(call("GET", "/config", null))).hasToString("{\"compatibilityLevel\":\"BACKWARD\"}");
        call("PUT", "/config", "{\"compatibility\":\"full\"}");

        assertThat(json(call("GET", "/config", null))).hasToString("{\"compatibilityLevel\":\"FULL\"}");
        assertThat(json(call("GET", "/config/s?defaultToGlobal=true", null)))
                .hasToString("{\"compatibilityLevel\":\"FULL\"}");
        call("PUT", "/config/s", "{\"compatibility\":\"FORWARD_TRANSITIVE\"}");
        assertThat(json(call("GET", "/config/s", null))).hasToString("{\"compatibilityLevel\":\"FORWARD_TRANSITIVE\"}");
    }

    @Test
    void decodesEscapedSubjectNames() throws Exception {
        register("rp.requests.v1/value+x", V1);

        assertThat(json(call("GET", "/subjects", null))).hasToString("[\"rp.requests.v1/value+x\"]");
        assertThat(call("GET", "/subjects/rp.requests.v1%2Fvalue+x/versions", null)
                        .body())
                .isEqualTo("[1]");
        assertError(call("GET", "/subjects/%zz/versions", null), 400, 400, "percent-encoding");
    }

    private JsonNode register(String subject, String schema) throws Exception {
        Reply reply = call("POST", "/subjects/" + subject.replace("/", "%2F") + "/versions", body(schema));
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        return json(reply);
    }

    private Reply call(String method, String pathAndQuery, String body) {
        int q = pathAndQuery.indexOf('?');
        String path = q < 0 ? pathAndQuery : pathAndQuery.substring(0, q);
        String query = q < 0 ? null : pathAndQuery.substring(q + 1);
        return routes.handle(method, path, query, body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8));
    }

    private static String body(String schema) throws Exception {
        return JSON.createObjectNode().put("schema", schema).toString();
    }

    private static JsonNode json(Reply reply) throws Exception {
        return JSON.readTree(reply.body());
    }

    private static void assertError(Reply reply, int status, int code, String messagePart) throws Exception {
        assertThat(reply.status()).as(reply.body()).isEqualTo(status);
        JsonNode json = json(reply);
        assertThat(json.get("error_code").asInt()).isEqualTo(code);
        if (messagePart != null) {
            assertThat(json.get("message").asText()).contains(messagePart);
        }
    }
}
