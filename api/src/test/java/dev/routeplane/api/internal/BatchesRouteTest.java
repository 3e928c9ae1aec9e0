package dev.routeplane.api.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

/** The checks {@code POST /v1/batches} and {@code GET /v1/batches} make before anything is created or listed. */
class BatchesRouteTest {

    @Test
    void refusesAnEndpointOtherThanChatCompletionsNamingIt() {
        ApiException e = catchThrowableOfType(ApiException.class, () -> BatchesRoute.endpoint("/v1/embeddings"));

        assertThat(e.status()).isEqualTo(400);
        assertThat(e.code()).isEqualTo("unsupported_endpoint");
        assertThat(e.param()).isEqualTo("endpoint");
        assertThat(e.getMessage())
                .isEqualTo("Endpoint '/v1/embeddings' is not supported; Routeplane batches run /v1/chat/completions");
    }

    @Test
    void refusesAMissingOrNonTextRequiredFieldNamingIt() {
        ObjectNode body = Json.object().put("input_file_id", 42);

        ApiException e =
                catchThrowableOfType(ApiException.class, () -> BatchesRoute.requiredText(body, "input_file_id"));
        ApiException missing =
                catchThrowableOfType(ApiException.class, () -> BatchesRoute.requiredText(body, "endpoint"));

        assertThat(e.code()).isEqualTo("missing_field");
        assertThat(e.param()).isEqualTo("input_file_id");
        assertThat(e.getMessage()).isEqualTo("Field 'input_file_id' is required and must be a string");
        assertThat(missing.param()).isEqualTo("endpoint");
        assertThat(missing.getMessage()).isEqualTo("Field 'endpoint' is required and must be a string");
    }

    @Test
    void refusesMetadataBeyondOpenAisLimitsNamingTheKey() {
        ObjectNode tooLongValue = Json.object().put("job", "x".repeat(513));
        ObjectNode notText = Json.object().put("retries", 3);
        ObjectNode tooMany = Json.object();
        for (int i = 0; i < 17; i++) {
            tooMany.put("k" + i, "v");
        }

        ApiException value = catchThrowableOfType(ApiException.class, () -> BatchesRoute.metadata(tooLongValue));
        ApiException number = catchThrowableOfType(ApiException.class, () -> BatchesRoute.metadata(notText));
        ApiException many = catchThrowableOfType(ApiException.class, () -> BatchesRoute.metadata(tooMany));

        assertThat(value.code()).isEqualTo("invalid_metadata");
        assertThat(value.param()).isEqualTo("metadata.job");
        assertThat(number.param()).isEqualTo("metadata.retries");
        assertThat(many.param()).isEqualTo("metadata");
        assertThat(many.getMessage()).isEqualTo("metadata must be an object of at most 16 string values");
        ObjectNode fine = Json.object().put("job", "nightly");
        assertThat(BatchesRoute.metadata(fine)).isSameAs(fine);
    }

    @Test
    void refusesAListLimitOutsideOneToAHundredNamingIt() {
        for (String bad : new String[] {"0", "101", "ten"}) {
            ApiException e = catchThrowableOfType(ApiException.class, () -> BatchesRoute.limit(bad));

            assertThat(e.code()).isEqualTo("invalid_limit");
            assertThat(e.param()).isEqualTo("limit");
            assertThat(e.getMessage()).isEqualTo("limit must be a whole number from 1 to 100, got '" + bad + "'");
        }
        assertThat(BatchesRoute.limit(null)).isEqualTo(20);
        assertThat(BatchesRoute.limit("100")).isEqualTo(100);
    }
}
