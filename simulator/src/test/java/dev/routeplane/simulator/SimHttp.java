package dev.routeplane.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** Test client for the simulator over real loopback HTTP. */
final class SimHttp {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String OPENAI_KEY = "sk-test-openai";
    static final String ANTHROPIC_KEY = "sk-ant-test";

    final HttpClient client = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    HttpResponse<String> openAi(String baseUrl, String body) {
        return send(
                HttpRequest.newBuilder(URI.create(baseUrl + "/chat/completions"))
                        .header("Authorization", "Bearer " + OPENAI_KEY),
                body);
    }

    /** As {@link #openAi(String, String)}, naming the caller's request id as Routeplane's executors do. */
    HttpResponse<String> openAi(String baseUrl, String body, String clientRequestId) {
        return send(
                HttpRequest.newBuilder(URI.create(baseUrl + "/chat/completions"))
                        .header("Authorization", "Bearer " + OPENAI_KEY)
                        .header("X-Client-Request-Id", clientRequestId),
                body);
    }

    HttpResponse<String> anthropic(String baseUrl, String body) {
        return send(
                HttpRequest.newBuilder(URI.create(baseUrl + "/messages"))
                        .header("x-api-key", ANTHROPIC_KEY)
                        .header("anthropic-version", "2023-06-01"),
                body);
    }

    HttpResponse<String> send(HttpRequest.Builder request, String body) {
        try {
            return client.send(
                    request.timeout(Duration.ofSeconds(30))
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString(body))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    HttpResponse<String> get(String url) {
        try {
            return client.send(
                    HttpRequest.newBuilder(URI.create(url)).GET().build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static JsonNode json(HttpResponse<String> response) {
        try {
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + response.body(), e);
        }
    }

    /** An OpenAI chat body with one user message. */
    static String chat(String model, String user, String extraFields) {
        return "{\"model\":\"" + model + "\",\"messages\":[{\"role\":\"system\",\"content\":\"Be brief.\"},"
                + "{\"role\":\"user\",\"content\":" + quote(user) + "}]" + extraFields + "}";
    }

    /** An Anthropic messages body with one user message. */
    static String messages(String model, String user, String extraFields) {
        return "{\"model\":\"" + model + "\",\"system\":\"Be brief.\",\"messages\":[{\"role\":\"user\",\"content\":"
                + quote(user) + "}]" + extraFields + "}";
    }

    static String quote(String s) {
        try {
            return JSON.writeValueAsString(s);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
