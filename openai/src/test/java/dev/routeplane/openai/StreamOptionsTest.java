package dev.routeplane.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

class StreamOptionsTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private static ObjectNode body(String json) throws Exception {
        return (ObjectNode) MAPPER.readTree(json);
    }

    @Test
    void takesTheStreamingFieldsOutOfTheBody() throws Exception {
        ObjectNode body =
                body("{\"model\": \"auto\", \"stream\": true, \"stream_options\": {\"include_usage\": true}}");

        StreamOptions options = StreamOptions.take(body);

        assertThat(options).isEqualTo(new StreamOptions(true, true));
        assertThat(body.has("stream")).isFalse();
        assertThat(body.has("stream_options")).isFalse();
        assertThat(body.get("model").asText()).isEqualTo("auto");
        assertThat(StreamOptions.take(body("{\"stream\": false}"))).isEqualTo(StreamOptions.NONE);
        assertThat(StreamOptions.take(body("{}"))).isEqualTo(StreamOptions.NONE);
        assertThat(StreamOptions.take(body("{\"stream\": true}"))).isEqualTo(new StreamOptions(true, false));
    }

    @Test
    void refusesStreamingFieldsOfTheWrongShapeNamingTheField() {
        assertRefused("{\"stream\": \"yes\"}", "stream", "must be true or false");
        assertRefused("{\"stream\": true, \"stream_options\": true}", "stream_options", "must be an object");
        assertRefused(
                "{\"stream\": true, \"stream_options\": {\"include_usage\": 1}}",
                "stream_options.include_usage",
                "must be true or false");
        assertRefused(
                "{\"stream\": true, \"stream_options\": {\"chunk_size\": 4}}",
                "stream_options.chunk_size",
                "only include_usage");
        assertRefused(
                "{\"stream_options\": {\"include_usage\": true}}",
                "stream_options",
                "only allowed when stream is true");
    }

    private static void assertRefused(String json, String param, String message) {
        assertThatThrownBy(() -> StreamOptions.take(body(json)))
                .isInstanceOfSatisfying(ChatRequestException.class, e -> {
                    assertThat(e.reason()).isEqualTo(BatchLineReason.INVALID_FIELD);
                    assertThat(e.param()).isEqualTo(param);
                    assertThat(e.getMessage()).contains(message);
                });
    }
}
