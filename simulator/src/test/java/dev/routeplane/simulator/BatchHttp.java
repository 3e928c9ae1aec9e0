package dev.routeplane.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Test client for the simulator's batch APIs over real HTTP, and the shape check against the recorded fixtures of
 * the real APIs (shared with the executors' batch adapter tests, under
 * {@code executors/src/test/resources/fixtures/batch}).
 */
final class BatchHttp {

    static final Path FIXTURES = Path.of("..", "executors", "src", "test", "resources", "fixtures", "batch");

    private final HttpClient client = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    private final String base;
    private final boolean anthropic;

    BatchHttp(String base, boolean anthropic) {
        this.base = base;
        this.anthropic = anthropic;
    }

    HttpResponse<String> upload(String jsonl) {
        String boundary = "----sim" + System.nanoTime();
        String body = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"purpose\"\r\n\r\nbatch\r\n"
                + "--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"in.jsonl\"\r\n"
                + "Content-Type: application/jsonl\r\n\r\n" + jsonl + "\r\n--" + boundary + "--\r\n";
        return send(auth(HttpRequest.newBuilder(URI.create(base + "/files")))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build());
    }

    HttpResponse<String> post(String path, String json) {
        return send(auth(HttpRequest.newBuilder(URI.create(base + path)))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json))
                .build());
    }

    HttpResponse<String> get(String path) {
        return send(auth(HttpRequest.newBuilder(URI.create(base + path))).GET().build());
    }

    private HttpRequest.Builder auth(HttpRequest.Builder b) {
        return anthropic
                ? b.header("x-api-key", SimHttp.ANTHROPIC_KEY).header("anthropic-version", "2023-06-01")
                : b.header("Authorization", "Bearer " + SimHttp.OPENAI_KEY);
    }

    private HttpResponse<String> send(HttpRequest request) {
        try {
            return client.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static List<JsonNode> lines(String jsonl) {
        List<JsonNode> out = new ArrayList<>();
        for (String line : jsonl.split("\n")) {
            if (!line.isBlank()) {
                try {
                    out.add(SimHttp.JSON.readTree(line));
                } catch (IOException e) {
                    throw new AssertionError("not a JSON line: " + line, e);
                }
            }
        }
        return out;
    }

    /** A recorded fixture: a response object, or the lines of a {@code .jsonl} file. */
    static JsonNode fixture(String name) {
        try {
            return SimHttp.JSON.readTree(Files.readString(FIXTURES.resolve(name), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<JsonNode> fixtureLines(String name) {
        try {
            return lines(Files.readString(FIXTURES.resolve(name), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Asserts a response's status and that its body has the fixture's shape. */
    static JsonNode assertMatches(HttpResponse<String> response, String fixtureName) {
        JsonNode fixture = fixture(fixtureName);
        assertThat(response.statusCode())
                .as(response.body())
                .isEqualTo(fixture.path("status").asInt());
        JsonNode body = SimHttp.json(response);
        assertSameShape(body, fixture.path("body"), "$");
        return body;
    }

    /**
     * The same field names at every level of objects, and the same JSON type wherever both sides have a value (a
     * null on either side stands for a field whose value depends on the state, such as {@code completed_at}).
     * Arrays are compared by their first elements.
     */
    static void assertSameShape(JsonNode actual, JsonNode recorded, String path) {
        if (actual.isNull() || recorded.isNull()) {
            return;
        }
        assertThat(actual.getNodeType()).as("JSON type at %s", path).isEqualTo(recorded.getNodeType());
        if (recorded.isObject()) {
            List<String> want = new ArrayList<>();
            recorded.fieldNames().forEachRemaining(want::add);
            List<String> got = new ArrayList<>();
            actual.fieldNames().forEachRemaining(got::add);
            assertThat(got).as("fields at %s", path).containsExactlyInAnyOrderElementsOf(want);
            for (Iterator<Map.Entry<String, JsonNode>> it = recorded.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> f = it.next();
                assertSameShape(actual.get(f.getKey()), f.getValue(), path + "." + f.getKey());
            }
        } else if (recorded.isArray() && !recorded.isEmpty() && !actual.isEmpty()) {
            assertSameShape(actual.get(0), recorded.get(0), path + "[0]");
        }
    }
}
