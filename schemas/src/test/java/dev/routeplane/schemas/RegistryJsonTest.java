package dev.routeplane.schemas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.routeplane.contract.CostEvent;
import dev.routeplane.schemas.internal.RegistryJson;
import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;

class RegistryJsonTest {

    @Test
    void confluentErrorBodyBecomesExceptionWithStatusCodeAndMessage() {
        // when
        SchemaRegistryException e = RegistryJson.error(
                "GET /subjects/x/versions/latest",
                404,
                "{\"error_code\":40401,\"message\":\"Subject 'x' not found.\"}");

        // then
        assertThat(e.status()).isEqualTo(404);
        assertThat(e.errorCode()).isEqualTo(SchemaRegistryException.SUBJECT_NOT_FOUND);
        assertThat(e.isNotFound()).isTrue();
        assertThat(e.isRetriable()).isFalse();
        assertThat(e.getMessage())
                .isEqualTo("Schema registry GET /subjects/x/versions/latest failed with HTTP 404"
                        + " (error_code 40401): Subject 'x' not found.");
    }

    @Test
    void incompatibleSchemaIsA409() {
        // when
        SchemaRegistryException e = RegistryJson.error(
                "POST /subjects/rp.requests.v1-value/versions",
                409,
                "{\"error_code\":409,\"message\":\"Schema being registered is incompatible with an earlier schema\"}");

        // then
        assertThat(e.errorCode()).isEqualTo(SchemaRegistryException.INCOMPATIBLE_SCHEMA);
        assertThat(e.isRetriable()).isFalse();
    }

    @Test
    void nonJsonErrorBodyIsQuotedAndTheStatusStandsInForTheCode() {
        // when
        SchemaRegistryException e = RegistryJson.error("GET /schemas/ids/1", 503, "<html>Bad gateway</html>");

        // then
        assertThat(e.errorCode()).isEqualTo(503);
        assertThat(e.isRetriable()).isTrue();
        assertThat(e.getMessage()).endsWith("failed with HTTP 503 (error_code 503): <html>Bad gateway</html>");
    }

    @Test
    void registerBodyCarriesTheSchemaAsAJsonString() {
        // given
        Schema schema = Schema.create(Schema.Type.STRING);

        // when / then
        assertThat(RegistryJson.schemaBody(schema)).isEqualTo("{\"schema\":\"\\\"string\\\"\"}");
    }

    @Test
    void latestVersionResponseParsesToRegisteredSchema() {
        // given
        String body = "{\"subject\":\"rp.ledger.v1-value\",\"version\":3,\"id\":17,\"schema\":"
                + new com.fasterxml.jackson.databind.node.TextNode(
                        CostEvent.getClassSchema().toString()) + "}";

        // when
        RegisteredSchema registered = RegistryJson.registered("GET latest", RegistryJson.parse("GET latest", body));

        // then
        assertThat(registered).isEqualTo(new RegisteredSchema("rp.ledger.v1-value", 3, 17, CostEvent.getClassSchema()));
    }

    @Test
    void responseWithoutIdIsReportedAsMalformed() {
        // when
        SchemaRegistryException e = catchThrowableOfType(
                SchemaRegistryException.class,
                () -> RegistryJson.id("POST /subjects/s/versions", RegistryJson.parse("x", "{\"idx\":1}")));

        // then
        assertThat(e.getMessage())
                .isEqualTo("Schema registry POST /subjects/s/versions returned no valid 'id': {\"idx\":1}");
    }
}
