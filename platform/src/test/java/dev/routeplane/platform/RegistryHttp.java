package dev.routeplane.platform;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** Calls a schema registry over real HTTP, as clients do. */
final class RegistryHttp {
    static final ObjectMapper JSON = new ObjectMapper();
    private static final String MEDIA_TYPE = "application/vnd.schemaregistry.v1+json";

    private final HttpClient client =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String baseUrl;

    RegistryHttp(String baseUrl) {
        this.baseUrl = baseUrl;
    }

    /** A response status with its parsed JSON body and content type. */
    record Response(int status, JsonNode json, String contentType) {}

    Response get(String path) {
        return send(HttpRequest.newBuilder(URI.create(baseUrl + path)).GET());
    }

    Response post(String path, String body) {
        return send(HttpRequest.newBuilder(URI.create(baseUrl + path))
                .header("Content-Type", MEDIA_TYPE)
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    Response put(String path, String body) {
        return send(HttpRequest.newBuilder(URI.create(baseUrl + path))
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(body)));
    }

    /** POST /subjects/{subject}/versions with {@code schema} wrapped as Confluent clients send it. */
    Response register(String subject, String schema) {
        return post("/subjects/" + subject + "/versions", schemaBody(schema));
    }

    static String schemaBody(String schema) {
        return JSON.createObjectNode()
                .put("schema", schema)
                .put("schemaType", "AVRO")
                .toString();
    }

    private Response send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> response = client.send(
                    request.timeout(Duration.ofSeconds(30))
                            .header("Accept", MEDIA_TYPE)
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            return new Response(
                    response.statusCode(),
                    JSON.readTree(response.body()),
                    response.headers().firstValue("Content-Type").orElse(""));
        } catch (IOException e) {
            throw new IllegalStateException("HTTP call to " + baseUrl + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
