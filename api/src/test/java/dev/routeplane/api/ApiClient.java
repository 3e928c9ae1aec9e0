package dev.routeplane.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** A plain HTTP client of the API for the ITs: JSON posts, gets, multipart uploads, OpenAI batch lines. */
public final class ApiClient {
    public static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final URI baseUri;

    public ApiClient(URI baseUri) {
        this.baseUri = baseUri;
    }

    /** One OpenAI Batch input line for {@code /v1/chat/completions} with model {@code auto}. */
    public static String line(String customId, String content) {
        return "{\"custom_id\": \"" + customId
                + "\", \"method\": \"POST\", \"url\": \"/v1/chat/completions\", \"body\":"
                + " {\"model\": \"auto\", \"messages\": [{\"role\": \"user\", \"content\": \"" + content + "\"}]}}";
    }

    public static List<JsonNode> jsonLines(String text) throws IOException {
        List<JsonNode> lines = new ArrayList<>();
        for (String line : text.split("\n")) {
            if (!line.isBlank()) {
                lines.add(JSON.readTree(line));
            }
        }
        return lines;
    }

    /** The {@code data:} payloads of a server-sent event stream, in order. */
    public static List<String> events(String stream) {
        List<String> events = new ArrayList<>();
        for (String block : stream.split("\n\n")) {
            if (block.startsWith("data: ")) {
                events.add(block.substring("data: ".length()));
            }
        }
        return events;
    }

    /** Uploads {@code content} as a multipart file with {@code purpose}; asserts 200. */
    public HttpResponse<String> upload(String auth, String purpose, String filename, String content) throws Exception {
        HttpResponse<String> response =
                multipart(auth, Map.of("purpose", purpose), filename, content.getBytes(StandardCharsets.UTF_8));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return response;
    }

    /** POSTs {@code fields} and then {@code file} as a multipart upload to {@code /v1/files}; any status. */
    public HttpResponse<String> multipart(String auth, Map<String, String> fields, String filename, byte[] file)
            throws Exception {
        String boundary = "rp-it-" + System.nanoTime();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (Map.Entry<String, String> field : new TreeMap<>(fields).entrySet()) {
            body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + field.getKey()
                            + "\"\r\n\r\n" + field.getValue() + "\r\n")
                    .getBytes(StandardCharsets.UTF_8));
        }
        body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + filename
                        + "\"\r\nContent-Type: application/octet-stream\r\n\r\n")
                .getBytes(StandardCharsets.UTF_8));
        body.writeBytes(file);
        body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return HTTP.send(
                request("/v1/files", auth)
                        .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                        .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray()))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** POSTs JSON; {@code headers} are name/value pairs. */
    public HttpResponse<String> post(String path, String auth, String json, String... headers) throws Exception {
        HttpRequest.Builder request = request(path, auth)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json));
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** POSTs any body with its content type, waiting up to {@code timeout}; any status. */
    public HttpResponse<String> postBody(
            String path, String auth, String contentType, HttpRequest.BodyPublisher body, Duration timeout)
            throws Exception {
        return HTTP.send(
                request(path, auth)
                        .timeout(timeout)
                        .header("Content-Type", contentType)
                        .POST(body)
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    public HttpResponse<String> delete(String path, String auth) throws Exception {
        return HTTP.send(request(path, auth).DELETE().build(), HttpResponse.BodyHandlers.ofString());
    }

    public HttpResponse<String> get(String path, String auth) throws Exception {
        return HTTP.send(request(path, auth).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpRequest.Builder request(String path, String auth) {
        HttpRequest.Builder request =
                HttpRequest.newBuilder(URI.create(baseUri + path)).timeout(Duration.ofSeconds(60));
        if (auth != null) {
            request.header("Authorization", auth);
        }
        return request;
    }
}
