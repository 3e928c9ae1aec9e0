package dev.routeplane.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.routeplane.platform.RegistryHttp.Response;
import dev.routeplane.platform.testkit.RouteplanePlatformExtension;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class SchemaRegistryIT {
    @RegisterExtension
    static final RouteplanePlatformExtension platform = new RouteplanePlatformExtension();

    static final String V1 = "{\"type\":\"record\",\"name\":\"RouteRequest\",\"namespace\":\"dev.routeplane\","
            + "\"fields\":[{\"name\":\"requestId\",\"type\":\"string\"}]}";
    static final String V2_WITH_DEFAULT =
            V1.replace("}]}", "},{\"name\":\"tenantId\",\"type\":\"string\",\"default\":\"unknown\"}]}");
    static final String V2_WITHOUT_DEFAULT = V1.replace("}]}", "},{\"name\":\"tenantId\",\"type\":\"string\"}]}");

    private RegistryHttp http;

    @BeforeEach
    void client() {
        http = new RegistryHttp(platform.registryUrl());
    }

    @Test
    void registersThenServesTheSchemaByIdSubjectAndVersion() {
        int id = http.register("fetch-value", V1).json().get("id").asInt();
        int id2 = http.register("fetch-value", V2_WITH_DEFAULT).json().get("id").asInt();

        Response byId = http.get("/schemas/ids/" + id);
        assertThat(byId.status()).isEqualTo(200);
        assertThat(byId.contentType()).isEqualTo("application/vnd.schemaregistry.v1+json");
        assertThat(byId.json().get("schema").asText()).isEqualTo(V1);
        assertThat(http.get("/subjects").json())
                .extracting(node -> node.asText())
                .contains("fetch-value");
        assertThat(http.get("/subjects/fetch-value/versions").json()).hasToString("[1,2]");
        Response latest = http.get("/subjects/fetch-value/versions/latest");
        assertThat(latest.json().get("version").asInt()).isEqualTo(2);
        assertThat(latest.json().get("id").asInt()).isEqualTo(id2);
        assertThat(id2).isGreaterThan(id);
        assertThat(http.post("/subjects/fetch-value", RegistryHttp.schemaBody(V1))
                        .json()
                        .get("version")
                        .asInt())
                .isEqualTo(1);
    }

    @Test
    void sameSchemaGetsTheSameIdUnderOneSubjectAndAcrossSubjects() {
        int first = http.register("same-value", V1).json().get("id").asInt();

        assertThat(http.register("same-value", V1).json().get("id").asInt()).isEqualTo(first);
        assertThat(http.register("other-value", V1).json().get("id").asInt()).isEqualTo(first);
        assertThat(http.get("/subjects/same-value/versions").json()).hasToString("[1]");
    }

    @Test
    void refusesABackwardIncompatibleChangeUntilTheSubjectLevelIsNone() {
        http.register("evolve-value", V1);

        Response refused = http.register("evolve-value", V2_WITHOUT_DEFAULT);
        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.json().get("error_code").asInt()).isEqualTo(409);
        assertThat(refused.json().get("message").asText()).contains("incompatible", "\"evolve-value\"", "tenantId");
        assertThat(http.post(
                                "/compatibility/subjects/evolve-value/versions/latest",
                                RegistryHttp.schemaBody(V2_WITHOUT_DEFAULT))
                        .json()
                        .get("is_compatible")
                        .asBoolean())
                .isFalse();

        assertThat(http.put("/config/evolve-value", "{\"compatibility\":\"NONE\"}")
                        .status())
                .isEqualTo(200);
        Response accepted = http.register("evolve-value", V2_WITHOUT_DEFAULT);
        assertThat(accepted.status()).isEqualTo(200);
        assertThat(http.get("/subjects/evolve-value/versions").json()).hasToString("[1,2]");
        assertThat(http.get("/config").json().get("compatibilityLevel").asText())
                .isEqualTo("BACKWARD");
    }

    @Test
    void answersUnknownSubjectsIdsAndRoutesWithConfluentErrors() {
        Response subject = http.get("/subjects/nope-value/versions");
        Response id = http.get("/schemas/ids/9999");
        Response route = http.get("/no/such/route");

        assertThat(subject.status()).isEqualTo(404);
        assertThat(subject.json().get("error_code").asInt()).isEqualTo(40401);
        assertThat(subject.json().get("message").asText()).isEqualTo("Subject 'nope-value' not found.");
        assertThat(id.status()).isEqualTo(404);
        assertThat(id.json().get("error_code").asInt()).isEqualTo(40403);
        assertThat(id.json().get("message").asText()).isEqualTo("Schema 9999 not found");
        assertThat(route.status()).isEqualTo(404);
        assertThat(route.json().get("error_code").asInt()).isEqualTo(404);
    }

    @Test
    void rejectsInvalidSchemasAndMalformedBodies() {
        Response invalid = http.register("bad-value", "{\"type\":\"record\"}");
        Response malformed = http.post("/subjects/bad-value/versions", "{\"schema\":");

        assertThat(invalid.status()).isEqualTo(422);
        assertThat(invalid.json().get("error_code").asInt()).isEqualTo(42201);
        assertThat(malformed.status()).isEqualTo(400);
        assertThat(malformed.json().get("message").asText()).contains("not valid JSON");
        assertThat(http.get("/subjects").json())
                .extracting(node -> node.asText())
                .doesNotContain("bad-value");
    }

    @Test
    void twoRegistriesOnTheSameTopicAgreeOnIds() {
        try (SchemaRegistryServer second = SchemaRegistryServer.start(
                RegistryOptions.of(platform.bootstrapServers()).withPort(0))) {
            RegistryHttp other = new RegistryHttp(second.url());
            int id = other.register("shared-value", V2_WITH_DEFAULT.replace("RouteRequest", "Shared"))
                    .json()
                    .get("id")
                    .asInt();

            await().atMost(Duration.ofSeconds(10))
                    .until(() -> http.get("/schemas/ids/" + id).status() == 200);
            assertThat(http.get("/subjects/shared-value/versions/1")
                            .json()
                            .get("id")
                            .asInt())
                    .isEqualTo(id);
            int next = http.register(
                            "shared-value",
                            V2_WITH_DEFAULT
                                    .replace("RouteRequest", "Shared")
                                    .replace("}]}", "},{\"name\":\"x\",\"type\":\"int\",\"default\":0}]}"))
                    .json()
                    .get("id")
                    .asInt();
            assertThat(next).isGreaterThan(id);
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> other.get("/schemas/ids/" + next).status() == 200);
        }
    }

    @Test
    void refusesATakenRegistryPortNamingIt() {
        int taken = Integer.parseInt(
                platform.registryUrl().substring(platform.registryUrl().lastIndexOf(':') + 1));

        assertThatThrownBy(() -> SchemaRegistryServer.start(
                        RegistryOptions.of(platform.bootstrapServers()).withPort(taken)))
                .isInstanceOf(PlatformException.class)
                .hasMessageContaining("port " + taken)
                .hasMessageContaining("already in use");
    }

    @Test
    void failsClearlyWhenKafkaIsUnreachable() {
        RegistryOptions unreachable =
                RegistryOptions.of("localhost:1").withPort(0).withTimeout(Duration.ofSeconds(2));

        assertThatThrownBy(() -> SchemaRegistryServer.start(unreachable))
                .isInstanceOf(PlatformException.class)
                .hasMessageContaining("'_schemas' on localhost:1")
                .hasMessageContaining("Timed out after 2000 ms");
    }
}
